"""Participant-visible words, kept in one catalog per course language.

The catalogs live in ``mlalib/messages/<language>.yaml``; every key of the English catalog
must exist in the others (a test checks it), so French and Spanish cohorts never see a
missing message.

Example
-------
>>> from mlalib.i18n import text
>>> text("check.correct", "en")
'Correct!'
>>> text("check.correct", "fr")
'Correct !'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from mlalib.errors import InputError

LANGUAGES: dict[str, str] = {"en": "English", "fr": "French", "es": "Spanish"}
_CATALOG_DIR = Path(__file__).resolve().parent / "messages"


@lru_cache(maxsize=None)
def catalog(language: str) -> dict[str, str]:
    """All messages of one language as a flat ``{"section.key": text}`` mapping."""
    if language not in LANGUAGES:
        raise InputError(
            f"language '{language}' is not a course language; accepted: {', '.join(LANGUAGES)}"
        )
    raw = yaml.safe_load((_CATALOG_DIR / f"{language}.yaml").read_text(encoding="utf-8"))
    return dict(_flatten(raw))


def _flatten(node: Any, prefix: str = ""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _flatten(value, f"{prefix}{key}.")
    else:
        yield prefix[:-1], str(node)


def text(key: str, language: str = "en", **values: Any) -> str:
    """The message ``key`` in ``language``, with ``{placeholders}`` filled from ``values``."""
    messages = catalog(language)
    if key not in messages:
        raise InputError(f"no message '{key}' in the {LANGUAGES[language]} catalog")
    return messages[key].format(**values) if values else messages[key]
