"""Syntax errors explained in the cohort's language (mlalib.exercises.syntax_help): the decimal comma."""

from __future__ import annotations

import re

import nbformat
import pytest

from mlalib.exercises.syntax_help import decimal_comma_explanation
from mlalib.i18n import text


def _error(line: str) -> SyntaxError:
    try:
        compile(line, "<cell>", "exec")
    except SyntaxError as error:
        return error
    raise AssertionError(f"{line!r} is valid Python")


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("line, given, suggested, corrected", [
    ("answer = 2,02", "2,02", "2.02", "answer = 2.02"),
    ("answer = 0,05  # five per cent", "0,05", "0.05", "answer = 0.05  # five per cent"),
    ("rate = 100 * (1,007 - 1)", "1,007", "1.007", "rate = 100 * (1.007 - 1)"),
    ("check('start-rate-of-change', 2,02)", "2,02", "2.02", "check('start-rate-of-change', 2.02)"),
])
def test_a_decimal_comma_that_python_cannot_read_is_explained_with_the_line_to_write(
        line, given, suggested, corrected, language):
    whole, decimals = given.split(",")
    assert decimal_comma_explanation(_error(line), language) == text(
        "syntax.decimal_comma", language, given=given, whole=whole, decimals=decimals, suggested=suggested,
        line=corrected)


@pytest.mark.parametrize("line", [
    "x = = 1",                      # another syntax error
    "x = '2,02' +",                 # the comma is inside a text
    "x = (1 +  # 2,05",             # or in a comment
    "x = 2 ,02",                    # a space before the comma: two values, not a decimal comma
    "print(f(1,02x))",              # not a number
])
def test_other_syntax_errors_get_no_explanation(line):
    assert decimal_comma_explanation(_error(line), "fr") is None


@pytest.fixture(scope="module")
def executed() -> dict[str, list]:
    """A tiny notebook run in a real kernel per language: a decimal comma before and after configure(), and other
    errors that must be shown exactly as IPython shows them."""
    from nbclient import NotebookClient

    from mlalib.course.kernels import IPCKernelManager

    cells = {}
    for language in ("en", "fr", "es"):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in (
            "answer = 2,02",
            f"from mlalib.exercises import check, configure\nctx = configure({{'language': '{language}'}})",
            "answer = 2,02",
            "x = = 1",
            "exec('y = 0,05')",
            "for i in range(2):\nprint(i)",
            "answer = 2.02\ncheck('start-rate-of-change', answer).status",
        )])
        NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                       kernel_manager_class=IPCKernelManager).execute()
        cells[language] = [cell.outputs for cell in nb.cells]
    return cells


def _error_of(outputs: list) -> tuple[str, str]:
    errors = [o for o in outputs if o.output_type == "error"]
    assert len(errors) == 1, outputs
    return errors[0].ename, re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(errors[0].traceback))


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_in_a_kernel_a_decimal_comma_is_explained_in_the_cohort_language_once_configured(executed, language):
    outputs = executed[language]
    explanation = text("syntax.decimal_comma", language, given="2,02", whole="2", decimals="02", suggested="2.02",
                       line="answer = 2.02")
    before, after = _error_of(outputs[0]), _error_of(outputs[2])
    assert before[0] == after[0] == "SyntaxError"
    assert "leading zeros" in before[1] and "leading zeros" in after[1]  # Python's own message is kept
    assert explanation not in before[1] and after[1].endswith(explanation)
    for cell, error in ((3, "SyntaxError"), (4, "SyntaxError"), (5, "IndentationError")):
        ename, shown = _error_of(outputs[cell])
        assert ename == error and explanation.split(":")[0] not in shown
    assert "exec" in _error_of(outputs[4])[1]  # an error raised while running keeps its traceback
    assert [o.data["text/plain"] for o in outputs[6] if o.output_type == "execute_result"] == ["'correct'"]
