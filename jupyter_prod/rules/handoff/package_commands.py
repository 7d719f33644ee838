"""Shell commands that change the Python or system environment: `pip install`, `conda remove`...

Parses one command line the way a shell would split it, enough to tell the tool (pip, conda,
the system package manager), whether the command changes anything (`install` does, `list`
does not) and which packages it names.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

PIP, CONDA, SYSTEM = "pip", "conda", "system"
_TOOLS = {
    "pip": PIP,
    "pip3": PIP,
    "conda": CONDA,
    "mamba": CONDA,
    "micromamba": CONDA,
    "apt": SYSTEM,
    "apt-get": SYSTEM,
    "yum": SYSTEM,
    "dnf": SYSTEM,
    "apk": SYSTEM,
    "brew": SYSTEM,
}
_CHANGING = {
    PIP: {"install", "uninstall"},
    CONDA: {"install", "remove", "uninstall", "update", "upgrade"},
    SYSTEM: {"install", "remove", "purge", "upgrade", "add", "del"},
}
# Options followed by a value, which is not a package name.
_WITH_VALUE = frozenset(
    """
    -r --requirement -c --constraint -i --index-url --extra-index-url -f --find-links -t
    --target --prefix --root --src --upgrade-strategy --platform --python-version
    --implementation --abi --trusted-host --proxy --cache-dir --log --timeout --retries
    --progress-bar --only-binary --no-binary -C --config-settings --channel -n --name -p --file
    -o
    """.split()
)
_REQUIREMENT_FILES = frozenset({"-r", "--requirement", "--file"})
_SEPARATORS = re.compile(r"&&|\|\||;|\||\n")


@dataclass(frozen=True)
class PackageCommand:
    tool: str  # PIP, CONDA or SYSTEM
    verb: str  # install, uninstall, remove...
    packages: tuple[str, ...]
    requirement_files: tuple[str, ...] = ()

    @property
    def removes(self) -> bool:
        return self.verb in ("uninstall", "remove", "purge", "del")


def package_commands(command: str) -> list[PackageCommand]:
    """The environment-changing commands in a shell line (`a && b; c` holds three)."""
    found = []
    for part in _SEPARATORS.split(command):
        parsed = _parse(_words(part))
        if parsed is not None:
            found.append(parsed)
    return found


def _words(command: str) -> list[str]:
    try:
        return shlex.split(command, comments=True)
    except ValueError:  # an unbalanced quote: split on blanks rather than give up
        return command.split()


def _parse(words: list[str]) -> PackageCommand | None:
    while words and (
        words[0] in ("sudo", "!", "env", "time") or re.fullmatch(r"\w+=\S*", words[0])
    ):
        words = words[1:]
    if not words:
        return None
    program = words[0].rsplit("/", 1)[-1].strip("{}$")
    rest = words[1:]
    if re.fullmatch(r"python[\d.]*|py|sys\.executable|executable", program) and rest[:2] == [
        "-m",
        "pip",
    ]:
        program, rest = "pip", rest[2:]
    elif program == "uv" and rest[:1] == ["pip"]:
        program, rest = "pip", rest[1:]
    tool = _TOOLS.get(re.sub(r"^pip3[\d.]*$", "pip3", program))
    if tool is None:
        return None
    if tool == CONDA and rest[:1] == ["env"]:
        rest = rest[1:]
    verb = next((w for w in rest if not w.startswith("-")), None)
    if verb is None or verb not in _CHANGING[tool]:
        return None  # `pip list`, `pip freeze`, `pip show`, `conda info`, `apt-get update`...
    packages, files = _arguments(rest[rest.index(verb) + 1 :])
    return PackageCommand(tool, verb, tuple(packages), tuple(files))


def _arguments(words: list[str]) -> tuple[list[str], list[str]]:
    packages: list[str] = []
    files: list[str] = []
    expects: str | None = None
    for word in words:
        if expects is not None:
            if expects in _REQUIREMENT_FILES:
                files.append(word)
            expects = None
        elif word in _WITH_VALUE:
            expects = word
        elif word.startswith("--requirement=") or word.startswith("--file="):
            files.append(word.split("=", 1)[1])
        elif word in ("-e", "--editable"):
            continue  # the next word is a package (a path or URL)
        elif not word.startswith("-"):
            packages.append(word)
    return packages, files
