"""The recorder the kernel runs (kernel_recorder.py), in a real IPython shell: coverage.py counts
the lines and branches of logic cells that test cells run, and nothing else; without
coverage.py it measures nothing and says why."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from helpers import REPO_ROOT

SCRIPT = textwrap.dedent('''
    import json, sys
    if "--no-coverage" in sys.argv:
        sys.modules["coverage"] = None  # as if it were not installed in the kernel's environment
    from IPython.core.interactiveshell import InteractiveShell
    from ipykernel.compiler import XCachingCompiler
    # The kernel's compiler: cells get file names, as coverage.py sees them in ipykernel.
    shell = InteractiveShell.instance(compiler_class=XCachingCompiler)
    sys.path.insert(0, {root!r})
    from jupyter_prod.execution import kernel_recorder as recorder
    cells = {{
        "logic": "def sign(x):\\n    if x < 0:\\n        return -1\\n    return 1",
        "other": "sign(-3)",
        "test": "assert sign(5) == 1",
    }}
    digests = {{name: recorder.digest(text) for name, text in cells.items()}}
    recorder.install([digests["test"]], list(digests.values()), [digests["logic"]])
    for name in ("logic", "other", "test"):
        shell.run_cell(cells[name], store_history=True)
    print(json.dumps({{"dump": json.loads(recorder.dump()), "logic": digests["logic"]}}))
''').format(root=str(REPO_ROOT))


def run(*flags: str) -> dict:
    result = subprocess.run([sys.executable, "-c", SCRIPT, *flags], capture_output=True,
                            text=True, timeout=120, check=True)  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_only_what_test_cells_run_is_counted_with_its_branches():
    found = run()
    dump, logic = found["dump"], found["logic"]

    assert dump["measured"] == [logic]
    assert dump["missing"] is None
    # `sign(-3)` ran line 3, but in a cell that is not a test: only lines 2 and 4 count.
    assert dump["hits"][logic] == [2, 4]
    assert [2, 4] in dump["arcs"][logic] and [2, 3] not in dump["arcs"][logic]


def test_without_coverage_py_nothing_is_measured_and_the_reason_is_given():
    dump = run("--no-coverage")["dump"]

    assert dump["hits"] == {} and dump["measured"] == []
    assert "coverage.py is not installed in the kernel's environment" in dump["missing"]
