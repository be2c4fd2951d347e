"""The course glossary: its terms in English, French and Spanish, with definitions and sources.

The glossary is data, ``mlalib/locale/glossary.csv`` (one row per term: ``id``, ``term_<language>``
and ``definition_<language>`` for every course language, the ``source`` of the definition and a
``note`` for maintainers on wording that differs between official texts). Notebook
``99_glossary`` shows it to participants in their language.

Example
-------
>>> table = glossary("fr")
>>> table.loc[table["id"] == "personal-remittances", "term"].item()
'envois de fonds personnels'
>>> page = GlossaryTable("es")._repr_html_()
>>> "Glosario" in page, '<span lang="fr">envois de fonds personnels</span>' in page
(True, True)
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from babel import Locale

from mlalib.errors import DataFileError
from mlalib.i18n import LANGUAGES, LOCALE_DIR, require_language, text

GLOSSARY_FILE = LOCALE_DIR / "glossary.csv"


@lru_cache(maxsize=1)
def _rows() -> pd.DataFrame:
    table = pd.read_csv(GLOSSARY_FILE, dtype=str, keep_default_na=False)
    expected = ["id", *(f"{kind}_{lang}" for kind in ("term", "definition") for lang in LANGUAGES), "source", "note"]
    missing = [c for c in expected if c not in table.columns]
    if missing:
        raise DataFileError(f"{GLOSSARY_FILE}: missing column(s) {missing}")
    required = [c for c in expected if c != "note"]
    empty = table[required].eq("").stack()
    if empty.any():
        row, column = empty[empty].index[0]
        raise DataFileError(f"{GLOSSARY_FILE}: row {row + 2} ({table.at[row, 'id']}) has no {column}")
    return table


def glossary(language: str = "en") -> pd.DataFrame:
    """The glossary in one language: ``id, term, definition, source`` and the term in the other languages
    (columns ``term_<language>``), sorted by term."""
    require_language(language)
    table = _rows()
    others = [lang for lang in LANGUAGES if lang != language]
    out = pd.DataFrame({"id": table["id"], "term": table[f"term_{language}"],
                        "definition": table[f"definition_{language}"], "source": table["source"]})
    for lang in others:
        out[f"term_{lang}"] = table[f"term_{lang}"]
    return out.sort_values("term", key=lambda s: s.str.casefold()).reset_index(drop=True)


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
            '<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>'.format(
                html.escape(row.term), html.escape(row.definition), html.escape(row.source),
                "<br>".join(text("glossary.term_in_language", lang, name=html.escape(names[other]),
                                 term=f'<span lang="{other}">{html.escape(getattr(row, f"term_{other}"))}</span>')
                            for other in others))
            for row in rows.itertuples())
        return (f"<h2>{html.escape(text('glossary.title', lang))}</h2><p>{html.escape(text('glossary.intro', lang))}</p>"
                f'<table style="text-align:left"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')

    def __repr__(self) -> str:
        rows = glossary(self.language)
        return "\n".join(f"{row.term}: {row.definition}" for row in rows.itertuples())
