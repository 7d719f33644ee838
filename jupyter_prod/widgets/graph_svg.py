"""The cell dependency picture (`api.dependency_graph`) as an SVG arc diagram.

- code cells top to bottom, as in the notebook, each with its `In [n]` and first line;
- a value passed top to bottom (`document` edge) is a grey arc on the right;
- a value only the recorded execution order passes (`hidden` edge: the hidden state) is a
  red dashed arc on the left, labelled with its names, and both cells get a red border.
Labels arrive redacted from `api`.
"""

from __future__ import annotations

from html import escape
from typing import Any

ROW = 34  # px per cell
BOX_HEIGHT = 24
BOX_WIDTH = 460
HIDDEN = "#d32f2f"
DOCUMENT = "#9e9e9e"
ARC_STEP = 14  # px of bulge per cell of distance
LABEL_ROOM = 110  # px left of the hidden arcs for their names


def graph_svg(graph: dict[str, Any]) -> str:
    nodes = graph.get("nodes", [])
    if not nodes:
        return "<p>No code cells: nothing depends on anything.</p>"
    rows = {node["index"]: row for row, node in enumerate(nodes)}
    edges = [e for e in graph.get("edges", []) if e["from"] in rows and e["to"] in rows]
    hidden = [e for e in edges if e["kind"] == "hidden"]
    left = 40 + _widest_arc(hidden, rows) + (LABEL_ROOM if hidden else 0)
    right = 40 + _widest_arc([e for e in edges if e["kind"] != "hidden"], rows)
    width = left + BOX_WIDTH + right
    height = 40 + ROW * len(nodes) + 10
    marked = {cell for e in hidden for cell in (e["from"], e["to"])}
    parts = [_defs(), _legend(len(hidden))]
    parts += [_arc(e, rows, left) for e in edges if e["kind"] != "hidden"]
    parts += [_box(node, row, left, node["index"] in marked) for row, node in enumerate(nodes)]
    parts += [_arc(e, rows, left) for e in hidden]  # drawn last: on top
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="jp-prod-graph" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" '
        'style="max-width:100%;height:auto" '
        f'font-size="12">{"".join(parts)}</svg>'
    )


def _widest_arc(edges: list[dict[str, Any]], rows: dict[int, int]) -> int:
    return max((_bulge(e, rows) for e in edges), default=0)


def _bulge(edge: dict[str, Any], rows: dict[int, int]) -> int:
    return 16 + ARC_STEP * abs(rows[edge["to"]] - rows[edge["from"]])


def _y(row: int) -> int:
    return 40 + ROW * row + BOX_HEIGHT // 2


def _defs() -> str:
    def marker(name: str, color: str) -> str:
        return (
            f'<marker id="jp-prod-{name}" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M 0 0 L 10 5 L 0 10 z" fill="{color}"/></marker>'
        )

    return f"<defs>{marker('document', DOCUMENT)}{marker('hidden', HIDDEN)}</defs>"


def _legend(hidden: int) -> str:
    note = f"{hidden} hidden edge{'s' if hidden != 1 else ''}" if hidden else "no hidden edges"
    return (
        f'<line x1="10" y1="14" x2="40" y2="14" stroke="{DOCUMENT}" stroke-width="2"/>'
        '<text x="46" y="18">passed top to bottom</text>'
        f'<line x1="200" y1="14" x2="230" y2="14" stroke="{HIDDEN}" stroke-width="2.5" '
        'stroke-dasharray="5 3"/>'
        f'<text x="236" y="18" fill="{HIDDEN}">hidden: only the execution order passes it '
        f"({note})</text>"
    )


def _box(node: dict[str, Any], row: int, left: int, marked: bool) -> str:
    count = node.get("execution_count")
    ran = f"In [{count}]" if count is not None else "not run"
    label = str(node.get("label") or "")
    if len(label) > 52:
        label = label[:51] + "…"
    stroke = f'stroke="{HIDDEN}" stroke-width="2"' if marked else 'stroke="#bbb"'
    top = 40 + ROW * row
    return (
        f'<g class="jp-prod-node" data-cell="{node["index"]}">'
        f'<rect x="{left}" y="{top}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="4" '
        f'fill="#fafafa" {stroke}/>'
        f'<text x="{left + 6}" y="{top + 16}"><tspan font-weight="bold">cell '
        f'{node["index"] + 1}</tspan> <tspan fill="#666">{escape(ran)}</tspan> '
        f'<tspan font-family="monospace">{escape(label)}</tspan></text></g>'
    )


def _arc(edge: dict[str, Any], rows: dict[int, int], left: int) -> str:
    """From the defining cell to the reading cell, bulging out by their distance."""
    hidden = edge["kind"] == "hidden"
    start, end = _y(rows[edge["from"]]), _y(rows[edge["to"]])
    bulge = _bulge(edge, rows)
    x = left if hidden else left + BOX_WIDTH
    out = x - bulge if hidden else x + bulge
    color = HIDDEN if hidden else DOCUMENT
    names = ", ".join(edge.get("names", []))
    style = 'stroke-width="2.5" stroke-dasharray="5 3"' if hidden else 'stroke-width="1.5"'
    path = (
        f'<path d="M {x} {start} C {out} {start}, {out} {end}, {x} {end}" fill="none" '
        f'stroke="{color}" {style} marker-end="url(#jp-prod-{edge["kind"]})">'
        f"<title>cell {edge['from'] + 1} → cell {edge['to'] + 1}: {escape(names)}</title></path>"
    )
    if not hidden:
        return f'<g class="jp-prod-edge" data-kind="document">{path}</g>'
    label = (
        f'<text x="{out - 4}" y="{(start + end) // 2 + 4}" fill="{HIDDEN}" '
        f'text-anchor="end" font-size="11">{escape(names[:24])}</text>'
    )
    return f'<g class="jp-prod-edge" data-kind="hidden">{path}{label}</g>'
