"""ishiba: explore a curated, sourced timeline of Ishiba Shigeru from the command line."""

__version__ = "0.1.0"
