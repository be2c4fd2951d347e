"""Participant-visible words in every course language, from gettext catalogs.

There is one way to translate: gettext ``.po`` catalogs, read and written with Babel.

* The library's own messages (check feedback, figure titles, widget labels, grading pages...)
  have their English source in ``mlalib/locale/mlalib.pot``: one entry per message, the
  message key as ``msgctxt`` (``check.correct``) and the English text as ``msgid``. Their
  translations are ``mlalib/locale/<language>/mlalib.po``.
* The prose of each master notebook has its own catalog per language,
  ``notebooks/locale/<language>/<notebook>.po`` (see :mod:`mlalib.course.translation`).

A translation that is missing or marked *fuzzy* (its English source changed since it was
translated) is never used: the English text is shown instead, and ``mlalib i18n stats``,
``mlalib build --check`` and the build report it.

Example
-------
>>> from mlalib.i18n import text
>>> text("check.correct", "en")
'Correct!'
>>> text("check.correct", "fr")
'Correct !'
>>> text("check.close", "es", tolerance="5%")[:5]
'Casi:'
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po

from mlalib.errors import CatalogError, InputError, shown

LANGUAGES: dict[str, str] = {"en": "English", "fr": "French", "es": "Spanish"}
#: The language every source text is written in.
SOURCE_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: English source of the library's messages (msgctxt = message key, msgid = English text).
TEMPLATE = LOCALE_DIR / "mlalib.pot"
#: ``msgctxt`` of the hints of exercises, whose English text is written in the exercise modules.
HINT_CONTEXT = "exercise hint"
#: ``msgctxt`` of the rubric criteria of written exercises, whose English text is written in the exercise modules.
RUBRIC_CONTEXT = "exercise rubric"

_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_.]*(?:[!:][^{}]*)?\}")


def require_language(language: str, argument: str = "language") -> str:
    """Return ``language`` if it is a course language; raise :class:`InputError` otherwise."""
    if not isinstance(language, str) or language not in LANGUAGES:
        raise InputError(
            f"argument '{argument}' must be a course language ({', '.join(LANGUAGES)}), got {shown(language)}"
        )
    return language


def library_catalog_path(language: str) -> Path:
    """``mlalib/locale/<language>/mlalib.po`` (the template for English)."""
    require_language(language)
    return TEMPLATE if language == SOURCE_LANGUAGE else LOCALE_DIR / language / "mlalib.po"


def read_catalog(path: str | Path, language: str | None = None) -> Catalog:
    """Read a ``.po``/``.pot`` file and check its placeholders.

    Raises
    ------
    CatalogError
        One line naming the file, the line and the string: a syntax error, or a translation
        whose ``{placeholders}`` differ from those of its English source.
    """
    path = Path(path)
    try:
        _check_syntax(path, path.read_text(encoding="utf-8"))
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=None, abort_invalid=True)
    except FileNotFoundError:
        raise CatalogError(f"{path}: catalog not found; create it with: mlalib i18n update") from None
    except PoFileError as err:
        where = getattr(err, "lineno", None)
        raise CatalogError(f"{path}:{where}: not a valid .po file: {err}; near {_near(path, where)}") from None
    except (UnicodeDecodeError, ValueError) as err:
        raise CatalogError(f"{path}: not a valid .po file: {err}") from None
    for message in catalog:
        if message.id:
            _check_placeholders(message, path)
            _check_markup(message, path)
    return catalog


_PO_LINE = re.compile(
    r'^\s*(#.*|(#~\s*)?((msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+)?"([^"\\]|\\.)*"\s*|)$'
)


def _check_syntax(path: Path, content: str) -> None:
    """Every line of a .po file is a comment, a keyword with a quoted string, a quoted string or blank."""
    for number, line in enumerate(content.splitlines(), start=1):
        if not _PO_LINE.match(line):
            raise CatalogError(f"{path}:{number}: not a valid .po file (expected a keyword such as msgid or "
                               f"msgstr followed by a string in double quotes, closed on the same line); "
                               f"near {line.strip()[:80]!r}")


def _near(path: Path, lineno: int | None) -> str:
    if not lineno:
        return "the start of the file"
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return repr(lines[lineno - 1].strip()[:80]) if 0 < lineno <= len(lines) else "the end of the file"


def placeholders(message: str) -> list[str]:
    """The ``{name}`` placeholders of a message, sorted (format specs included)."""
    return sorted(_PLACEHOLDER.findall(message))


def _check_placeholders(message: Message, path: Path) -> None:
    if not isinstance(message.string, str) or not message.string:
        return
    source, translated = str(message.id), message.string
    where = f"{path}:{message.lineno}"
    label = f"msgid {_short(source)}" + (f" (msgctxt {message.context!r})" if message.context else "")
    if placeholders(source) != placeholders(translated):
        raise CatalogError(f"{where}: the translation of {label} has the placeholders "
                           f"{placeholders(translated) or 'none'}, the English text {placeholders(source) or 'none'}")
    if message.context and placeholders(source):  # library messages are filled with str.format
        try:
            list(string.Formatter().parse(translated))
        except ValueError as err:
            raise CatalogError(f"{where}: the translation of {label} is not a valid message ({err})") from None


_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTRIBUTE = re.compile(r"([^\s=/]+)\s*(?:=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_CODE = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_LINK = re.compile(r"\]\(\s*([^)\s]+)|(?:href|src)\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)
_QUOTED = re.compile(r"\"[^\"`\\\\]*\"|'[^'`\\\\]*'")
_SCHEME = re.compile(r"\b(javascript|vbscript|data|file)\s*:", re.IGNORECASE)


def markup(message: str) -> list[str]:
    """What in a message is not plain text: HTML tags (name and attribute names), comments, code spans,
    link targets and script-like URL schemes, each as a short signature.

    >>> markup('See <a href="https://ilo.org">ILO</a> and `check()`')
    ['<a href>', '</a>', '`check()`', 'link https://ilo.org']
    """
    found = [f"<{closing}{name.lower()}{''.join(' ' + a.lower() for a in sorted(_ATTRIBUTE.findall(attributes)))}>"
             for closing, name, attributes in _TAG.findall(message)]
    found += ["<!--"] * message.count("<!--")
    # a quoted answer option (`"yes"`: `"oui"`) is a word the translator translates, not code
    found += [f"`{code}`" for _, code in _CODE.findall(message) if not _QUOTED.fullmatch(code.strip())]
    found += [f"link {a or b}" for a, b in _LINK.findall(message)]
    found += [f"scheme {scheme.lower()}:" for scheme in _SCHEME.findall(message)]
    return found


def added_markup(source: str, translation: str) -> list[str]:
    """The markup of ``translation`` that ``source`` lacks (:func:`markup`, counted): a translation is
    plain text where the English is, and may not add a tag, an attribute, code or a link.

    >>> added_markup("Read the **guide**.", "Lisez le **guide** <script>alert(1)</script>.")
    ['<script>', '</script>']
    >>> added_markup("Use `check()`.", "Utilisez `check()`.")
    []
    """
    available = markup(source)
    extra = []
    for piece in markup(translation):
        if piece in available:
            available.remove(piece)
        else:
            extra.append(piece)
    return extra


def _check_markup(message: Message, path: Path) -> None:
    """A translation may not add markup (:func:`added_markup`), nor a line break where the English text
    must stay on one line (a code comment or a text shown by code)."""
    if not isinstance(message.string, str) or not message.string:
        return
    where = f"{path}:{message.lineno}"
    label = f"msgid {_short(str(message.id))}" + (f" (msgctxt {message.context!r})" if message.context else "")
    extra = added_markup(str(message.id), message.string)
    if extra:
        raise CatalogError(f"{where}: the translation of {label} adds {', '.join(extra[:3])}, which the English "
                           "text does not have; a translation is plain text where the English is")
    one_line = any("keep it on one line" in comment for comment in message.auto_comments)
    if one_line and "\n" in message.string:
        raise CatalogError(f"{where}: the translation of {label} has a line break; it is a code comment or a text "
                           "shown by code: keep it on one line")


def _short(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:57] + "...")


def usable(message: Message | None) -> str | None:
    """A message's translation if it can be shown (translated and not fuzzy), else None."""
    if message is None or message.fuzzy or not isinstance(message.string, str) or not message.string:
        return None
    return message.string


