"""The routes behind the panel's edits: parameters, extract, extract/apply."""

from __future__ import annotations

import ast
import json
import os

import pytest
from helpers import notebook
from tornado.httpclient import HTTPClientError

ORDERS = notebook(
    "import pandas as pd",
    "MIN_QTY = 2\nLABEL = 'big'",
    "orders = pd.read_csv('data/orders.csv')",
    "big = orders[orders.qty >= MIN_QTY]\nbig = big.dropna()\ncount = len(big)",
    "print(LABEL, count, big.shape)",
)


async def post(jp_fetch, route: str, body: object):  # type: ignore[no-untyped-def]
    response = await jp_fetch(
        "jupyter-prod", *route.split("/"), method="POST", body=json.dumps(body)
    )
    return json.loads(response.body)


async def refused(jp_fetch, route: str, body: object) -> tuple[int, dict[str, object]]:  # type: ignore[no-untyped-def]
    with pytest.raises(HTTPClientError) as error:
        await post(jp_fetch, route, body)
    return error.value.code, json.loads(error.value.response.body)


def apply_edits(source: str, edits: list[dict[str, object]]) -> str:
    """What the panel does with replace edits (1-based lines and columns), last first."""
    lines = source.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def at(line: int, column: int) -> int:
        return offsets[line - 1] + column - 1

    for edit in sorted(edits, key=lambda e: (e["line"], e["column"]), reverse=True):
        start = at(edit["line"], edit["column"])  # type: ignore[arg-type]
        end = at(edit["end_line"], edit["end_column"])  # type: ignore[arg-type]
        source = source[:start] + str(edit["text"]) + source[end:]
    return source


# ---------------------------------------------------------------------- parameters
async def test_parameters_of_an_open_document(jp_fetch) -> None:  # type: ignore[no-untyped-def]
    reply = await post(jp_fetch, "parameters", {"notebook": ORDERS, "path": "orders.ipynb"})
    found = {p["name"]: p for p in reply["parameters"]}
    assert set(found) == {"MIN_QTY", "LABEL", "orders_path"}
    assert (found["MIN_QTY"]["type"], found["MIN_QTY"]["default"]) == ("int", "2")
    assert found["orders_path"]["origin"] == "read by `read_csv(...)` in cell 3, line 1"
    assert reply["insert_index"] == 1  # after the import cell
    assert reply["cell_source"].splitlines()[1:] == [
        "MIN_QTY: int = 2", "LABEL: str = 'big'", "orders_path: str = 'data/orders.csv'"
    ]  # fmt: skip
    ast.parse(reply["cell_source"])


async def test_parameter_edits_remove_the_assignment_and_lift_the_path(jp_fetch) -> None:  # type: ignore[no-untyped-def]
    reply = await post(jp_fetch, "parameters", {"notebook": ORDERS})
    edits = [e for p in reply["parameters"] for e in p["edits"]]
    by_cell: dict[int, list[dict[str, object]]] = {}
    for edit in edits:
        by_cell.setdefault(edit["cell"], []).append(edit)
    sources = [c["source"] for c in ORDERS["cells"]]  # type: ignore[index]
    assert apply_edits(sources[1], by_cell[1]).strip() == ""  # both assignments gone
    assert apply_edits(sources[2], by_cell[2]) == "orders = pd.read_csv(orders_path)"


