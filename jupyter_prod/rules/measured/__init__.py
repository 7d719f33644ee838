"""Rules that read what `check --execute` measured in a fresh kernel (silent without it)."""
