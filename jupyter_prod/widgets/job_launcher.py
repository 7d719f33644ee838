"""`JobLauncher(job_dir)`: run an exported job from a notebook, with a form for its parameters.

    from jupyter_prod.widgets import JobLauncher
    JobLauncher("jobs/sales_report")

- one typed input per parameter of `job.yaml`, holding its default (`parameter_inputs.py`);
- Run: `api.run_job` in a process of its own (`job_process.py`: papermill changes its process's
  working folder and environment, which must not be the user's kernel), watched from a
  background thread; the job runs in its own fresh kernel, in the job's working folder, and a
  progress bar moves cell by cell;
- then the output notebook's path, or the failing cell and its error, or `interrupted` (the
  job's process was stopped or killed), and a link to the run's HTML report;
- the job's last recorded run, with its status as `api.list_runs` reads it (a run whose
  process is gone is `interrupted`, not `running`);
- the run history (`run_history.py`): each run's status, parameters, duration, data contract
  violations and drifted columns, and a chart of one column's drift over runs (the column is
  picked in a dropdown, drifted columns first).
Secrets the job's notebook holds are never shown: not as defaults, not in errors.
"""

from __future__ import annotations

import os
import threading
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped]

from .. import api
from ..findings.redact import MASK, Redactor
from .job_process import could_not_run, run_in_process
from .parameter_inputs import NOT_PASSED, ParameterInput, parameter_input


