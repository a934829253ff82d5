"""A Jupyter kernel for sfn: a wrapper kernel driving `sfn --machine` (docs/kernel.md)."""
__version__ = "0.1.0"
