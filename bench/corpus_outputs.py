"""Render a draft cell's outputs as nbformat v4 output dicts, at realistic sizes.

Sizes follow what Jupyter really stores: a pandas table is an `execute_result` with both
`text/plain` and a `text/html` table (a few KB); a matplotlib figure is a `display_data` with a
base64 PNG of tens of KB (here random bytes behind a PNG signature: same JSON cost, no pixels);
a traceback carries ANSI colour codes. This is what makes JSON parsing cost what it costs.
"""

from __future__ import annotations

import base64
import random
from typing import Any

from corpus_vocabulary import CATEGORY_WORDS

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
IMAGE_BYTES = (4_000, 32_000)  # raw PNG size range: 5-43 KB once base64-encoded
HTML_STYLE = """<div>
<style scoped>
    .dataframe tbody tr th:only-of-type {
        vertical-align: middle;
    }

    .dataframe tbody tr th {
        vertical-align: top;
    }

    .dataframe thead th {
        text-align: right;
    }
</style>
"""


def lines(text: str) -> list[str]:
    """nbformat's multiline string: a list of lines that keep their newline."""
    return text.splitlines(keepends=True)


def render(
    outputs: list[tuple[Any, ...]], count: int | None, rng: random.Random
) -> list[dict[str, Any]]:
    """nbformat outputs for a cell run with execution count `count`."""
    rendered = []
    for output in outputs:
        kind = output[0]
        if kind == "stream":
            rendered.append({"name": output[1], "output_type": "stream", "text": lines(output[2])})
        elif kind == "value":
            rendered.append(_result(count, {"text/plain": lines(output[1])}))
        elif kind == "table":
            plain, html = _table(list(output[1]), output[2], rng)
            data = {"text/html": lines(html), "text/plain": lines(plain)}
            shown = len(output) > 3 and output[3] == "display"  # display(df): no execution count
            rendered.append(
                {"data": data, "metadata": {}, "output_type": "display_data"}
                if shown
                else _result(count, data)
            )
        elif kind == "plot":
            rendered.append(_figure(rng))
        elif kind == "error":
            rendered.append(_error(output[1], output[2], rng))
    if rng.random() < 0.03:  # the odd deprecation warning on stderr
        rendered.insert(
            0,
            {
                "name": "stderr",
                "output_type": "stream",
                "text": lines(
                    "/tmp/ipykernel_4121/2811452.py:3: FutureWarning: The default value of "
                    "numeric_only in DataFrame.corr is deprecated.\n"
                ),
            },
        )
    return rendered


def _result(count: int | None, data: dict[str, Any]) -> dict[str, Any]:
    return {"data": data, "execution_count": count, "metadata": {}, "output_type": "execute_result"}


def _figure(rng: random.Random) -> dict[str, Any]:
    raw = PNG_SIGNATURE + rng.randbytes(rng.randint(*IMAGE_BYTES))
    width, height = rng.choice(((640, 480), (1000, 600), (1200, 800), (800, 500), (1400, 400)))
    axes = rng.choice((1, 1, 1, 2, 4))
    return {
        "data": {
            "image/png": base64.b64encode(raw).decode("ascii"),
            "text/plain": [f"<Figure size {width}x{height} with {axes} Axes>"],
        },
        "metadata": {} if rng.random() < 0.7 else {"needs_background": "light"},
        "output_type": "display_data",
    }


def _error(ename: str, evalue: str, rng: random.Random) -> dict[str, Any]:
    red, reset, green = "\x1b[0;31m", "\x1b[0m", "\x1b[0;32m"
    frames = [
        f"{red}---------------------------------------------------------------------------{reset}",
        f"{red}{ename}{reset}                                  Traceback (most recent call last)",
        f"Cell {green}In[{rng.randint(2, 60)}], line 1{reset}\n{green}----> 1{reset} ...",
    ]
    if ename == "KeyError":
        frames.append(
            f"File {green}/opt/conda/lib/python3.10/site-packages/pandas/core/indexes/base.py:3805{reset}, "
            f"in Index.get_loc(self, key)\n   3803 try:\n-> 3805     return self._engine.get_loc(casted_key)"
        )
    frames.append(f"{red}{ename}{reset}: {evalue}")
    return {"ename": ename, "evalue": evalue, "output_type": "error", "traceback": frames}


def _cell_value(column: str, rng: random.Random) -> str:
    if any(word in column for word in ("date", "time")):
        return f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if column in ("count", "units", "bedrooms", "passenger_count", "support_calls"):
        return str(rng.randint(0, 500))
    if rng.random() < 0.35 and column not in ("mean", "median", "std"):
        return rng.choice(CATEGORY_WORDS)
    return f"{rng.uniform(-5, 10_000):.{rng.choice((2, 3, 6))}f}"


def _table(columns: list[str], rows: int, rng: random.Random) -> tuple[str, str]:
    """A pandas DataFrame repr: text/plain and text/html."""
    index = (
        [str(i) for i in range(rows)]
        if rng.random() < 0.7
        else rng.sample(CATEGORY_WORDS, min(rows, 20))
    )
    cells = [[_cell_value(c, rng) for c in columns] for _ in index]
    widths = [max(len(c), *(len(row[j]) for row in cells)) for j, c in enumerate(columns)]
    left = max(len(i) for i in index)
    plain = [" " * left + "".join(f"  {c:>{w}}" for c, w in zip(columns, widths, strict=True))]
    plain += [
        f"{i:<{left}}" + "".join(f"  {v:>{w}}" for v, w in zip(row, widths, strict=True))
        for i, row in zip(index, cells, strict=True)
    ]
    html = [
        HTML_STYLE,
        '<table border="1" class="dataframe">',
        "  <thead>",
        '    <tr style="text-align: right;">',
        "      <th></th>",
        *(f"      <th>{c}</th>" for c in columns),
        "    </tr>",
        "  </thead>",
        "  <tbody>",
    ]
    for i, row in zip(index, cells, strict=True):
        html += [
            "    <tr>",
            f"      <th>{i}</th>",
            *(f"      <td>{v}</td>" for v in row),
            "    </tr>",
        ]
    html += [
        "  </tbody>",
        "</table>",
        f"<p>{rows} rows × {len(columns)} columns</p>" if rows > 8 else "",
        "</div>",
    ]
    return "\n".join(plain), "\n".join(html)