class JobLauncher(widgets.VBox):  # type: ignore[misc]
    """A form from the job's parameters, a Run button, a progress bar and the outcome."""

    def __init__(self, job_dir: str | os.PathLike[str], timeout: float | None = None) -> None:
        self.job_dir = os.fspath(job_dir)
        self.timeout = timeout
        self.job: dict[str, Any] | None = None  # `api.describe_job`
        self.result: Any = None  # the last RunRecord (succeeded or failed)
        self.error: str | None = None  # why the last run failed or could not start
        self.inputs: dict[str, ParameterInput] = {}
        self._thread: threading.Thread | None = None
        self.title = widgets.HTML()
        self.run_button = widgets.Button(description="Run", icon="play", button_style="primary")
        self.run_button.on_click(lambda _button: self.run())
        self.progress = widgets.IntProgress(value=0, min=0, max=1, description="",
                                            layout=widgets.Layout(visibility="hidden"))  # fmt: skip
        self.status = widgets.HTML()
        self.last_run = widgets.HTML()
        self.history = widgets.HTML()
        self.drift_column = widgets.Dropdown(description="drift of", options=[],
                                             layout=widgets.Layout(display="none"))  # fmt: skip
        self.drift_column.observe(lambda _change: self._show_chart(), names="value")
        self._records: list[Any] = []
        self.drift_chart = widgets.HTML()
        super().__init__([self.title])
        self._load()

    # ------------------------------------------------------------------ the form
    def _load(self) -> None:
        from ..run import RunError

        try:
            job = api.describe_job(self.job_dir)  # secret defaults arrive masked
        except RunError as error:
            self.job = None
            self._redact = Redactor()
            self.title.value = f"<b>Cannot open the job</b>: {escape(error.message)}"
            return
        self.job = job
        self._redact = api.secrets_redactor(Path(self.job_dir) / job["notebook"])
        width = f"{8 * max((len(p['name']) for p in job['parameters']), default=0) + 12}px"
        for parameter in job["parameters"]:
            default = parameter["default"]
            secret = isinstance(default, str) and MASK in default
            spec = {"type": parameter["type"], "default": default}
            self.inputs[parameter["name"]] = parameter_input(
                parameter["name"], spec, secret, label_width=width
            )
        self.workdir = _workdir(Path(self.job_dir), str(job["workdir"]))
        self.title.value = (
            f"<b>Job {escape(job['name'])}</b> <span style='color:#666'>({escape(self.job_dir)}; "
            f"runs in {escape(str(self.workdir))}; engine {escape(job['engine'])})</span>"
        )
        form = [i.widget for i in self.inputs.values()] or [widgets.HTML("<i>no parameters</i>")]
        controls = widgets.HBox([self.run_button, self.progress])
        self.last_run.value = _last_run(job["runs"])
        self.children = [self.title, *form, controls, self.status, self.last_run, self.history,
                         self.drift_column, self.drift_chart]  # fmt: skip
        self._show_history()

    def parameters(self) -> dict[str, Any]:
        """The values the form changes (the others keep the job's defaults)."""
        values = {name: i.value() for name, i in self.inputs.items()}
        return {name: value for name, value in values.items() if value is not NOT_PASSED}

    # ------------------------------------------------------------------ running
    def run(self, wait: bool = False) -> None:
        """Start the job (what the Run button does): a process runs it, a background thread
        follows it; `wait` blocks until it ends."""
        if self.job is None or self.running:
            return
        self.result, self.error = None, None
        self.run_button.disabled = True
        self.progress.layout.visibility = "visible"
        self.progress.value, self.progress.bar_style = 0, ""
        self.status.value = "running…"
        for name in self.inputs:  # a typed secret is masked in anything shown afterwards
            if self.inputs[name].secret and self.inputs[name].changed:
                self._redact.add([str(self.inputs[name].widget.value)])
        self._thread = threading.Thread(target=self._run, args=(self.parameters(),), daemon=True)
        self._thread.start()
        if wait:
            self.wait()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the current run ends."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self, parameters: dict[str, Any]) -> None:
        from ..run import RunError, RunFailed, RunInterrupted

        options = {"parameters": parameters, "cwd": str(self.workdir), "timeout": self.timeout}
        try:
            self.result = run_in_process(os.path.abspath(self.job_dir), options, self._on_cell)
            self._show_success()
        except RunFailed as failed:
            self.result = failed.record
            self._show_failure(failed.message, failed.record.output, report=failed.record)
        except RunInterrupted as stopped:
            self.result = stopped.record
            self._show_failure(
                stopped.message, stopped.record.output, "interrupted", stopped.record
            )
        except RunError as error:
            self._show_failure(error.message, None)
        except Exception as error:  # noqa: BLE001 - the widget shows it; no traceback
            self._show_failure(could_not_run(error), None)
        finally:
            self.run_button.disabled = False
            self._show_last_run()

    def _show_last_run(self) -> None:
        from ..run import RunError

        try:
            runs = [record.to_dict() for record in api.list_runs(self.job_dir)]
        except RunError:
            return
        self.last_run.value = _last_run(api.redacted(runs, self._redact))
        self._show_history()

    def _show_history(self) -> None:
        """The runs table and the chart of the chosen column's drift over runs."""
        from ..contract.history import drift_columns, history_row
        from ..run import RunError
        from .run_history import history_table

        try:
            self._records = api.list_runs(self.job_dir)
        except RunError:
            return
        self.rows = api.redacted([history_row(r) for r in self._records], self._redact)
        self.history.value = history_table(self.rows)
        columns = drift_columns(self._records)
        if list(self.drift_column.options) != columns:
            chosen = self.drift_column.value
            self.drift_column.options = columns  # may call _show_chart: the records are set
            if columns:
                self.drift_column.value = chosen if chosen in columns else columns[0]
        self.drift_column.layout.display = "flex" if columns else "none"
        self._show_chart()

    def _show_chart(self) -> None:
        from ..contract.history import column_drift
        from .run_history import drift_chart

        chosen = self.drift_column.value
        if not chosen:
            self.drift_chart.value = ""
            return
        frame, column = str(chosen).split(".", 1)
        points = column_drift(self._records, frame, column)
        self.drift_chart.value = drift_chart(points, self._redact(str(chosen)))

    def _on_cell(self, done: int, total: int) -> None:
        self.progress.max = max(total, 1)
        self.progress.value = done
        self.progress.description = f"{done}/{total} cells"

    def _show_success(self) -> None:
        record = self.result
        self.progress.value, self.progress.bar_style = self.progress.max, "success"
        self.status.value = (
            f"<span style='color:#2e7d32'>succeeded</span> in {record.seconds:.1f} s: "
            f"output notebook <code>{escape(self._redact(record.output))}</code>"
            f"{self._report_link(record)}"
        )

    def _show_failure(self, message: str, output: str | None, status: str = "failed",
                      report: Any = None) -> None:  # fmt: skip
        self.error = self._redact(message)
        self.progress.bar_style = "danger" if status == "failed" else "warning"
        where = f"<br>output notebook <code>{escape(self._redact(output))}</code>" if output else ""
        where += self._report_link(report) if report is not None else ""
        color = "#c62828" if status == "failed" else "#ef6c00"
        text = self.error.removeprefix(f"{status}: ")
        self.status.value = f"<span style='color:{color}'>{status}</span>: {escape(text)}{where}"

    def _report_link(self, record: Any) -> str:
        """`<br>report <a>…</a>`: a link relative to the kernel's folder (where the notebook
        showing the widget is, so JupyterLab opens it), or why there is no report."""
        report = getattr(record, "report", None)
        if not report:
            error = getattr(record, "report_error", None)
            return f"<br>report: {escape(self._redact(error))}" if error else ""
        shown = self._redact(report)
        try:
            href = os.path.relpath(report)
        except ValueError:  # another drive (Windows)
            href = report
        return (
            f"<br>report <a href='{escape(self._redact(href), quote=True)}' target='_blank'>"
            f"<code>{escape(shown)}</code></a>"
        )

    # ------------------------------------------------------------------ without widgets
    def text(self) -> str:
        if self.job is None:
            return _strip_tags(self.title.value)
        lines = [f"job {self.job['name']} ({self.job_dir})", "parameters:"]
        for i in self.inputs.values():
            shown = "[REDACTED]" if i.secret else self._redact(repr(i.default))
            now = "" if not i.changed or i.secret else f"  (this run: {i.widget.value!r})"
            lines.append(f"  {i.name}: {i.type or 'any'} = {shown}{self._redact(now)}")
        lines.append(f"run it: jupyter prod run {self.job_dir} [-p NAME VALUE ...]")
        if self.status.value:
            lines.append(_strip_tags(self.status.value))
        if self.last_run.value:
            lines.append(_strip_tags(self.last_run.value))
        if getattr(self, "rows", None):
            from .run_history import history_text

            lines += ["runs:", *history_text(self.rows)]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return "<pre>" + escape(self.text()) + "</pre>"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle: dict[str, Any] = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = self.text()
        bundle["text/html"] = self._repr_html_()
        return bundle


def _last_run(runs: list[dict[str, Any]]) -> str:
    """The job's last recorded run as `api.describe_job` gives it (the status already the
    effective one), or nothing before the first run."""
    if not runs:
        return ""
    run = runs[-1]
    why = f": {run['message']}" if run["status"] != "succeeded" and run.get("message") else ""
    return (
        f"<span style='color:#666'>last run {escape(str(run['id']))}: "
        f"{escape(str(run['status']))} after {float(run['seconds']):.1f} s{escape(why)}</span>"
    )


def _workdir(folder: Path, workdir: str) -> Path:
    """Where the job's relative data paths resolve: `job.yaml`'s `workdir`, relative to the
    job folder (the exported notebook's folder); the current folder if that is gone."""
    candidate = (folder / workdir).resolve()
    return candidate if candidate.is_dir() else Path.cwd()


def _strip_tags(html: str) -> str:
    import re
    from html import unescape

    return unescape(re.sub(r"<br>", "\n", re.sub(r"<(?!br>)[^>]+>", "", html)))