@dataclass(frozen=True)
class Coverage:
    """How much of one catalog is translated: fuzzy entries count as not translated."""

    path: Path
    language: str
    total: int
    translated: int
    fuzzy: tuple[str, ...]
    untranslated: tuple[str, ...]

    @property
    def percent(self) -> float:
        return 100.0 if self.total == 0 else 100.0 * self.translated / self.total

    @property
    def complete(self) -> bool:
        return self.translated == self.total


def coverage(path: str | Path, language: str, template_ids: list[tuple[str, str | None]] | None = None) -> Coverage:
    """Coverage of the catalog at ``path`` against its English source (``template_ids``:
    (msgid, msgctxt) pairs; default: the catalog's own entries). A missing file covers nothing."""
    path = Path(path)
    catalog = read_catalog(path) if path.is_file() else Catalog(locale=None)
    ids = template_ids if template_ids is not None else [(str(m.id), m.context) for m in catalog if m.id]
    fuzzy, missing = [], []
    for msgid, context in ids:
        message = catalog.get(msgid, context=context)
        if usable(message) is None:
            label = context or msgid
            (fuzzy if message is not None and message.fuzzy and message.string else missing).append(label)
    return Coverage(path, language, len(ids), len(ids) - len(fuzzy) - len(missing), tuple(fuzzy), tuple(missing))


