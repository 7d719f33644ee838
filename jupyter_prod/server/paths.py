"""Resolve a path sent by the browser to a file inside the server's root, or refuse it."""

from __future__ import annotations

import os
from urllib.parse import unquote


class PathRefused(Exception):
    """The path points outside the server's root, or is not a path we accept."""


def resolve_inside(root: str, relative: object) -> str:
    """The real path of `relative` under `root`; `..`, absolute paths, encoded variants and
    symlinks that leave the root are refused."""
    if not isinstance(relative, str) or not relative.strip():
        raise PathRefused("`path` must be a non-empty string relative to the server root")
    if "\x00" in relative:
        raise PathRefused("the path holds a NUL byte")
    decoded = unquote(unquote(relative)).replace("\\", "/")
    if os.path.isabs(decoded) or decoded.startswith("~") or ":" in decoded.split("/")[0]:
        raise PathRefused(
            "absolute paths are not accepted: give a path relative to the server root"
        )
    if ".." in decoded.split("/"):
        raise PathRefused("`..` is not accepted in paths")
    real_root = os.path.realpath(root)
    target = os.path.realpath(os.path.join(real_root, decoded))
    if os.path.commonpath([real_root, target]) != real_root:
        raise PathRefused("the path leads outside the server root")
    return target


def confine(root: str, path: str, what: str) -> str:
    """The real path of `path` (absolute, existing or not), refused when it leaves the root:
    a `runs/` or `jobs/` that is a symlink out of the root must not be written through."""
    real_root, real = os.path.realpath(root), os.path.realpath(path)
    if os.path.commonpath([real_root, real]) != real_root:
        raise PathRefused(f"{what} leads outside the server root")
    return real
