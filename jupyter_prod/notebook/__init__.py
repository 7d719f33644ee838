"""Reading notebooks: files → a normalised `Notebook` of cells with Python sources."""

from .model import Cell, Notebook
from .reader import NotebookReadError, load_notebook, notebook_from_dict

__all__ = ["Cell", "Notebook", "NotebookReadError", "load_notebook", "notebook_from_dict"]
