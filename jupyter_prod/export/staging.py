"""Write a job atomically: build it in a hidden folder beside the target, then rename it.

- `Staging(target)` makes `.<name>.export-<pid>-<random>` next to the target (so the final
  rename stays on one file system); everything is written there;
- `commit()` moves it into place. Replacing an existing job (`--force`) keeps its `runs/`
  history, moves the old job aside, renames the new one in, then deletes the old one;
- leaving the `with` block without `commit()` (an error, Ctrl-C) deletes the folder, and the
  parent folders it created, so an interrupted export leaves nothing behind;
- folders left by an export that was killed outright (its process is gone) are removed by the
  next export to the same place.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType

KEPT_ON_REPLACE = ("runs",)


class Staging:
    def __init__(self, target: Path) -> None:
        self.target = target
        self.created: list[Path] = []  # parent folders this export created
        self.path: Path | None = None
        self.committed = False

    def __enter__(self) -> Staging:
        missing = [p for p in [self.target.parent, *self.target.parent.parents] if not p.exists()]
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.created = missing
        remove_abandoned(self.target)
        prefix = f".{self.target.name}.export-{os.getpid()}-"
        self.path = Path(tempfile.mkdtemp(prefix=prefix, dir=self.target.parent))
        self.path.chmod(0o777 & ~_umask())  # mkdtemp's 0700 would become the job's mode
        return self

    def write(self, relative: str, content: str | bytes) -> None:
        assert self.path is not None
        path = self.path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        with open(path, "wb") as handle:
            handle.write(data)

    def commit(self) -> None:
        assert self.path is not None
        if self.target.exists():
            self._replace()
        else:
            os.rename(self.path, self.target)
        self.committed = True

    def _replace(self) -> None:
        assert self.path is not None
        for name in KEPT_ON_REPLACE:
            kept = self.target / name
            if kept.is_dir() and not (self.path / name).exists():
                shutil.copytree(kept, self.path / name)
        old = Path(
            tempfile.mkdtemp(
                prefix=f".{self.target.name}.old-{os.getpid()}-", dir=self.target.parent
            )
        )
        os.rename(self.target, old / "job")
        try:
            os.rename(self.path, self.target)
        except OSError:
            os.rename(old / "job", self.target)  # put the old job back
            raise
        finally:
            shutil.rmtree(old, ignore_errors=True)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:  # fmt: skip
        if self.committed:
            return
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)
        for folder in self.created:  # nearest first: only the empty ones we made
            try:
                folder.rmdir()
            except OSError:
                break


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def remove_abandoned(target: Path) -> None:
    """Delete staging folders of exports to `target` whose process no longer exists."""
    for marker in ("export", "old"):
        for folder in target.parent.glob(f".{target.name}.{marker}-*"):
            pid = folder.name.split(f".{marker}-", 1)[1].split("-", 1)[0]
            if pid.isdigit() and not _alive(int(pid)) and folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
