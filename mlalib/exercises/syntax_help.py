"""Syntax errors explained in the cohort's language: the decimal comma.

French and Spanish write 2.02 as ``2,02``. In Python a comma separates values, so
``answer = 2,02`` would be the two values 2 and 02, and a whole number may not start with 0:
Python stops with its English ``SyntaxError: leading zeros in decimal integer literals are not
permitted`` before any check runs. Once :func:`mlalib.exercises.configure` has run in an IPython
kernel, such an error is shown as Python shows it, followed by what happened and what to write
instead, in the cohort's language (messages ``syntax.decimal_comma``). The code is never changed:
the cell still fails, and the participant corrects it.

The explanation goes through IPython's public hook for exceptions,
``InteractiveShell.set_custom_exc``, for :class:`SyntaxError` only; every other syntax error
is shown exactly as IPython shows it. (``74,21``, a decimal comma whose decimals do not start
with 0, is valid Python, a pair of numbers: :func:`mlalib.exercises.check` explains that one.)

Example
-------
>>> error = SyntaxError("leading zeros in decimal integer literals are not permitted", ("<cell>", 1, 12,
...                     "answer = 2,02\\n"))
>>> print(decimal_comma_explanation(error, "en"))  # doctest: +NORMALIZE_WHITESPACE
Python writes decimals with a point, not a comma: it reads 2,02 as two values, 2 and 02, and stops because a
whole number may not start with 0. Write 2.02, with a point: answer = 2.02
>>> decimal_comma_explanation(SyntaxError("invalid syntax", ("<cell>", 1, 5, "x = = 1\\n")), "en") is None
True
"""

from __future__ import annotations

import re
import traceback
from typing import Any, Callable

from mlalib.i18n import text

#: A number written with a decimal comma whose decimals start with 0 (``2,02``, ``0,05``): a syntax error in
#: Python, where ``2,02`` would be two values and 02 is not a number. ``2,00`` is valid (2 and 0), hence the
#: non-zero digit required after the zeros.
DECIMAL_COMMA = re.compile(r"(?<![\w.])(?P<whole>\d+),(?P<decimals>0+[1-9]\d*)(?![\w.])")


def decimal_comma_explanation(error: SyntaxError, language: str) -> str | None:
    """What a decimal comma in the line of ``error`` did, and the line to write instead; None if there is none.

    Only the line Python stopped at is read (``error.text``); texts and comments in it are left
    alone (a comma inside quotes or after ``#`` is not a number).
    """
    line = (error.text or "").rstrip("\n")
    code = _code_part(line)
    found = DECIMAL_COMMA.search(code)
    if found is None:
        return None
    corrected = line
    for match in reversed(list(DECIMAL_COMMA.finditer(code))):  # the same positions in the line as written
        corrected = corrected[:match.start()] + f"{match['whole']}.{match['decimals']}" + corrected[match.end():]
    return text("syntax.decimal_comma", language, given=found.group(0), whole=found["whole"],
                decimals=found["decimals"], suggested=f"{found['whole']}.{found['decimals']}", line=corrected.strip())


def _code_part(line: str) -> str:
    """``line`` with every text literal blanked out and without its comment (same length up to the comment).

    >>> _code_part("x = '2,02'  # 3,05")
    "x = '    '  "
    """
    out, quote, i = [], "", 0
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\":
                out.append("  ")
                i += 2
                continue
            out.append(ch if ch == quote else " ")
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "#":
            break
        else:
            out.append(ch)
        i += 1
    return "".join(out)[: len(line)]


def explain_syntax_errors(language: Callable[[], str]) -> bool:
    """Explain decimal commas in the syntax errors of this IPython kernel, in ``language()`` at the time.

    Returns False outside IPython (a script, a test run): nothing to install. Installing again
    replaces the previous explanation (each :func:`~mlalib.exercises.configure` call).
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False

    def show(shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: int | None = None) -> None:
        explanation = decimal_comma_explanation(value, language()) if isinstance(value, SyntaxError) else None
        if _raised_while_running(tb):  # exec(), eval() or an import: as IPython shows any error while running
            shell.showtraceback((etype, value, tb), tb_offset=tb_offset, running_compiled_code=True)
        elif explanation is None:
            shell.showindentationerror() if issubclass(etype, IndentationError) else shell.showsyntaxerror()
        else:
            structured = shell.SyntaxTB.structured_traceback(etype, value, [])
            shell._showtraceback(etype, value, [*structured, "", explanation])

    shell.set_custom_exc((SyntaxError,), show)
    return True


def _raised_while_running(tb: Any) -> bool:
    """True if the syntax error was raised by running code, not by reading the cell (IPython's ``run_code``)."""
    return tb is not None and any(frame.name == "run_code" for frame in traceback.extract_tb(tb, limit=1))


__all__ = ["DECIMAL_COMMA", "decimal_comma_explanation", "explain_syntax_errors"]
