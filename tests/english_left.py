"""What a French or Spanish page must not show: English texts of the catalogs that have a translation
(:func:`english_left`), and text that reads as English by its function words (:func:`english_words`).

Shared by the scans of built courses (notebooks and their HTML) and of graded cohorts (feedback and summary pages).
Citations of publications (after "Source :"/"Fuente:", and titles in *italics*), code spans and math are left out
of :func:`english_words`: they stay in their original language.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from babel.messages.pofile import read_po

from tests.conftest import PROJECT

#: Text marked as English on purpose (a title that has no translation, the glossary's English column): a screen
#: reader reads it with an English voice, and it is not counted as left untranslated.
MARKED_ENGLISH = re.compile(r"<(\w+)[^>]*\blang=\\?[\"']en\\?[\"'][^>]*>.*?</\1>", re.S)
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


@lru_cache(maxsize=1)
def english_texts() -> frozenset[str]:
    """English texts of the catalogs that a French or Spanish edition must not show: the library's messages
    and every notebook's prose, where the translation says something else (fragments between placeholders, of
    three words or more)."""
    sources = []
    for path in [PROJECT / "mlalib" / "locale" / "fr" / "mlalib.po",
                 *sorted((PROJECT / "notebooks" / "locale" / "fr").glob("*.po"))]:
        with path.open("rb") as handle:
            sources += [(str(m.id), str(m.string)) for m in read_po(handle) if m.id and m.string]
    found = set()
    for source, translation in sources:
        if source.strip() == translation.strip():
            continue
        for piece in re.split(r"\{[^}]*\}|\n", source):
            words = WORD.findall(re.sub(r"[*_`#>|\[\]()]", " ", piece))
            if len(words) >= 3:
                found.add(" ".join(words))
    return frozenset(found)


def page_text(page: str) -> str:
    """The words a reader reads on an HTML page: its body without scripts, styles, tags or English marked as such,
    and without the code of code cells (column names and codes stay as written, so that participants type them;
    the build translates the code's comments and the texts given to ``tr``, which the notebooks' catalogs hold)."""
    body = page.split("<body", 1)[-1]
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", body)
    body = re.sub(r'(?s)<div class="highlight[^"]*">\s*<pre>.*?</pre>', " ", body)
    return re.sub(r"<[^>]+>", " ", MARKED_ENGLISH.sub(" ", html.unescape(body)))


def english_left(shown: str) -> list[str]:
    """The catalogs' English texts found, as whole words, in ``shown``."""
    words = f" {' '.join(WORD.findall(shown))} "
    return sorted(text for text in english_texts() if f" {text} " in words)


#: English function words that do not exist (or are very rare) as words in French and Spanish.
ENGLISH = frozenset(
    "the and of is are with that this which you your what how from be it its was were will would can not "
    "than there their these those between each into only also when where who does been should could".split()
)
FOREIGN = {
    "fr": frozenset("le la les des du de et est sont avec que qui vous votre pour dans par une un au aux ce cette".split()),
    "es": frozenset("el la los las de del y es son con que su sus para por una un en al este esta usted".split()),
}
#: Names and citations that may stay as they are (checked texts are cleaned of them first).
ALLOWED = re.compile(r"International Migrant Stock 2020|Remittance Prices Worldwide|Scientific Data|"
                     r"World Development Indicators|Abel & Cohen|Abel & Sander|mlalib|SmaRT", re.I)


def english_words(text: str, language: str) -> list[str]:
    """The English function words of a participant-visible text, if it reads as English."""
    text = re.sub(r"(?s)```.*?```|\$\$.*?\$\$|`[^`]*`|https?://\S+|<[^>]+>", " ", text)
    text = re.sub(r"(?<![*\w])\*(?!\*)[^*\n]+\*(?!\*)", " ", text)  # *Titles in italics*
    text = re.sub(r"(?i)\b(source|sources|fuente|fuentes)\s*:.*", " ", text)  # citations after "Source:"
    text = ALLOWED.sub(" ", text)
    text = re.sub(r"\b[A-Z]{2,}\b", " ", text)  # codes and acronyms: ARE (United Arab Emirates), CAN, SDG
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text.casefold())
    english = [w for w in words if w in ENGLISH]
    foreign = [w for w in words if w in FOREIGN[language]]
    if len(words) <= 6:
        return english if english and not foreign else []
    return english if len(english) >= 2 and len(english) * 3 > len(foreign) else []
