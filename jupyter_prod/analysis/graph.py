"""The cell dependency picture: code cells as nodes, def→use edges between them.

An edge is `document` when a top-to-bottom run would pass the value along it. It is `hidden`
when only the recorded execution order passes it: the saved outputs were computed from a value
that came from a later cell, a cell run again out of order, or one that a top-to-bottom run
would not see. Hidden edges are the hidden state made visible; the panel and the widgets
draw them highlighted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..findings.redact import Redactor
from .facts import NotebookFacts

LABEL_LENGTH = 60


@dataclass
class Edge:
    source: int  # the defining cell
    target: int  # the reading cell
    kind: str  # "document" | "hidden"
    names: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.source, "to": self.target, "kind": self.kind, "names": self.names}


def dependency_graph(facts: NotebookFacts, redact: Redactor | None = None) -> dict[str, Any]:
    """`{"nodes": [{index, id, label, execution_count}], "edges": [{from, to, kind, names}]}`;
    labels are the cell's first line of code, with secrets masked."""
    redact = redact or Redactor()
    flow = facts.dataflow
    nodes = [
        {
            "index": cell.index,
            "id": cell.cell.cell_id,
            "label": redact(_label(cell.cell.source)),
            "execution_count": cell.execution_count,
        }
        for cell in facts.python_cells()
    ]
    edges: dict[tuple[int, int, str], Edge] = {}
    document = {(s, t, n) for s, t, n in flow.edges("document")}
    for source, target, name in sorted(document):
        edges.setdefault((source, target, "document"), Edge(source, target, "document"))
        edges[(source, target, "document")].names.append(name)
    for source, target, name in sorted(flow.edges("execution")):
        if (source, target, name) in document:
            continue
        key = (source, target, "hidden")
        edges.setdefault(key, Edge(source, target, "hidden")).names.append(name)
    ordered = sorted(edges.values(), key=lambda e: (e.target, e.source, e.kind))
    return {"nodes": nodes, "edges": [edge.to_dict() for edge in ordered]}


def _label(source: str) -> str:
    for line in source.splitlines():
        text = line.strip()
        if text and not text.startswith("#"):
            return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1] + "…"
    return ""