@lru_cache(maxsize=None)
def catalog(language: str) -> dict[str, str]:
    """All library messages of one language as ``{key: text}``.

    A message that is not translated (or is fuzzy) in that language keeps its English text.
    """
    require_language(language)
    english = {m.context: str(m.id) for m in read_catalog(TEMPLATE) if m.id and m.context
               and m.context not in (HINT_CONTEXT, RUBRIC_CONTEXT)}
    if language == SOURCE_LANGUAGE:
        return english
    translated = read_catalog(library_catalog_path(language))
    return {key: usable(translated.get(source, context=key)) or source for key, source in english.items()}


@lru_cache(maxsize=None)
def _translations(language: str, context: str) -> dict[str, str]:
    if language == SOURCE_LANGUAGE:
        return {}
    return {str(m.id): usable(m) for m in read_catalog(library_catalog_path(language))
            if m.id and m.context == context and usable(m)}


def translated(message: str, language: str = "en", context: str = HINT_CONTEXT) -> str:
    """An English text written in the library's code (an exercise's hint) in ``language``: its
    translation in the library catalog (entry with this ``msgctxt`` and the English text as
    ``msgid``), or the English text where there is none yet (reported by ``mlalib i18n stats``).

    >>> translated("Some text nobody translated.", "fr")
    'Some text nobody translated.'
    """
    require_language(language)
    if not isinstance(message, str):
        raise InputError(f"argument 'message' must be a text, got {shown(message)}")
    return _translations(language, context).get(message, message)


def text(key: str, language: str = "en", **values: Any) -> str:
    """The message ``key`` in ``language``, with ``{placeholders}`` filled from ``values``.

    Every placeholder needs a value (an unfilled ``{name}`` is never shown); values the message
    does not use are ignored.

    >>> text("check.close", "en")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mlalib.errors.InputError: message 'check.close' needs the value(s) tolerance; got none
    """
    messages = catalog(require_language(language))
    if not isinstance(key, str) or key not in messages:
        raise InputError(f"no message {shown(key)} in the {LANGUAGES[language]} catalog ({TEMPLATE.name})")
    needed = sorted({name for _, name, _, _ in string.Formatter().parse(messages[key]) if name})
    lacking = [name for name in needed if name not in values]
    if lacking:
        raise InputError(f"message '{key}' needs the value(s) {', '.join(lacking)}; got "
                         f"{', '.join(sorted(values)) or 'none'}")
    return messages[key].format(**values) if needed else messages[key]


