"""Untested: notebook logic (functions and classes) that no test exercises."""
