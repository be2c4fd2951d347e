"""The course glossary and term base: one term per concept in English, French and Spanish.

The glossary is data, ``mlalib/locale/glossary.csv``, one row per concept:

* ``id``; ``term_<language>`` and ``definition_<language>`` for every course language; the
  ``source`` of the definition;
* the **term base**: ``status_fr`` and ``status_es``, the status of the French and Spanish term
  (``official``: the wording of an official text in that language; ``course's choice``: no
  official text fixes it, or none could be read); ``term_source``, the official text that fixes
  the terms (or why they are the course's choice); ``avoid_fr`` and ``avoid_es``, the forms *to
  avoid* in that language, as regular expressions (case-insensitive) separated by ``" | "``;
* a ``note`` for maintainers.

Notebook ``99_glossary`` shows the glossary to participants in their language, with each term's
status. :func:`wrong_terms` finds the forms to avoid in a text; a test holds every catalog (the
notebooks' and the library's) to it.

Example
-------
>>> table = glossary("fr")
>>> table.loc[table["id"] == "personal-remittances", "term"].item()
'envois de fonds personnels'
>>> page = GlossaryTable("es")._repr_html_()
>>> "Glosario" in page, '<span lang="fr">envois de fonds personnels</span>' in page
(True, True)
>>> [(w.found, w.term) for w in wrong_terms("Les pays cibles et les immigrés", "fr")]
[('pays cibles', 'pays prioritaire'), ('immigrés', 'immigrant')]
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from babel import Locale

from mlalib.errors import DataFileError
from mlalib.i18n import LANGUAGES, LOCALE_DIR, SOURCE_LANGUAGE, require_language, text

GLOSSARY_FILE = LOCALE_DIR / "glossary.csv"
#: The statuses of a French or Spanish term (the forms to avoid are listed apart, in ``avoid_<language>``).
STATUSES = ("official", "course's choice")
#: Languages whose terms have a status and forms to avoid (English is the source).
TRANSLATED = tuple(language for language in LANGUAGES if language != SOURCE_LANGUAGE)
#: Separates the forms to avoid in one cell of ``avoid_<language>``.
AVOID_SEPARATOR = " | "


@lru_cache(maxsize=1)
def _rows() -> pd.DataFrame:
    table = pd.read_csv(GLOSSARY_FILE, dtype=str, keep_default_na=False)
    expected = ["id", *(f"{kind}_{lang}" for kind in ("term", "definition") for lang in LANGUAGES), "source",
                *(f"status_{lang}" for lang in TRANSLATED), "term_source", *(f"avoid_{lang}" for lang in TRANSLATED),
                "note"]
    missing = [c for c in expected if c not in table.columns]
    if missing:
        raise DataFileError(f"{GLOSSARY_FILE}: missing column(s) {missing}")
    required = [c for c in expected if c != "note" and not c.startswith("avoid_")]
    empty = table[required].eq("").stack()
    if empty.any():
        row, column = empty[empty].index[0]
        raise DataFileError(f"{GLOSSARY_FILE}: row {row + 2} ({table.at[row, 'id']}) has no {column}")
    for language in TRANSLATED:
        wrong = table[~table[f"status_{language}"].isin(STATUSES)]
        if len(wrong):
            raise DataFileError(f"{GLOSSARY_FILE}: row {wrong.index[0] + 2} ({wrong['id'].iloc[0]}): status_{language} "
                                f"must be one of {list(STATUSES)}, got {wrong[f'status_{language}'].iloc[0]!r}")
    if table["id"].duplicated().any():
        raise DataFileError(f"{GLOSSARY_FILE}: id {table.loc[table['id'].duplicated(), 'id'].iloc[0]!r} is used twice")
    return table


def glossary(language: str = "en") -> pd.DataFrame:
    """The glossary in one language: ``id, term, definition, source``, the term in the other languages
    (columns ``term_<language>``) and, for French and Spanish, the ``status`` of the term; sorted by term."""
    require_language(language)
    table = _rows()
    others = [lang for lang in LANGUAGES if lang != language]
    out = pd.DataFrame({"id": table["id"], "term": table[f"term_{language}"],
                        "definition": table[f"definition_{language}"], "source": table["source"]})
    if language in TRANSLATED:
        out["status"] = table[f"status_{language}"]
    for lang in others:
        out[f"term_{lang}"] = table[f"term_{lang}"]
    return out.sort_values("term", key=lambda s: s.str.casefold()).reset_index(drop=True)


@dataclass(frozen=True)
class WrongTerm:
    """A form to avoid found in a text: what was found, where (character offset), and the term to use."""

    found: str
    start: int
    term: str
    term_id: str


@lru_cache(maxsize=len(TRANSLATED))
def _avoided(language: str) -> tuple[tuple[re.Pattern[str], str, str], ...]:
    """(pattern, term, id) for every form to avoid in ``language``; a pattern that is not a regular expression is
    named with its row."""
    found = []
    for row in _rows().itertuples():
        for form in filter(None, getattr(row, f"avoid_{language}").split(AVOID_SEPARATOR)):
            try:
                found.append((re.compile(form.strip(), re.IGNORECASE), getattr(row, f"term_{language}"), row.id))
            except re.error as error:
                raise DataFileError(f"{GLOSSARY_FILE}: {row.id}, avoid_{language}: {form.strip()!r} is not a regular "
                                    f"expression ({error})") from None
    return tuple(found)


def wrong_terms(content: str, language: str) -> list[WrongTerm]:
    """The forms to avoid (column ``avoid_<language>`` of the term base) found in ``content``, in text order.

    English, the source language, has none.

    >>> wrong_terms("Pacto Mundial para una Migración Segura", "es")[0].term
    'Pacto Mundial para la Migración Segura, Ordenada y Regular'
    >>> wrong_terms("Les répondants", "fr")
    []
    """
    require_language(language)
    if language not in TRANSLATED:
        return []
    found = [WrongTerm(match.group(0), match.start(), term, term_id)
             for pattern, term, term_id in _avoided(language) for match in pattern.finditer(content)]
    return sorted(found, key=lambda wrong: (wrong.start, wrong.term_id))


@dataclass(frozen=True)
class GlossaryTable:
    """The glossary shown as a table in a notebook, with headings in the participant's language."""

    language: str = "en"

    def _repr_html_(self) -> str:
        lang = self.language
        rows = glossary(lang)
        others = [other for other in LANGUAGES if other != lang]
        head = "".join(f'<th scope="col">{html.escape(text(f"glossary.{c}", lang))}</th>'
                       for c in ("term", "definition", "source", "in_other_languages"))
        names = {other: Locale.parse(other).get_display_name(lang) for other in others}
        # each term in another language is marked with its language, so a screen reader reads it in that voice
        body = "".join(
            '<tr><th scope="row">{}{}</th><td>{}</td><td>{}</td><td>{}</td></tr>'.format(
                html.escape(row.term), self._status(getattr(row, "status", "")), html.escape(row.definition),
                html.escape(row.source),
                "<br>".join(text("glossary.term_in_language", lang, name=html.escape(names[other]),
                                 term=f'<span lang="{other}">{html.escape(getattr(row, f"term_{other}"))}</span>')
                            for other in others))
            for row in rows.itertuples())
        return (f"<h2>{html.escape(text('glossary.title', lang))}</h2><p>{html.escape(text('glossary.intro', lang))}</p>"
                f'<table style="text-align:left"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')

    def _status(self, status: str) -> str:
        """The status of a French or Spanish term, under it (nothing in English)."""
        if not status:
            return ""
        key = {"official": "glossary.status.official", "course's choice": "glossary.status.course_choice"}[status]
        return f"<br><small>{html.escape(text(key, self.language))}</small>"

    def __repr__(self) -> str:
        rows = glossary(self.language)
        return "\n".join(f"{row.term}: {row.definition}" for row in rows.itertuples())
