"""The cell dependency picture: which cell feeds which, and which edges only the saved run used."""

from __future__ import annotations

from helpers import code, notebook

from jupyter_prod import api
from jupyter_prod.notebook.reader import notebook_from_dict


def graph_of(document: dict) -> dict:  # type: ignore[type-arg]
    return api.dependency_graph(notebook_from_dict(document, "t.ipynb"))


def test_document_edges_carry_the_names_passed() -> None:
    graph = graph_of(notebook("a = 1\nb = 2", "c = a + b", ("md", "# note"), "print(c)"))
    assert [n["index"] for n in graph["nodes"]] == [0, 1, 3]
    assert graph["edges"] == [
        {"from": 0, "to": 1, "kind": "document", "names": ["a", "b"]},
        {"from": 1, "to": 3, "kind": "document", "names": ["c"]},
    ]


def test_a_value_from_a_later_cell_is_a_hidden_edge() -> None:
    # cell 0 ran second and read `rate`, which only cell 1 (run first) defines
    graph = graph_of(notebook(code("total = rate * 2", 2), code("rate = 0.1", 1)))
    assert graph["edges"] == [{"from": 1, "to": 0, "kind": "hidden", "names": ["rate"]}]


def test_labels_skip_comments_and_mask_secrets() -> None:
    graph = graph_of(notebook('# setup\napi_key = "sk_live_51HxQ2fAke9Zz8Yy7Ww6Vv5Uu"', "x = 1"))
    assert "sk_live" not in graph["nodes"][0]["label"]
    assert graph["nodes"][0]["label"].startswith("api_key = ")
    assert graph["nodes"][1]["label"] == "x = 1"
