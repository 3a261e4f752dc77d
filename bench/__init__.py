"""polysnip benchmarks: generation, the botocore peer, verification against its floor, mkdocs.

Run with `bench/run` (see bench/main.py). Nothing here is part of the test suite.
"""
