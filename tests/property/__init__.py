"""Property tests: generated values pushed through every language's literal rules and
evaluated by the real interpreter or compiler (see test_literal_roundtrip.py)."""
