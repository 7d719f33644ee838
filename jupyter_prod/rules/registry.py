"""The code table: every rule, in the order of its code. Adding a rule = one line here."""

from __future__ import annotations

from .base import Rule
from .handoff.absolute_path import absolute_path
from .handoff.environment_change import environment_change
from .handoff.hardcoded_secret import hardcoded_secret
from .handoff.machine_bound_path import machine_bound_path
from .handoff.no_parameters_cell import no_parameters_cell
from .handoff.unseeded_randomness import unseeded_randomness
from .hidden_state.depends_on_unexecuted_cell import depends_on_unexecuted_cell
from .hidden_state.non_idempotent_cell import non_idempotent_cell
from .hidden_state.out_of_order_execution import out_of_order_execution
from .hidden_state.rerun_after_redefinition import rerun_after_redefinition
from .hidden_state.several_kernel_sessions import several_kernel_sessions
from .hidden_state.skipped_execution_counts import skipped_execution_counts
from .hidden_state.undefined_name import undefined_name
from .hidden_state.unexecuted_cell import unexecuted_cell
from .hidden_state.use_before_definition import use_before_definition
from .measured.outputs_differ_on_rerun import outputs_differ_on_rerun
from .notebook.non_python_kernel import non_python_kernel
from .notebook.schema_violation import schema_violation
from .notebook.syntax_error import syntax_error
from .pandas.action_in_loop import action_in_loop
from .pandas.collect_to_driver import collect_to_driver
from .pandas.fails_on_spark import fails_on_spark
from .pandas.inplace_mutation import inplace_mutation
from .pandas.missing_in_spark import missing_in_spark
from .pandas.positional_row_access import positional_row_access
from .pandas.row_iteration import row_iteration
from .pandas.rowwise_apply import rowwise_apply
from .pandas.unsupported_parameter import unsupported_parameter
from .pandas.whole_frame_window import whole_frame_window
from .untested.cell_test_coverage import cell_test_coverage
from .untested.test_coverage_summary import test_coverage_summary
from .untested.untested_cell import untested_cell

ALL_RULES: tuple[Rule, ...] = (
    out_of_order_execution,
    skipped_execution_counts,
    use_before_definition,
    undefined_name,
    depends_on_unexecuted_cell,
    rerun_after_redefinition,
    non_idempotent_cell,
    unexecuted_cell,
    several_kernel_sessions,
    outputs_differ_on_rerun,
    missing_in_spark,
    unsupported_parameter,
    row_iteration,
    rowwise_apply,
    whole_frame_window,
    positional_row_access,
    collect_to_driver,
    inplace_mutation,
    fails_on_spark,
    action_in_loop,
    hardcoded_secret,
    untested_cell,
    test_coverage_summary,
    cell_test_coverage,
    absolute_path,
    environment_change,
    unseeded_randomness,
    no_parameters_cell,
    machine_bound_path,
    schema_violation,
    syntax_error,
    non_python_kernel,
)

BY_CODE = {rule.code: rule for rule in ALL_RULES}
BY_NAME = {rule.name: rule for rule in ALL_RULES}


def find_rule(code_or_name: str) -> Rule | None:
    return BY_CODE.get(code_or_name.upper()) or BY_NAME.get(code_or_name.lower())


def matches(rule: Rule, selector: str) -> bool:
    """A selector is a code (`HS001`), a code prefix (`HS`), a name or a category."""
    selector = selector.strip()
    return (
        rule.code.startswith(selector.upper())
        or rule.name == selector.lower()
        or rule.category == selector.lower()
        or selector.upper() == "ALL"
    )


def unknown_selectors(selectors: list[str]) -> list[str]:
    return [s for s in selectors if not any(matches(rule, s) for rule in ALL_RULES)]


def select_rules(select: list[str] | None = None, ignore: list[str] | None = None) -> list[Rule]:
    chosen = [r for r in ALL_RULES if not select or any(matches(r, s) for s in select)]
    return [r for r in chosen if not any(matches(r, s) for s in ignore or [])]
