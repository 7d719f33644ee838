"""The job's kernel-free entry point: these modules are copied into every exported job's
package (see `export/entry_point.py`); they import nothing of jupyter-prod."""
