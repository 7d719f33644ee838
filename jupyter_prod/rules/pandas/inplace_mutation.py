"""`inplace=True` on a pandas object: assign the result instead.

## What it does
Reports each call with `inplace=True` on a known DataFrame or Series (`df.dropna(...,
inplace=True)`, `df.rename(..., inplace=True)`). Severity `info`, raised to `warning` where the
pandas-API-on-Spark version of the method has no `inplace` parameter at all
(`DataFrame.drop`, `Series.rename`, `DataFrame.clip`: the call raises there).

## Why is this bad?
pandas API on Spark objects are immutable Spark plans: `inplace=True` saves no memory, it
only rebinds the object; pandas itself is deprecating the parameter. In a notebook it also
hides a change of state that another cell created.

**Agreement with the hidden-state family.** Both families find these calls the same way (a
literal `inplace=True`) and share one definition of what a second run does
(`jupyter_prod/analysis/pandas/inplace.py`). Most in-place calls settle (`dropna`, `fillna`,
`rename`: running the cell again changes nothing more), so `non-idempotent-cell` (HS007) stays
silent on them and this rule reports them as `info`. Three do not settle, and HS007 reports them
as well, with the message here naming the effect: `reset_index(inplace=True)` without
`drop=True` (moves the index into a column again), `set_index(col, inplace=True)` and
`drop(..., inplace=True)` (the second run fails with a KeyError).

## Example
```python
reviews.dropna(subset=["text"], inplace=True)
```

## Use instead
```python
reviews = reviews.dropna(subset=["text"])
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...analysis.facts import NotebookFacts
from ...analysis.pandas import spark_compat
from ...analysis.pandas.inplace import is_inplace, rerun_effect
from ...findings.finding import Finding
from ..base import PANDAS, rule
from .uses import method_calls, site, snippet


@rule("PD008", "inplace-mutation", PANDAS, "info")
def inplace_mutation(facts: NotebookFacts) -> Iterator[Finding]:
    for cell, call, _types in method_calls(facts):
        if not call.owner.is_frame or not is_inplace(call.call):
            continue
        member = spark_compat().member(call.owner.kind, call.name)
        breaks = member is not None and member.supported and "inplace" in member.missing_params
        target = snippet(call.receiver, 24)
        message = (
            f"`{snippet(call.call)}` changes `{target}` in place: assign the result instead "
            f"(`{target} = {target}.{call.name}(...)`)"
        )
        if breaks:
            message += (
                f"; `{member.qualified if member else call.name}` in pandas API on Spark has "
                "no `inplace` parameter, so this call raises there"
            )
        else:
            message += "; on Spark, in-place saves nothing (the object is an immutable plan)"
        effect = rerun_effect(call.call)
        if effect:
            message += f". Re-running this cell {effect} (see HS007)"
        yield inplace_mutation.at(
            cell, site(cell, call.call), message, severity="warning" if breaks else None
        )
