"""Which statements of a function count as its lines, as `0 of N lines run by a test` counts them."""

from __future__ import annotations

import ast

from jupyter_prod.execution.line_coverage import statement_spans

SOURCE = '''\
def total(values,
          weights=None):
    """Weighted total."""
    result = 0
    for i, value in enumerate(values):
        if weights:
            result += value * weights[i]
        else:
            result += value
    return round(
        result, 2)


class Basket:
    fee = 1.5

    def cost(self, items):
        return total(items) + self.fee
'''


def test_a_function_counts_its_body_statements_not_its_def_or_docstring() -> None:
    function = ast.parse(SOURCE).body[0]
    assert statement_spans(function) == [(4, 4), (5, 5), (6, 6), (7, 7), (9, 9), (10, 11)]


def test_a_class_counts_its_methods_bodies_only() -> None:
    basket = ast.parse(SOURCE).body[1]
    assert statement_spans(basket) == [(18, 18)]


def test_an_offset_moves_lines_into_cell_coordinates() -> None:
    function = ast.parse(SOURCE).body[0]
    assert statement_spans(function, offset=1)[0] == (5, 5)
