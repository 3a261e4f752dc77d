"""polysnip: verified, multi-language code snippets for AWS SDK documentation."""

__version__ = "0.1.0"
