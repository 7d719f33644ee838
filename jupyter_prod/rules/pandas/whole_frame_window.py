"""An order-dependent window over the whole frame: `cumsum`, `shift`, `diff`, `rank`, `rolling`...

## What it does
Reports `cumsum`, `cumprod`, `cummax`, `cummin`, `shift`, `diff`, `pct_change`, `rank`,
`ffill`, `bfill`, `fillna(method=...)`, `interpolate`, `rolling`, `expanding` and `ewm` called on
a whole DataFrame or Series. The grouped forms (`df.groupby("store")["units"].shift(7)`) are
not reported: they stay partitioned by the group key. Neither are windows over aggregates
(`s.value_counts().cumsum()`), which are small.

## Why is this bad?
pandas API on Spark computes these with a Spark window that has an order but no partition:
Spark moves every row into a single partition on one executor ("No Partition Defined for
Window operation!") and the step no longer scales; on large data it runs out of memory.
Severity `warning`.

## Example
```python
meter["kwh_delta"] = meter["kwh_total"].diff()
```

## Use instead
```python
meter["kwh_delta"] = meter.groupby("meter_id")["kwh_total"].diff()
```
The order usually only matters within an entity (a meter, a store, a customer): group by it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...analysis.facts import NotebookFacts
from ...findings.finding import Finding
from ..base import PANDAS, rule
from .uses import method_calls, site, snippet

WINDOWS = frozenset(
    {"cumsum", "cumprod", "cummax", "cummin", "shift", "diff", "pct_change", "rank", "ffill",
     "bfill", "pad", "backfill", "interpolate", "rolling", "expanding", "ewm"}
)  # fmt: skip


@rule("PD005", "whole-frame-window", PANDAS, "warning")
def whole_frame_window(facts: NotebookFacts) -> Iterator[Finding]:
    for cell, call, _types in method_calls(facts):
        if not call.owner.is_frame or call.owner.reduced:
            continue
        method = call.keyword("method")
        fill = call.name == "fillna" and method is not None
        if call.name not in WINDOWS and not fill:
            continue
        what = "the whole DataFrame" if call.owner.kind == "DataFrame" else "the whole Series"
        yield whole_frame_window.at(
            cell,
            site(cell, call.call),
            f"`{snippet(call.call)}` runs an ordered window over {what}: Spark moves every row "
            f"into one partition for it. Group by the entity the order belongs to "
            f"(`df.groupby(key)[col].{call.name}(...)`), which stays partitioned",
        )
