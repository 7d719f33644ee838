"""jupyter-prod inside any notebook front end that renders ipywidgets (JupyterLab, Notebook 7,
VS Code, hosted notebooks):

    from jupyter_prod.widgets import JobLauncher, Report
    Report("sales_report.ipynb")          # findings, filters, the cell dependency picture
    JobLauncher("jobs/sales_report")      # a form for the job's parameters, a Run button

Both call `jupyter_prod.api`, as the CLI and the server do, and fall back to HTML and text
where widgets do not render.
"""

from __future__ import annotations

from .job_launcher import JobLauncher
from .report import Report

__all__ = ["JobLauncher", "Report"]
