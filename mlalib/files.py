"""Files mlalib writes: atomically, and CSV tables safe to open in a spreadsheet.

Atomic writes: a temporary file in the same folder, then a rename.

An interrupted build therefore never leaves a half-written notebook behind (nor a report a
half-written page): a reader sees either the old file or the new one. A plain helper, usable
from every layer (the course tooling, and views such as :mod:`mlalib.report`).

Example
-------
>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> write_atomic(target, "hello")
>>> target.read_text()
'hello'
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

_UMASK = os.umask(0)
os.umask(_UMASK)


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` to ``path`` atomically (creating parent folders)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp creates 0600; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


#: What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, with ``'`` put before it (OWASP); numbers and
    other texts unchanged. :func:`formula_unsafe` reads it back.

    >>> formula_safe("=HYPERLINK(\\"x\\")"), formula_safe("-5"), formula_safe("Amina")
    ('\\'=HYPERLINK("x")', '-5', 'Amina')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


def formula_unsafe(value: str) -> str:
    """A cell written by :func:`formula_safe` as it was (``'=1+1`` back to ``=1+1``).

    >>> formula_unsafe("'=1+1"), formula_unsafe("'quoted"), formula_unsafe("-5")
    ('=1+1', "'quoted", '-5')
    """
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def csv_text(table: pd.DataFrame, float_format: str = "%g") -> str:
    """A table as CSV text that is safe to open in a spreadsheet: every text cell that would start a
    formula is neutralised (:func:`formula_safe`), headers included; UTF-8, ``\\n`` line ends.

    >>> import pandas as pd
    >>> print(csv_text(pd.DataFrame({"participant": ["=cmd|' /C calc'!A0"], "points": [-1.5]})), end="")
    participant,points
    '=cmd|' /C calc'!A0,-1.5
    """
    safe = table.rename(columns=lambda c: formula_safe(str(c)))
    safe = safe.apply(lambda column: column.map(formula_safe) if not _numeric(column) else column)
    return safe.to_csv(index=False, float_format=float_format, lineterminator="\n")


def _numeric(column: pd.Series) -> bool:
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    return is_numeric_dtype(column) or is_bool_dtype(column)


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


#: Characters kept although Unicode counts them as format characters: the joiners some scripts need in
#: names (Persian, Indic scripts, emoji sequences).
_JOINERS = {"\u200c", "\u200d"}


def printable(text: str) -> str:
    """``text`` with every control, format and separator character written as a visible escape
    (``\\x1b``, ``\\u202e``), so that no name or message can move a terminal's cursor, change its
    colours, ring its bell or reverse the text of a page; everything else unchanged.

    >>> printable("Amina\\x1b[31m\\a"), printable("José Pérez")
    ('Amina\\\\x1b[31m\\\\x07', 'José Pérez')
    """
    return "".join(ch if ch in _JOINERS or unicodedata.category(ch) not in _HIDDEN
                   else ch.encode("unicode_escape").decode("ascii") for ch in text)


_HIDDEN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
