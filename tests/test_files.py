"""mlalib.files: atomic writes, and CSV cells a spreadsheet shows as text (OWASP, "CSV Injection")."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from mlalib.files import csv_restore, csv_safe, csv_text, write_csv

FORMULAS = ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://example.org","x")', "'=1", "'"]


def test_formula_cells_are_prefixed_and_read_back_intact(tmp_path):
    path = tmp_path / "table.csv"
    write_csv(path, ["name", "points"], [[value, 1.5] for value in FORMULAS] + [["Amina Diallo", -2]])
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["name", "points"]
    assert [row[0] for row in rows[1:]] == ["'" + value for value in FORMULAS] + ["Amina Diallo"]
    assert [csv_restore(row[0]) for row in rows[1:]] == FORMULAS + ["Amina Diallo"]
    assert rows[-1][1] == "-2"  # numbers are not text: a negative number stays a number


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.text(), min_size=1, max_size=5))
def test_any_text_is_written_safe_and_read_back_intact(values):
    cells = next(csv.reader(io.StringIO(csv_text(values, []), newline="")))
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    written = [value.replace("\x00", "\ufffd") for value in values]  # NUL: the replacement character
    assert [csv_restore(cell) for cell in cells] == written
    assert [csv_restore(csv_safe(value)) for value in values] == written
