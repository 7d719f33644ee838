"""How each string literal of a cell is used: as a path, as something else, or unknown.

- `io`: given to a call that opens, reads, writes or changes directory (`open`, `read_csv`,
  `to_parquet`, `np.load`, `Path`, `os.chdir`, `sys.path.append`, `joblib.dump`...);
- `path-name`: bound to a name that says path (`DATA_DIR`, `output_file`, `{"root": ...}`);
- `not-a-path`: a URL route given to an HTTP call, a mount point (`drive.mount(...)` creates
  it), a regex, an argument of a string method or of
  `print`/logging, an environment-variable default, the right side of `+` (a suffix), a
  docstring, or an f-string that starts from a variable;
- `other`: none of these.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ...analysis.facts import CellFacts
from .calls import dotted_name, resolved_name

_Marker = Callable[..., None]

IO_CALLS = frozenset(
    """
    open Path PurePath PosixPath WindowsPath chdir listdir makedirs mkdir exists isfile isdir
    walk scandir glob iglob copy copy2 copyfile copytree move rmtree remove unlink rename load
    save savez savez_compressed savetxt loadtxt genfromtxt fromfile memmap dump load_model
    save_model load_weights save_weights savefig imread imsave imwrite File connect ZipFile
    open_dataset read_file expanduser abspath realpath join csv parquet orc json text table
    load_dataset from_pretrained save_pretrained to_file ExcelWriter ExcelFile load_workbook
    """.split()
)
WRITE_CALLS = frozenset(
    """
    save savez savez_compressed savetxt dump save_model save_weights savefig imsave imwrite
    makedirs mkdir save_pretrained ExcelWriter
    """.split()
)
NOT_IO_TO = frozenset(
    """
    to_numpy to_dict to_list to_datetime to_numeric to_timedelta to_string to_frame to_period
    to_records to_series to_sql to_clipboard to_dense to_pandas to_spark to_device to_timestamp
    to_flat_index to_tensor
    """.split()
)
_NOT_PATH_CALLS = frozenset(
    """
    get post put patch delete head options request route urljoin urlopen Request fetch
    startswith endswith replace split rsplit strip lstrip rstrip removeprefix removesuffix find
    rfind index rindex count partition rpartition contains match extract extractall fullmatch
    search sub subn findall finditer compile getenv setdefault print display info debug warning
    error exception critical log warn echo write markdown Markdown HTML set_title title xlabel
    ylabel suptitle mount
    """.split()
)
_PATH_WORDS = frozenset(
    """
    path paths dir dirs directory folder root file files filename fname filepath fpath location
    home dest dst src checkpoint ckpt cache workdir cwd base output input logdir
    """.split()
)
_WEB_WORDS = frozenset(
    """
    url uri endpoint route api href link
    """.split()
)
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")


@dataclass(frozen=True)
class PathUse:
    node: ast.expr  # a str Constant, or an f-string
    value: str  # its text; `{}` where an f-string has an expression
    context: str  # "io", "path-name", "not-a-path" or "other"
    name: str | None = None  # the variable, key or keyword it is bound to
    writes: bool = False  # the I/O call writes (for naming a parameter)


def path_uses(cell: CellFacts, imports: dict[str, str]) -> Iterator[PathUse]:
    """How the cell uses each string that could be a path (`/…`, `~…`, `C:\\…`, `\\\\…`, `file:`)."""
    candidates = _candidates(cell.nodes)
    if not candidates:
        return  # the usual cell: no string starts like a path, nothing to classify
    contexts: dict[int, tuple[str, str | None, bool]] = {}

    def mark(
        node: ast.AST | None, context: str, name: str | None = None, writes: bool = False
    ) -> None:
        if isinstance(node, (ast.Constant, ast.JoinedStr)):
            known = contexts.get(id(node))
            if known is None or _RANK[context] > _RANK[known[0]]:
                contexts[id(node)] = (context, name or (known[1] if known else None), writes)
        elif isinstance(node, (ast.List, ast.Tuple)) and context == "io":
            for element in node.elts:
                mark(element, context, name, writes)

    for node in cell.nodes:
        _mark_node(node, imports, mark)
    for node, value in candidates:
        context, name, writes = contexts.get(id(node), ("other", None, False))
        if isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.FormattedValue):
            context = "not-a-path"  # f"{BASE}/x": built from a variable
        yield PathUse(node, value, context, name, writes)


def _candidates(nodes: list[ast.AST]) -> list[tuple[ast.expr, str]]:
    strings = [n for n in nodes if type(n) is ast.JoinedStr or type(n) is ast.Constant]
    fstrings = [n for n in strings if type(n) is ast.JoinedStr]
    inner = {id(v) for n in fstrings for v in n.values}
    found: list[tuple[ast.expr, str]] = []
    for node in strings:
        value = _text(node) if id(node) not in inner else None
        if value and _PATH_START.match(value):
            found.append((node, value))
    return found


_PATH_START = re.compile(r"/.|~|\\\\|[A-Za-z]:[\\/]|file:", re.IGNORECASE)
_RANK = {"other": 0, "path-name": 1, "io": 2, "not-a-path": 3}


def _mark_node(node: ast.AST, imports: dict[str, str], mark: _Marker) -> None:
    if isinstance(node, ast.Call):
        _mark_call(node, imports, mark)
    elif isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            name = _target_name(target)
            if name is not None and name_context(name):
                mark(node.value, name_context(name), name)
    elif isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values, strict=True):
            if (
                isinstance(key, ast.Constant)
                and isinstance(key.value, str)
                and name_context(key.value)
            ):
                mark(value, name_context(key.value), key.value)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        mark(node.right, "not-a-path")  # base + "/raw/x.csv": a suffix
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
        mark(node.value, "not-a-path")  # a docstring or a bare string
    elif isinstance(node, ast.Compare):
        for part in (node.left, *node.comparators):
            mark(part, "not-a-path")


def _mark_call(call: ast.Call, imports: dict[str, str], mark: _Marker) -> None:
    func = call.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    full = resolved_name(func, imports) or ""
    arguments = [*call.args, *(k.value for k in call.keywords)]
    owner = func.value if isinstance(func, ast.Attribute) else None
    if isinstance(owner, ast.Call) and dotted_name(owner.func) == "get_ipython":
        full = "IPython."  # a rewritten magic or shell line: read from the raw line instead
    if called in _NOT_PATH_CALLS or full.startswith(
        ("re.", "requests.", "httpx.", "logging.", "IPython.")
    ):
        for argument in arguments:
            mark(argument, "not-a-path")
        return
    io = (
        called in IO_CALLS
        or called.startswith("read_")
        or full in ("sys.path.append", "sys.path.insert")
        or (called.startswith("to_") and called not in NOT_IO_TO)
    )
    writes = called in WRITE_CALLS or called.startswith("to_") or _opens_for_writing(call, called)
    for argument in call.args if io else []:
        mark(argument, "io", writes=writes)
    for keyword in call.keywords:
        if keyword.arg is not None and (path_name(keyword.arg) or keyword.arg in ("io", "buf")):
            mark(keyword.value, "io", keyword.arg, writes)


def _opens_for_writing(call: ast.Call, called: str) -> bool:
    mode = (
        call.args[1]
        if len(call.args) > 1
        else next((k.value for k in call.keywords if k.arg == "mode"), None)
    )
    return called == "open" and isinstance(mode, ast.Constant) and str(mode.value)[:1] in "wax"


def path_name(name: str) -> bool:
    words = {w.lower() for w in _WORD.findall(name)}
    return bool(words & _PATH_WORDS) and not words & _WEB_WORDS


def name_context(name: str) -> str | None:
    """`DATA_DIR` says path; `url_path`, `endpoint`, `href` say web route."""
    words = {w.lower() for w in _WORD.findall(name)}
    if words & _WEB_WORDS:
        return "not-a-path"
    return "path-name" if words & _PATH_WORDS else None


def _target_name(target: ast.AST) -> str | None:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    return None


def _text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = [v.value if isinstance(v, ast.Constant) else "{}" for v in node.values]
        return "".join(str(p) for p in parts)
    return None