def tr(message: str) -> str:
    """Mark a text in a master notebook's code as participant-visible.

    ``tr("Months of earnings")`` returns its argument; the build replaces the literal by its
    translation from the notebook's catalog, so a French edition reads
    ``tr("Mois de revenus")``. Only literal strings can be marked.

    >>> tr("Months of earnings")
    'Months of earnings'
    """
    return message


def format_number(value: float, language: str = "en", decimals: int | None = None) -> str:
    """A number as people of ``language`` write it (Babel/CLDR): separators of thousands and decimals.

    >>> format_number(1234567.891, "en", 1), format_number(1234567.891, "fr", 1), format_number(1234.5, "es", 1)
    ('1,234,567.9', '1\\u202f234\\u202f567,9', '1.234,5')
    """
    from babel.numbers import format_decimal

    language = require_language(language)
    number, places = _number_to_show(value, "value"), _decimals(decimals)
    pattern = None if places is None else "#,##0" + ("." + "0" * places if places > 0 else "")
    with _all_digits():
        return format_decimal(number, format=pattern, locale=language)


def _all_digits() -> Any:
    """A decimal context precise enough for every digit of the largest float and its decimals."""
    import decimal

    context = decimal.getcontext().copy()
    context.prec = 400
    return decimal.localcontext(context)


#: The most decimals a number is shown with: every significant digit of the smallest float (4.9e-324).
MAX_DECIMALS = 340


def _number_to_show(value: Any, argument: str) -> float:
    """A number to format: ints, floats and numpy numbers; ±inf is shown as ∞; text, booleans and NaN are refused."""
    import math

    import numpy as np

    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InputError(f"argument '{argument}' must be a number, got {shown(value)}")
    if isinstance(value, (float, np.floating)) and math.isnan(value):
        raise InputError(f"argument '{argument}' is missing (NaN): a missing value has no number format; show it as "
                         "missing")
    return value


def _decimals(decimals: Any) -> int | None:
    if decimals is None:
        return None
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= MAX_DECIMALS:
        raise InputError(f"argument 'decimals' must be a whole number from 0 to {MAX_DECIMALS}, got {shown(decimals)}")
    return int(decimals)


def format_percent(share: float, language: str = "en", decimals: int = 0) -> str:
    """A share (0.05) as a percentage in the language's style: ``5%``, ``5 %``.

    >>> format_percent(0.05, "en"), format_percent(0.05, "fr")
    ('5%', '5\\xa0%')
    """
    from babel import Locale
    from babel.numbers import format_percent as babel_percent

    pattern = Locale.parse(require_language(language)).percent_formats[None].pattern
    share, places = _number_to_show(share, "share"), _decimals(decimals)
    if places:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * places)
    with _all_digits():
        return babel_percent(share, format=pattern, locale=language)


def format_date(day: Any, language: str = "en") -> str:
    """A date as people of ``language`` write it in full (Babel/CLDR, the "long" format).

    >>> import datetime
    >>> [format_date(datetime.date(2031, 10, 16), lang) for lang in ("en", "fr", "es")]
    ['October 16, 2031', '16 octobre 2031', '16 de octubre de 2031']
    """
    import datetime as dt

    from babel.dates import format_date as babel_date

    language = require_language(language)
    if not isinstance(day, dt.date):  # None would be today, silently
        raise InputError(f"argument 'day' must be a date (datetime.date), got {shown(day)}")
    return babel_date(day, format="long", locale=language)


def plotly_separators(language: str = "en") -> str:
    """The decimal and thousands separators of a language, as plotly's ``layout.separators`` wants them:
    ``".,"`` for English, ``", "`` (comma, narrow no-break space) for French, ``",."`` for Spanish.

    >>> plotly_separators("fr")
    ',\\u202f'
    """
    from babel.numbers import get_decimal_symbol, get_group_symbol

    language = require_language(language)
    return get_decimal_symbol(language) + get_group_symbol(language)


