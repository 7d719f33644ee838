"""Parameter values from the command line, converted to the types `job.yaml` declares, and the
engine's environment: no kernel needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from jupyter_prod.run import BadParameter, EngineMismatch, Job
from jupyter_prod.run.engines import engine_environment
from jupyter_prod.run.values import typed_parameters

DECLARED = {"n": {"type": "int"}, "rate": {"type": "float"}, "strict": {"type": "bool"},
            "label": {"type": "str"}, "weights": {"type": "list"}, "limits": {"type": "dict"},
            "anything": {"type": None}}  # fmt: skip


def test_values_take_their_declared_types() -> None:
    given = {"n": "3", "rate": "0.25", "strict": "no", "label": "007", "weights": "[1, 2.5]",
             "limits": '{"a": 1}', "anything": "[x, y]"}  # fmt: skip
    assert typed_parameters(given, DECLARED) == {
        "n": 3, "rate": 0.25, "strict": False, "label": "007", "weights": [1, 2.5],
        "limits": {"a": 1}, "anything": ["x", "y"],
    }  # fmt: skip
    assert typed_parameters({"n": 4}, DECLARED) == {"n": 4}  # already typed (the API)


@pytest.mark.parametrize(("name", "value"), [("n", "3.5"), ("rate", "fast"), ("strict", "maybe"),
                                             ("weights", '{"a": 1}'), ("limits", "[1]")])  # fmt: skip
def test_a_value_of_the_wrong_type_is_refused_in_words(name: str, value: str) -> None:
    with pytest.raises(BadParameter, match=f"{name} takes an? "):
        typed_parameters({name: value}, DECLARED)


def job(engine: str) -> Job:
    return Job(Path("jobs/x"), "x", "x.ipynb", "x", "python3", engine, "../..")


def test_the_engine_reaches_the_kernel_through_its_environment(monkeypatch) -> None:
    monkeypatch.delenv("SPARK_MASTER", raising=False)
    assert engine_environment(job("spark"), None, None) == {"JUPYTER_PROD_ENGINE": "spark"}
    assert engine_environment(job("spark"), "local", None) == {"JUPYTER_PROD_ENGINE": "local"}
    assert engine_environment(job("spark"), None, "spark://head:7077") == {
        "JUPYTER_PROD_ENGINE": "spark", "SPARK_MASTER": "spark://head:7077"}  # fmt: skip
    monkeypatch.setenv("SPARK_MASTER", "spark://other:7077")
    assert engine_environment(job("spark"), None, None)["SPARK_MASTER"] == "spark://other:7077"
    with pytest.raises(EngineMismatch, match="export it again with `--engine spark`"):
        engine_environment(job("local"), "spark", None)
