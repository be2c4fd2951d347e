"""Opening the official files the loaders read (UN DESA, World Bank): the file, an xlsx workbook, a CSV.

Each function raises mlalib's errors naming the file and what was expected: a missing file is a
:class:`~mlalib.errors.DataFileNotFoundError`; a file that is not a workbook, a workbook without the
sheet, a CSV that is binary or not UTF-8 is a :class:`~mlalib.errors.DataFileError`. The loaders
check the layout of what they get (header rows, columns, cells).

Example
-------
>>> existing("no_such_file.xlsx", "UN DESA workbook")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
mlalib.errors.DataFileNotFoundError: UN DESA workbook not found: no_such_file.xlsx
"""

from __future__ import annotations

import csv
import io
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from mlalib.errors import DataFileError, DataFileNotFoundError, MissingPackageError


def existing(path: str | Path, what: str) -> Path:
    """``path`` as a Path if it is a file; :class:`DataFileNotFoundError` naming ``what`` otherwise."""
    path = Path(path)
    if not path.is_file():
        raise DataFileNotFoundError(f"{what} not found: {path}")
    return path


@contextmanager
def workbook(path: Path) -> Iterator[Any]:
    """An xlsx workbook opened read-only with cached values (closed after use); openpyxl comes with the
    ``[course]`` extra, and its absence is said in one line."""
    try:
        import openpyxl
    except ModuleNotFoundError:
        raise MissingPackageError("openpyxl", "reading an .xlsx workbook") from None

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises several types for files that are not xlsx
        raise DataFileError(f"{path.name} is not a readable .xlsx workbook ({type(err).__name__}: {err})") from None
    try:
        yield book
    finally:
        book.close()


def sheet_rows(path: Path, sheet: str, first_row: int, expected: str) -> list[tuple[Any, ...]]:
    """The values of sheet ``sheet`` from row ``first_row`` on; the error names the sheets there are
    and ``expected`` (the workbook the loader reads)."""
    with workbook(path) as book:
        if sheet not in book.sheetnames:
            raise DataFileError(f"{path.name} has no sheet '{sheet}' (sheets: {', '.join(book.sheetnames)}); "
                                f"expected {expected}")
        return list(book[sheet].iter_rows(min_row=first_row, values_only=True))


def csv_rows(path: Path, expected: str) -> list[list[str]]:
    """The rows of a UTF-8 CSV file (a byte-order mark is allowed); a binary or non-UTF-8 file is refused."""
    raw = path.read_bytes()
    if b"\x00" in raw[:65_536]:
        raise DataFileError(f"{path.name}: not a text file (it contains NUL bytes); expected {expected}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataFileError(f"{path.name}: not UTF-8 text (byte {err.start:,} is {raw[err.start]:#04x}); expected "
                            f"{expected}") from None
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as err:
        raise DataFileError(f"{path.name}: not a readable CSV file ({err}); expected {expected}") from None
