"""Fresh vs saved outputs: what varies legitimately is normalised away, anything else differs."""

from __future__ import annotations

import pytest

from jupyter_prod.execution.outputs import describe_difference, normalise, normalise_text


def stdout(text: str) -> dict:
    return {"output_type": "stream", "name": "stdout", "text": text}


def result(text: str, count: int | None = 1) -> dict:
    return {"output_type": "execute_result", "execution_count": count,
            "data": {"text/plain": text}, "metadata": {}}  # fmt: skip


@pytest.mark.parametrize(
    ("saved", "fresh"),
    [
        ("Wall time: 2.31 s\n", "Wall time: 812 ms\n"),
        ("CPU times: user 3 µs, sys: 1 µs\n", "CPU times: user 3 μs, sys: 1e+03 ns\n"),
        (
            "CPU times: user 2.1 s, sys: 180 ms, total: 2.28 s\n",
            "CPU times: user 1 s, sys: 5 ms, total: 1 s\n",
        ),
        (
            "41.3 ms ± 1.2 ms per loop (mean ± std. dev. of 7 runs, 10 loops each)\n",
            "9.1 ms ± 80 µs per loop (mean ± std. dev. of 7 runs, 100 loops each)\n",
        ),
        (
            "<__main__.Model object at 0x7f3a2c1b9d30>\n",
            "<__main__.Model object at 0x7f11aa0c0e50>\n",
        ),
        ("run at 2024-03-01 10:11:12.123456\n", "run at 2026-11-26T16:00:00\n"),
        ("started 09:15:02\n", "started 17:44:59\n"),
        (
            "100%|██████████| 50/50 [00:02<00:00, 21.3it/s]\n",
            "100%|██████████| 50/50 [00:01<00:00, 40.1it/s]\n",
        ),
        (" 40%|████      | 2/5\r100%|██████████| 5/5\n", "100%|██████████| 5/5\n"),
        ("done\n", "done   \n"),
    ],
)
def test_what_legitimately_varies_is_not_a_difference(saved: str, fresh: str) -> None:
    assert describe_difference(normalise([stdout(saved)]), normalise([stdout(fresh)])) is None


def test_execution_counts_and_stream_chunking_are_not_differences() -> None:
    saved = normalise([stdout("a\n"), stdout("b\n"), result("42", count=17)])
    fresh = normalise([stdout("a\nb\n"), result("42", count=3)])
    assert describe_difference(saved, fresh) is None


def test_stderr_and_images_by_bytes_are_not_compared() -> None:
    png = {"output_type": "display_data", "metadata": {}, "data": {"image/png": "AAAA"}}
    other_png = {"output_type": "display_data", "metadata": {}, "data": {"image/png": "BBBB"}}
    warning = {"output_type": "stream", "name": "stderr", "text": "DeprecationWarning: old\n"}
    assert describe_difference(normalise([png, warning]), normalise([other_png])) is None


def test_a_different_value_is_reported_with_the_first_differing_line() -> None:
    saved = normalise([stdout("rows 100\ntotal 10\n")])
    fresh = normalise([stdout("rows 100\ntotal 5\n")])
    assert describe_difference(saved, fresh) == ("total 10", "total 5")


def test_a_fresh_error_is_a_difference() -> None:
    error = {"output_type": "error", "ename": "NameError", "evalue": "name 'x' is not defined",
             "traceback": ["..."]}  # fmt: skip
    fresh = normalise([error])
    assert fresh.error == "NameError: name 'x' is not defined"
    assert describe_difference(normalise([stdout("3\n")]), fresh) == (
        "3", "NameError: name 'x' is not defined")  # fmt: skip


def test_a_missing_result_is_a_difference() -> None:
    assert describe_difference(normalise([result("1")]), normalise([])) == (
        "1 displayed result", "0 displayed results")  # fmt: skip


def test_normalise_text_keeps_real_numbers() -> None:
    assert normalise_text("accuracy 0.866 on 12054 rows") == "accuracy 0.866 on 12054 rows"
