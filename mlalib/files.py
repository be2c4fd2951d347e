"""Files mlalib writes: atomically, CSV files that a spreadsheet opens without running formulas, and
text that cannot drive a terminal.

:func:`write_atomic` writes a temporary file in the same folder, then renames it: an
interrupted build therefore never leaves a half-written notebook behind (nor a report a
half-written page): a reader sees either the old file or the new one. A plain helper, usable
from every layer (the course tooling, and views such as :mod:`mlalib.views.report`).

:func:`csv_safe` applies the OWASP rule against CSV (formula) injection: a text cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with ``'``, so a
spreadsheet shows it as text instead of evaluating it (a participant named ``=HYPERLINK(...)``
stays a name). A cell that starts with ``'`` gets one more, so :func:`csv_restore` gives every
value back intact. :func:`csv_text` and :func:`write_csv` write whole tables that way, :func:`frame_csv` a DataFrame.

:func:`printable` writes control characters as visible escapes, for names and messages that reach a
terminal or a file.
Source: OWASP, "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection).

Example
-------
>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> write_atomic(target, "hello")
>>> target.read_text()
'hello'
>>> csv_safe("=1+1"), csv_safe("Amina"), csv_restore(csv_safe("=1+1")), csv_restore(csv_safe("'quoted"))
("'=1+1", 'Amina', '=1+1', "'quoted")
"""

from __future__ import annotations

import csv
import io
import math
import os
import tempfile
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

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


#: First characters that make a spreadsheet read a cell as a formula (OWASP), and the quote that escapes them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def csv_safe(value: Any) -> Any:
    """A text cell a spreadsheet shows as text: ``'`` before a formula's first character (see the module
    docstring); other values (numbers) unchanged. A NUL character, which no spreadsheet shows and Python 3.10's
    csv module can neither write nor read, becomes U+FFFD (the replacement character), the same on every Python.

    >>> csv_safe("=1+1"), csv_safe("a\\x00b"), csv_safe(3)
    ("'=1+1", 'a�b', 3)
    """
    if isinstance(value, str):
        value = value.replace("\x00", "\ufffd")
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def csv_restore(value: str) -> str:
    """The value :func:`csv_safe` was given, from the cell it wrote."""
    return value[1:] if value.startswith("'") else value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A CSV table (``\\n`` line ends, quotes where needed) whose text cells went through :func:`csv_safe`.

    >>> print(csv_text(["name", "points"], [["@Ana", 3], ["Bo, Jr.", 2.5]]), end="")
    name,points
    '@Ana,3
    "Bo, Jr.",2.5
    """
    out = io.StringIO()
    minimal = csv.writer(out, lineterminator="\n")
    # Python 3.11's writer quotes a cell holding "\n" but not one holding a lone "\r", which readers take for a
    # line end: such rows are written with every cell quoted
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in [header, *rows]:
        cells = [csv_safe(cell) for cell in row]
        (quoted if any(isinstance(c, str) and "\r" in c for c in cells) else minimal).writerow(cells)
    return out.getvalue()


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write :func:`csv_text` to ``path`` atomically (UTF-8)."""
    write_atomic(path, csv_text(header, rows))


def frame_csv(table: pd.DataFrame) -> str:
    """A DataFrame as :func:`csv_text`: whole numbers without decimals, others with up to 6 significant
    digits (``%g``), missing values empty, text cells safe (:func:`csv_safe`).

    >>> import pandas as pd
    >>> print(frame_csv(pd.DataFrame({"participant": ["=cmd|' /C calc'!A0"], "points": [-1.5]})), end="")
    participant,points
    '=cmd|' /C calc'!A0,-1.5
    """
    def cell(value: Any) -> Any:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        if isinstance(value, float):  # a number, never a text a spreadsheet could take for a formula
            return int(value) if value.is_integer() else float(f"{value:g}")
        return value

    return csv_text([str(c) for c in table.columns], ([cell(v) for v in row] for row in table.itertuples(index=False)))


#: Characters kept although Unicode counts them as format characters: the joiners some scripts need in
#: names (Persian, Indic scripts, emoji sequences).
_JOINERS = {"\u200c", "\u200d"}
_HIDDEN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def nfc(text: str) -> str:
    """``text`` in Unicode normal form C (``'José'`` typed as ``e`` + accent is the same name as ``é``)."""
    return unicodedata.normalize("NFC", text)


def printable(text: str) -> str:
    """``text`` with every control, format and separator character written as a visible escape
    (``\\x1b``, ``\\u202e``), so that no name or message can move a terminal's cursor, change its
    colours, ring its bell or reverse the text of a page; everything else unchanged.

    >>> printable("Amina\\x1b[31m\\a"), printable("José Pérez")
    ('Amina\\\\x1b[31m\\\\x07', 'José Pérez')
    """
    return "".join(ch if ch in _JOINERS or unicodedata.category(ch) not in _HIDDEN
                   else ch.encode("unicode_escape").decode("ascii") for ch in text)