def label(value: Any, language: str = "en") -> str:
    """A category shown in a table or figure (``"migrant"``, ``"freely decided, long stay"``, ``True``),
    in ``language``: the message ``label.<value>`` (lower case, words joined by ``_``), or the value
    itself when it has none (codes, years, names).

    >>> label("freely decided, long stay", "fr"), label("non-migrant", "es"), label(True, "fr"), label("15-24", "fr")
    ('retour librement décidé, long séjour', 'no migrante', 'oui', '15-24')
    """
    if value is None or value is _missing() or (isinstance(value, float) and value != value):
        raise InputError(f"argument 'value' is missing ({shown(value)}): a category to show needs a value; name "
                         "missing categories (e.g. 'not stated') or leave them out")
    if isinstance(value, (bytes, list, tuple, dict, set)) or getattr(value, "ndim", 0):
        raise InputError(f"argument 'value' must be one category (a text, a number or True/False), got {shown(value)}")
    key = "label." + re.sub(r"[^0-9a-z]+", "_", str(value).casefold()).strip("_")
    messages = catalog(require_language(language))
    return messages[key] if key in messages else str(value)


def column_label(name: Any, language: str = "en") -> str:
    """A column header shown to participants (``"participation_rate"``, ``"net_position"``), in ``language``:
    the message ``column.<name>`` (lower case, words joined by ``_``), or the name itself when it has none.
    Participants still write the column's name in their own code; only the table they see says it in words.

    >>> column_label("participation_rate", "es") == text("column.participation_rate", "es")
    True
    """
    key = "column." + re.sub(r"[^0-9a-z]+", "_", str(name).casefold()).strip("_")
    messages = catalog(require_language(language))
    return messages[key] if key in messages else str(name)


def _missing() -> Any:
    import pandas as pd

    return pd.NA


#: Official UN names where the ISO 3166 translations bundled with pycountry differ, and of the two areas
#: without an ISO 3166-1 code that mlalib accepts (UNTERM, the United Nations terminology database).
_COUNTRY_NAMES = {("es", "CIV"): "Côte d'Ivoire", ("fr", "XKX"): "Kosovo", ("es", "XKX"): "Kosovo",
                  ("en", "XKX"): "Kosovo", ("en", "CHI"): "Channel Islands", ("fr", "CHI"): "Îles Anglo-Normandes",
                  ("es", "CHI"): "Islas del Canal"}


@lru_cache(maxsize=None)
def _iso3166(language: str):
    import gettext

    import pycountry

    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def country_name(code: str, language: str = "en") -> str:
    """The short name of a country (ISO 3166-1 alpha-3 code, or XKX, CHI) in ``language``, from the ISO 3166
    translations that pycountry ships. The code's case is forgiven; a value that is not a country code is
    refused (:func:`mlalib._validate.country_code`).

    >>> country_name("MEX", "fr"), country_name("PHL", "es"), country_name("sen", "en"), country_name("CHI", "fr")
    ('Mexique', 'Filipinas', 'Senegal', 'Îles Anglo-Normandes')
    """
    import pycountry

    from mlalib._validate import country_code

    require_language(language)
    code = country_code(code, "code")
    if (language, code) in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[(language, code)]
    country = pycountry.countries.get(alpha_3=code)
    english = getattr(country, "common_name", None) or country.name
    return english if language == SOURCE_LANGUAGE else _iso3166(language).gettext(english)


def show_numbers_in(language: str) -> None:
    """Display the decimal numbers of pandas tables as people of ``language`` write them
    (``1 234,5`` in French, ``1.234,5`` in Spanish; up to six decimals, as pandas shows them by
    default); English keeps pandas' own display (``1234.5``, the way Python code writes numbers).

    Called by :func:`mlalib.exercises.configure` at the top of every course notebook.

    >>> import pandas as pd
    >>> show_numbers_in("es"); pd.get_option("display.float_format")(1234.5)
    '1.234,5'
    >>> show_numbers_in("en"); pd.get_option("display.float_format") is None
    True
    """
    import pandas as pd

    locale = require_language(language)

    def shown(value: float) -> str:
        from babel.numbers import format_decimal

        return format_decimal(value, format="#,##0.######", locale=locale)

    if locale == SOURCE_LANGUAGE:
        pd.reset_option("display.float_format")
    else:
        pd.set_option("display.float_format", shown)
