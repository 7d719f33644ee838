"""Findings, fixes, suppressions, redaction and the reporters that print them."""

from .finding import SEVERITIES, Edit, Finding, Fix, severity_rank

__all__ = ["SEVERITIES", "Edit", "Finding", "Fix", "severity_rank"]
