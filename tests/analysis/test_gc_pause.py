"""The cycle collector is paused only while a notebook is analysed, and always comes back."""

from __future__ import annotations

import gc
import threading

import pytest
from helpers import notebook, write_notebook

from jupyter_prod import api
from jupyter_prod.gc_pause import gc_paused


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_paused_inside_and_back_on_after():
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_back_on_after_an_exception():
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_left_off_when_the_caller_had_turned_it_off():
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()


def test_overlapping_analyses_in_threads_turn_it_on_once_the_last_ends():
    first_in, second_done = threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with gc_paused():
            first_in.set()
            second_done.wait(5)
            seen.append(gc.isenabled())  # the second block ended; this one still runs

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with gc_paused():
        pass
    second_done.set()
    thread.join(5)
    assert seen == [False]
    assert gc.isenabled()


def test_check_file_leaves_the_collector_on_for_good_and_broken_notebooks(tmp_path):
    good = write_notebook(tmp_path, "good.ipynb", notebook("import os", "print(os.sep)"))
    broken = write_notebook(tmp_path, "broken.ipynb", b"{")

    assert api.check_file(good).error is None
    assert api.check_file(broken).error is not None
    assert gc.isenabled()


def test_the_collector_is_paused_while_a_notebook_is_analysed(tmp_path, monkeypatch):
    import jupyter_prod.api.checks as checks

    states: list[bool] = []
    analyse = checks.analyse

    def spying(notebook_):
        states.append(gc.isenabled())
        return analyse(notebook_)

    monkeypatch.setattr(checks, "analyse", spying)
    path = write_notebook(tmp_path, "n.ipynb", notebook("x = 1"))
    api.check_file(path)

    assert states == [False]
    assert gc.isenabled()
