"""Names that exist in a fresh IPython kernel before any cell runs."""

from __future__ import annotations

import builtins
import re

BUILTIN_NAMES = frozenset(dir(builtins)) | frozenset(
    {
        "__name__", "__doc__", "__builtins__", "__spec__", "__loader__", "__package__",
        "get_ipython", "display", "exit", "quit", "In", "Out",
        "_", "__", "___", "_i", "_ii", "_iii", "_ih", "_oh", "_dh", "_sh",
    }
)  # fmt: skip

# `_5` is the output of In[5] and `_i5` its input: IPython creates them as cells run.
_HISTORY_NAME = re.compile(r"_i?\d+")

# Kernels for Spark (Databricks, sparkmagic, pyspark kernels) predefine these.
SPARK_KERNEL_NAMES = frozenset({"spark", "sc", "sqlContext", "dbutils", "table", "sql"})


# With automagic (IPython's default) a line holding only one of these names runs the magic or
# the shell alias of that name when no variable has it: `ls`, `pwd`, `whos` are not NameErrors.
AUTOMAGIC_NAMES = frozenset(
    {
        # line magics that need no argument
        "alias", "automagic", "bookmark", "cd", "clear", "colors", "config", "connect_info",
        "dhist", "dirs", "doctest_mode", "env", "hist", "history", "lsmagic", "magic",
        "matplotlib", "pdb", "pip", "conda", "popd", "pprint", "precision", "pushd", "pwd",
        "pylab", "quickref", "recall", "rehashx", "reset", "tb", "who", "who_ls", "whos", "xmode",
        # IPython's default shell aliases on POSIX
        "cat", "cp", "ldir", "less", "lf", "lk", "ll", "ls", "lx", "man", "mkdir", "more", "mv",
        "rm", "rmdir",
    }
)  # fmt: skip


def is_kernel_name(name: str) -> bool:
    """True for names a fresh kernel already knows (builtins, IPython's own)."""
    return name in BUILTIN_NAMES or _HISTORY_NAME.fullmatch(name) is not None
