"""The widget's job process: its last word is read even when it ends at once, and a process
that ends without one is a clear error."""

from __future__ import annotations

import queue

import pytest

from jupyter_prod.run import RunError
from jupyter_prod.widgets.job_process import _next_event


class Ended:
    """A child process that has already exited."""

    exitcode = -9

    def is_alive(self) -> bool:
        return False


class LateQueue:
    """Empty when first asked (the child's feeder had not flushed yet), then its last word."""

    def __init__(self, words: list[tuple[object, ...]]) -> None:
        self.words = words
        self.asked = 0

    def get(self, timeout: float) -> tuple[object, ...]:
        self.asked += 1
        if self.asked == 1 or not self.words:
            raise queue.Empty
        return self.words.pop(0)


def test_the_last_word_of_a_process_that_just_ended_is_still_read():
    assert _next_event(LateQueue([("done", "record")]), Ended()) == ("done", "record")


def test_a_process_that_ended_without_a_word_is_an_error_with_its_exit_code():
    with pytest.raises(RunError, match=r"ended without a result \(exit code -9\)"):
        _next_event(LateQueue([]), Ended())
