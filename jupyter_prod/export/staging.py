"""Write a job atomically: build it in a hidden folder beside the target, then rename it.

- `Staging(target)` makes `.<name>.export-<pid>-<random>` next to the target (so the final
  rename stays on one file system); everything is written there;
- `commit()` writes the job's manifest (`manifest.py`: the files this export wrote) and moves
  the folder into place. Replacing an existing job (`--force`) replaces only what the old job's
  manifest names: its `runs/` and every file the export did not write are carried into the new
  folder first (hard links, so nothing is copied and the old job stays whole until the rename),
  then the old job is moved aside, the new one renamed in, and the old one deleted;
- a folder with files of someone else's and no manifest (not a job we wrote) is refused with
  the list of those files, and so is a foreign file where the new job writes one of its own;
- leaving the `with` block without `commit()` (an error, Ctrl-C) deletes the folder, and the
  parent folders it created, so an interrupted export leaves nothing behind;
- folders left by an export that was killed outright (its process is gone) are removed by the
  next export to the same place; an old job moved aside by such an export is put back first.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType

from .errors import ExportRefused
from .manifest import (
    MANIFEST_FILE,
    contents,
    described,
    first_foreign,
    manifest_text,
    read_manifest,
)

SHOWN_FOREIGN = 50  # a refusal lists this many foreign files, then says how many more


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
        self.write(MANIFEST_FILE, manifest_text(self.path))
        if self.target.exists():
            self._replace()
        else:
            os.rename(self.path, self.target)
        self.committed = True

    def _replace(self) -> None:
        assert self.path is not None
        owned = check_replaceable(self.target)
        found = contents(self.target, owned)
        carried = [p for p in found.carried if not _both_folders(self.target / p, self.path / p)]
        clashes = [p for p in carried if _taken(self.path, p)]
        if clashes:
            raise ExportRefused(f"{self.target} holds files jupyter-prod did not write where "
                                "this export writes its own: move them away, or export to "
                                "another folder:", _listed(self.target, clashes))  # fmt: skip
        for path in carried:
            _carry(self.target / path, self.path / path)
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
            shutil.rmtree(old, ignore_errors=True)
            raise
        # A file that appeared in the old folder while this export carried the others over
        # is moved across too, so deleting the old folder deletes only what an export wrote.
        late = contents(old / "job", owned).carried
        for path in late:
            if not _taken(self.target, path):
                os.renames(old / "job" / path, self.target / path)
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


def check_replaceable(target: Path) -> frozenset[str]:
    """The files of the job in `target` that `--force` may replace (its manifest); refuses a
    folder with files of someone else's and no manifest, listing them."""
    owned = read_manifest(target)
    if owned is not None:
        return owned
    foreign = first_foreign(target, SHOWN_FOREIGN + 1)
    if foreign:
        # A job exported before manifests existed has none either: which of its files are
        # the user's cannot be told, so the user decides.
        legacy = (target / "job.yaml").is_file()
        hint = (" (a job exported by jupyter-prod 0.1 has no manifest: move what is yours "
                "out of it, delete it, and export again)") if legacy else ""  # fmt: skip
        raise ExportRefused(f"{target} holds files jupyter-prod did not write (it has no "
                            f"{MANIFEST_FILE}), and --force replaces only a job's own files: "
                            f"move them away, or export to another folder{hint}:",
                            _listed(target, foreign, complete=False))  # fmt: skip
    return frozenset()


def _listed(folder: Path, paths: list[str], complete: bool = True) -> list[str]:
    """One line per path, the first `SHOWN_FOREIGN` of them, then how many more."""
    shown = [described(folder, p) for p in paths[:SHOWN_FOREIGN]]
    more = len(paths) - len(shown)
    if more and not complete:
        return shown + ["... and more"]
    return shown + ([f"... and {more} more"] if more else [])


def _taken(folder: Path, path: str) -> bool:
    """Whether `path` under `folder` exists already, or one of its parents is not a folder."""
    full = folder / path
    if os.path.lexists(full):
        return True
    parent = full.parent
    while parent != folder:
        if os.path.lexists(parent):
            return not (parent.is_dir() and not parent.is_symlink())
        parent = parent.parent
    return False


def _both_folders(first: Path, second: Path) -> bool:
    return all(p.is_dir() and not p.is_symlink() for p in (first, second))


def _carry(source: Path, destination: Path) -> None:
    """`source` at `destination`: a link as a link, an empty folder as a folder, a file as a
    hard link (a copy where the file system has none)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    if source.is_symlink():
        os.symlink(os.readlink(source), destination)
    elif source.is_dir():
        destination.mkdir()
        shutil.copystat(source, destination)
    else:
        try:
            os.link(source, destination)
        except OSError:
            shutil.copy2(source, destination)


def restore_moved_aside(target: Path) -> None:
    """Put back the old job an export killed mid-replacement had moved aside (between its two
    renames), when nothing took its place: the next export then finds it where it was."""
    for folder in _abandoned(target, "old"):
        moved = folder / "job"
        if moved.is_dir() and not os.path.lexists(target):
            os.rename(moved, target)


def remove_abandoned(target: Path) -> None:
    """Delete staging folders of exports to `target` whose process no longer exists (after
    putting back an old job one of them had moved aside)."""
    restore_moved_aside(target)
    for marker in ("export", "old"):
        for folder in _abandoned(target, marker):
            shutil.rmtree(folder, ignore_errors=True)


def _abandoned(target: Path, marker: str) -> list[Path]:
    found = []
    for folder in target.parent.glob(f".{target.name}.{marker}-*"):
        pid = folder.name.split(f".{marker}-", 1)[1].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)) and folder.is_dir():
            found.append(folder)
    return found


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
