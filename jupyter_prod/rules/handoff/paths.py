"""Which strings are paths that only exist on the author's machine.

Two strengths of evidence:
- *machine-bound anywhere*: a string that starts with a home or mount root (`/Users/…`,
  `/home/…`, `/mnt/…`, `/kaggle/…`), a Windows drive (`C:\\…`), a network share
  (`\\\\server\\share`), `~/…` or `file:///…` is such a path wherever it appears;
- *absolute, used as a path*: any other absolute path (`/data/…`, `/opt/…`) only when it is
  given to an I/O call, bound to a path-like name, or names a data file (`….csv`). API routes
  (`"/api/v1/items"`), separators (`"/"`) and system files (`/dev/null`) are not paths here.
"""

from __future__ import annotations

import re

USER_ROOTS = ("/Users/", "/home/", "/root/")
MACHINE_ROOTS = (
    "/mnt/",
    "/media/",
    "/Volumes/",
    "/kaggle/",
    "/content/",
    "/gdrive/",
    "/dbfs/",
    "/Workspace/",
    "/scratch/",
    "/gpfs/",
    "/nfs/",
    "/net/",
)
# The same on every POSIX machine a job runs on: not a hand-off problem.
SYSTEM_ROOTS = (
    "/dev/",
    "/proc/",
    "/sys/",
    "/etc/",
    "/usr/",
    "/bin/",
    "/sbin/",
    "/lib/",
    "/lib64/",
    "/tmp/",
    "/var/tmp/",
    "/run/",
)
_DATA_FILE = re.compile(
    r"\.(csv|tsv|parquet|pq|feather|arrow|xlsx?|json|jsonl|pkl|pickle|joblib|h5|hdf5?|npy|npz|"
    r"txt|zip|gz|bz2|xz|tar|db|sqlite3?|pt|pth|ckpt|onnx|keras|sav|model|bin|ya?ml|ini|cfg|log|"
    r"png|jpe?g|tiff?|wav|mp3|avro|orc|sas7bdat|dta)$",
    re.IGNORECASE,
)
_WINDOWS = re.compile(r"[A-Za-z]:[\\/]+[^\\/]")  # r"D:\\data" doubles its backslashes
_UNC = re.compile(r"\\\\[^\\/\s]+[\\/][^\\/\s]")
_TILDE = re.compile(r"~[A-Za-z0-9_.-]*[\\/]\S")
_REGEX = re.compile(r"\\[dDsSwWbB]|\(\?|\.\*|\.\+|\[\^|\$$|^\^")
_REGEX_ANY = re.compile(r"\(\?|\.\*|\.\+|\[\^|\$$|^\^")
_ABSOLUTE = re.compile(r"/[^/\s]+(/[^/\s]*)*")


def machine_bound(value: str) -> str | None:
    """What kind of machine-specific path `value` is, if it is one wherever it appears."""
    if "\n" in value or _REGEX_ANY.search(value):
        return None
    if _WINDOWS.match(value):
        return "Windows path"
    if _UNC.match(value):
        return "network share path"
    if _REGEX.search(value):  # after Windows paths, whose `\data` looks like a regex escape
        return None
    if value.startswith(USER_ROOTS) and len(value.split("/")) > 2 and value.split("/")[2]:
        return "user-specific path"
    # `~/.kaggle`, `~/.config/tool`: a tool's own settings folder, set up wherever the tool is.
    if _TILDE.match(value) and not value.startswith(("~/.", "~\\.")):
        return "user-specific path"
    if value.startswith(MACHINE_ROOTS) and len(value.rstrip("/").split("/")) > 2:
        return "machine-specific path"
    if value.lower().startswith("file:/"):
        return "file URL"
    return None


def is_absolute_posix(value: str) -> bool:
    """An absolute POSIX path, other than a system one (`/dev/null`, `/tmp/x`)."""
    if not _ABSOLUTE.fullmatch(value) or value.startswith(SYSTEM_ROOTS) or _REGEX.search(value):
        return False
    return value not in ("/tmp", "/dev/null") and "%" not in value


def names_data_file(value: str) -> bool:
    """`/srv/exports/sales.csv`: two or more segments ending in a data-file extension."""
    return value.count("/") >= 2 and bool(_DATA_FILE.search(value))


def shorten(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
