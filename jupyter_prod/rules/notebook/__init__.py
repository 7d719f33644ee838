"""Notebook-level facts worth knowing: schema problems, syntax errors, kernels we skip."""
