"""Rules: one file each, grouped by family; `registry.py` is the code table."""