async def test_parameters_of_a_notebook_that_has_a_parameters_cell(jp_fetch, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    document = notebook("alpha = 0.5", "print(alpha)")
    document["cells"][0]["metadata"] = {"tags": ["parameters"]}  # type: ignore[index]
    (jp_root_dir / "tagged.ipynb").write_text(json.dumps(document))
    reply = await post(jp_fetch, "parameters", {"path": "tagged.ipynb"})
    assert reply["tagged_cell"] == 0 and reply["insert_index"] is None
    assert [p["name"] for p in reply["parameters"]] == ["alpha"]
    assert "already tagged `parameters`" in reply["notes"][0]


async def test_a_secret_is_never_offered_as_a_parameter(jp_fetch) -> None:  # type: ignore[no-untyped-def]
    key = "f3b9c1d7e5a2948b6c0d1e7f3a9b5c2d"
    document = notebook(f'api_key = "{key}"', "print(api_key)")
    response = await jp_fetch("jupyter-prod", "parameters", method="POST",
                              body=json.dumps({"notebook": document}))  # fmt: skip
    assert key not in response.body.decode()
    reply = json.loads(response.body)
    assert "api_key" not in [p["name"] for p in reply["parameters"]]
    assert "holds a secret" in reply["notes"][0]


# ---------------------------------------------------------------------- extract
async def test_extract_shows_the_function_of_the_cells(jp_fetch, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    (jp_root_dir / "work").mkdir()
    (jp_root_dir / "work" / "orders.ipynb").write_text(json.dumps(ORDERS))
    reply = await post(jp_fetch, "extract", {"path": "work/orders.ipynb", "cells": [3]})
    assert reply["name"] == "compute_big"
    assert reply["inputs"] == ["orders", "MIN_QTY"]
    assert reply["outputs"] == ["big", "count"]
    assert reply["call"] == "big, count = compute_big(orders, MIN_QTY)"
    assert reply["import_line"] == "from orders_functions import compute_big"
    assert reply["module_path"] == "work/orders_functions.py"
    assert reply["function"].startswith("def compute_big(orders, MIN_QTY):\n")
    assert "    return big, count\n" in reply["function"]
    assert reply["replacement"] == reply["import_line"] + "\n" + reply["call"]


async def test_extract_takes_the_imports_it_needs_into_the_module(jp_fetch) -> None:  # type: ignore[no-untyped-def]
    body = {"notebook": ORDERS, "cells": [2], "name": "load_orders", "module": "lib/io.py"}
    reply = await post(jp_fetch, "extract", body)
    assert reply["source"].startswith("import pandas as pd\n\n\ndef load_orders():\n")
    assert reply["call"] == "orders = load_orders()"
    assert reply["import_line"] == "from lib.io import load_orders"


@pytest.mark.parametrize(
    "body, status, fragment",
    [
        ({"cells": [9]}, 422, "cell 10 does not exist"),
        ({"cells": []}, 422, "at least one code cell"),
        ({"cells": "3"}, 400, "list of cell indices"),
        ({"cells": [3], "name": "count"}, 422, "already a name in the notebook"),
        ({"cells": [3], "name": "not valid"}, 422, "not a Python identifier"),
        ({"cells": [3], "module": "lib/my-module.py"}, 422, "not a path of Python identifiers"),
        ({"cells": [3], "module": "../up.py"}, 400, "`..`"),
    ],
)
async def test_extract_refusals_say_why(jp_fetch, body, status, fragment) -> None:  # type: ignore[no-untyped-def]
    code, reply = await refused(jp_fetch, "extract", {"notebook": ORDERS, **body})
    assert code == status
    assert fragment in json.dumps(reply)


async def test_extract_refuses_a_magic(jp_fetch) -> None:  # type: ignore[no-untyped-def]
    code, reply = await refused(jp_fetch, "extract",
                                {"notebook": notebook("x = 1\n!ls"), "cells": [0]})  # fmt: skip
    assert code == 422
    assert "runs a magic" in reply["reasons"][0]  # type: ignore[index]


# ---------------------------------------------------------------------- extract/apply
async def test_apply_creates_the_module_and_the_function_works(jp_fetch, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    extraction = await post(
        jp_fetch, "extract", {"notebook": ORDERS, "cells": [3], "path": "nb/o.ipynb"}
    )
    reply = await post(jp_fetch, "extract/apply",
                       {"module": extraction["module_path"], "source": extraction["source"]})  # fmt: skip
    assert reply == {"module": "nb/o_functions.py", "created": True}
    written = (jp_root_dir / "nb" / "o_functions.py").read_text()
    assert written == extraction["source"]
    namespace: dict[str, object] = {}
    exec(compile(written, "o_functions.py", "exec"), namespace)  # noqa: S102 - our own output
    assert callable(namespace["compute_big"])


async def test_apply_appends_and_does_not_repeat_imports(jp_fetch, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    module = jp_root_dir / "helpers.py"
    module.write_text(
        '"""Helpers."""\n\nimport pandas as pd\n\n\ndef first(df):\n    return df.head(1)\n'
    )
    source = "import pandas as pd\nimport numpy as np\n\n\ndef second(df):\n    return np.sum(df)\n"
    await post(jp_fetch, "extract/apply", {"module": "helpers.py", "source": source})
    text = module.read_text()
    assert text.count("import pandas as pd") == 1
    assert text.endswith("def first(df):\n    return df.head(1)\n\n\nimport numpy as np\n\n\n"
                         "def second(df):\n    return np.sum(df)\n")  # fmt: skip
    ast.parse(text)


async def test_apply_refuses_to_clobber_a_function(jp_fetch, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    module = jp_root_dir / "helpers.py"
    module.write_text("def compute_big(x):\n    return x\n")
    before = module.read_bytes()
    code, reply = await refused(jp_fetch, "extract/apply",
                                {"module": "helpers.py", "source": "def compute_big(y):\n    return y\n"})  # fmt: skip
    assert code == 409
    assert "already defines `compute_big`" in str(reply["message"])
    assert module.read_bytes() == before
    assert [p.name for p in jp_root_dir.iterdir() if p.name.startswith(".helpers")] == []


@pytest.mark.parametrize(
    "body, status",
    [
        ({"module": "m.py", "source": "def ("}, 422),
        ({"module": "m.py", "source": ""}, 400),
        ({"module": "m.txt", "source": "x = 1\n"}, 400),
        ({"module": "../m.py", "source": "x = 1\n"}, 400),
        ({"module": "/tmp/m.py", "source": "x = 1\n"}, 400),
        ({"module": "%2e%2e/m.py", "source": "x = 1\n"}, 400),
    ],
)
async def test_apply_refuses_bad_input(jp_fetch, jp_root_dir, body, status) -> None:  # type: ignore[no-untyped-def]
    code, reply = await refused(jp_fetch, "extract/apply", body)
    assert code == status and reply["message"]
    assert not (jp_root_dir / "m.py").exists()


async def test_apply_through_a_symlink_out_of_the_root_is_refused(jp_fetch, jp_root_dir,
                                                                  tmp_path_factory) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    outside = tmp_path_factory.mktemp("outside")
    os.symlink(outside, jp_root_dir / "lib")
    code, _reply = await refused(
        jp_fetch, "extract/apply", {"module": "lib/m.py", "source": "x = 1\n"}
    )
    assert code == 403
    assert list(outside.iterdir()) == []


# ---------------------------------------------------------------------- requirements
INSTALLS = notebook(
    "!pip install -q pandas==2.1 xgboost\nimport pandas as pd",
    "%pip install scikit-learn\n!pip list",
    "!pip install -r extra.txt && echo done",
    "x = 1\n!python -m pip install --upgrade requests",
)


async def test_requirements_lists_the_installs_and_the_edits(jp_fetch) -> None:  # type: ignore[no-untyped-def]
    reply = await post(jp_fetch, "requirements", {"notebook": INSTALLS, "path": "nb/a.ipynb"})
    assert reply["packages"] == ["pandas==2.1", "xgboost", "scikit-learn", "requests"]
    assert [(line["cell"], line["line"], line["removable"]) for line in reply["lines"]] == [
        (0, 1, True), (1, 1, True), (2, 1, False), (3, 2, True)
    ]  # fmt: skip
    assert reply["requirements_path"] == "nb/requirements.txt"
    sources = [c["source"] for c in INSTALLS["cells"]]  # type: ignore[index]
    after = {e["cell"]: apply_edits(sources[e["cell"]], [e]) for e in reply["edits"]}
    assert after == {0: "import pandas as pd", 1: "!pip list", 3: "x = 1\n"}


async def test_requirements_apply_adds_only_what_is_missing(jp_fetch, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    (jp_root_dir / "requirements.txt").write_text("# pinned\nPandas>=2.0\nnumpy")
    reply = await post(jp_fetch, "requirements/apply",
                       {"requirements": "requirements.txt", "packages": ["pandas==2.1", "xgboost"]})  # fmt: skip
    assert reply["added"] == ["xgboost"] and reply["created"] is False
    assert (
        jp_root_dir / "requirements.txt"
    ).read_text() == "# pinned\nPandas>=2.0\nnumpy\nxgboost\n"


async def test_requirements_apply_creates_the_file(jp_fetch, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    reply = await post(jp_fetch, "requirements/apply",
                       {"requirements": "nb/requirements.txt", "packages": ["xgboost"]})  # fmt: skip
    assert reply["created"] is True
    assert (jp_root_dir / "nb" / "requirements.txt").read_text() == "xgboost\n"


@pytest.mark.parametrize(
    "body, status",
    [
        ({"requirements": "r.txt", "packages": []}, 400),
        ({"requirements": "r.txt", "packages": ["a\nb"]}, 400),
        ({"requirements": "../r.txt", "packages": ["x"]}, 400),
        ({"requirements": "%2e%2e/r.txt", "packages": ["x"]}, 400),
    ],
)
async def test_requirements_apply_refuses_bad_input(jp_fetch, jp_root_dir, body, status) -> None:  # type: ignore[no-untyped-def]
    code, reply = await refused(jp_fetch, "requirements/apply", body)
    assert code == status and reply["message"]
    assert not (jp_root_dir / "r.txt").exists()


async def test_extract_refuses_a_cell_holding_a_secret(jp_fetch) -> None:  # type: ignore[no-untyped-def]
    key = "f3b9c1d7e5a2948b6c0d1e7f3a9b5c2d"
    document = notebook(
        "import requests", f'api_key = "{key}"\nheaders = {{"key": api_key}}', "print(headers)"
    )
    with pytest.raises(HTTPClientError) as error:
        await post(jp_fetch, "extract", {"notebook": document, "cells": [1]})
    assert error.value.code == 422
    body = error.value.response.body.decode()
    assert "cell 2 holds a secret" in body and key not in body
