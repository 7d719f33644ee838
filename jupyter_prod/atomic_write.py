"""Write a file so that a reader sees the old text or the new one, never half of either.

The text goes to a temporary file beside the target, which then replaces it (`os.replace` is
atomic on one file system): a crash, a full disk or a concurrent writer leaves the old file
whole and no temporary file behind. The target keeps its permissions; a new file gets the
umask's.
"""

from __future__ import annotations

import os
import tempfile


def write_atomically(path: str, text: str) -> None:
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    mode = os.stat(path).st_mode & 0o777 if os.path.exists(path) else 0o666 & ~_umask()
    handle, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _umask() -> int:
    current = os.umask(0)  # the only way to read it
    os.umask(current)
    return current
