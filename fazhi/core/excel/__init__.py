"""Excel import/export framework.

Declare an import kind once (:class:`ImportKind` with :class:`Column` s) and register it in your
app's ``imports.py``; you then get a downloadable template (:func:`template_bytes`), row-by-row
Chinese errors and an all-or-nothing import with one audit row (:func:`run_import`).
Kinds shipped with the core: ``organisations`` and ``staff`` (``fazhi/core/imports.py``).
"""

from fazhi.core.excel.export import safe_cell, write_table
from fazhi.core.excel.registry import UnknownKind, all_kinds, get, register
from fazhi.core.excel.services import run_import
from fazhi.core.excel.spec import (
    Column,
    Credential,
    ImportKind,
    ImportResult,
    ImportSession,
    RowError,
    RowProblem,
)
from fazhi.core.excel.template import template_bytes, template_filename

__all__ = [
    "Column",
    "Credential",
    "ImportKind",
    "ImportResult",
    "ImportSession",
    "RowError",
    "RowProblem",
    "UnknownKind",
    "all_kinds",
    "get",
    "register",
    "run_import",
    "safe_cell",
    "template_bytes",
    "template_filename",
    "write_table",
]
