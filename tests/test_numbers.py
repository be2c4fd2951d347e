"""Numbers in views: rounded by their size (two significant digits at least, never "0" for 0.036), written as the
cohort's language writes them, and every view writes its numbers through mlalib.views.numbers."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import pytest

from mlalib.views.numbers import number_text, places, rounded

VIEWS = Path(__file__).resolve().parents[1] / "mlalib" / "views"


@pytest.mark.parametrize("value, decimals, expected", [
    (0.036445, 0, "0.036"), (0.036445, 1, "0.036"), (0.5, 0, "0.5"), (0.5, 2, "0.50"), (1.44, 0, "1.4"),
    (153.2, 0, "153"), (5_996_161.0, 0, "5,996,161"), (5.254592, 1, "5.3"), (-0.00123, 1, "-0.0012"),
    (0.0999, 1, "0.1"), (0.0, 2, "0.00"), (12, 0, "12"),
])
def test_a_number_keeps_its_places_and_at_least_two_significant_digits(value, decimals, expected):
    assert number_text(value, "en", decimals) == expected


def test_numbers_are_written_as_the_language_writes_them():
    assert [number_text(1234.56, language) for language in ("en", "fr", "es")] == ["1,234.6", "1\u202f234,6",
                                                                                    "1.234,6"]
    assert number_text(0.036445, "fr", 0) == "0,036"


def test_missing_values_are_a_dash_and_stay_missing_in_figures():
    assert number_text(float("nan"), "en") == number_text(None, "en") == "–"
    values = rounded([0.0364, None, 1234.56], 1)
    assert values[0] == 0.036 and math.isnan(values[1]) and values[2] == 1234.6


def test_places_never_drop_below_the_places_asked_for():
    for value in (0.000123, 0.5, 7.25, 99.95, 12345.678):
        for decimals in range(4):
            assert places(value, decimals) >= decimals


def test_every_view_writes_its_numbers_through_the_numbers_module():
    """No view formats or rounds numbers by itself: ``format_number`` and ``.round()`` only in views.numbers."""
    offenders = []
    for path in sorted(VIEWS.glob("*.py")):
        if path.name == "numbers.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name in {"format_number", "round"}:
                    offenders.append(f"{path.name}:{node.lineno} {name}")
    assert offenders == []
