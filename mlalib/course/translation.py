"""Translation of the master notebooks: catalogs per notebook and language, and translated editions.

The English masters are the single source. Their participant-visible text is cut into
*segments*, one gettext message each, stored in ``notebooks/locale/<language>/<notebook>.po``:

* **markdown**: one message per block (a paragraph, a heading, a list, a table: text between
  blank lines); fenced code blocks and ``$$`` math blocks stay inside their block;
  a block with no letters is not a message;
* **code comments**: full-line ``# ...`` comments of code cells;
* **code strings** marked ``tr("...")`` (figure titles, table headers shown to participants).

Text inside solution blocks and hidden-check cells is never extracted. Each message's
location comment says where it comes from: ``#: sf-03:2`` is the second segment of the cell
with id ``sf-03``. The same English text is translated once per notebook.

``mlalib i18n update`` (:func:`update_catalogs`) extracts and merges: a new segment is added
untranslated, a changed one keeps its previous translation marked *fuzzy* (not shown until a
translator confirms it), a removed one becomes obsolete (``#~``). A fuzzy or missing
translation leaves the English text in the edition and is reported.

Example
-------
>>> [text for text, translatable in markdown_pieces("# Title\\n\\nA paragraph\\non two lines.") if translatable]
['# Title', 'A paragraph\\non two lines.']
"""

from __future__ import annotations

import ast
import copy
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from mlalib.course.editions import BEGIN, END, HIDDEN_TAG, solution_blocks
from mlalib.course.masters import master_notebooks
from mlalib.files import write_atomic
from mlalib.errors import ConfigError
from mlalib.i18n import (
    HINT_CONTEXT, RUBRIC_CONTEXT, LANGUAGES, LOCALE_DIR, SOURCE_LANGUAGE, TEMPLATE, Coverage, coverage, read_catalog, require_language, text,
    usable,
)

if TYPE_CHECKING:
    from nbformat import NotebookNode

#: Folder of the notebook catalogs, inside the folder of the master notebooks.
LOCALE = "locale"
#: The command that shows what is missing.
STATS_COMMAND = "mlalib i18n stats --missing --language {language}"

_COMMENT = re.compile(r"^(?P<indent>\s*)#(?P<space>\s*)(?P<text>.*?)\s*$")
_NOT_PROSE = re.compile(r"^(#|NBVAL_|noqa|type:|pragma|pylint|%%)")
_TR_CALL = re.compile(r"""\btr\(\s*(?P<literal>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')\s*\)""")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Segment:
    """One translatable text of a master: its English text, the cell it is in, and its kind."""

    text: str
    cell_id: str
    number: int
    kind: str  # "markdown", "comment" or "string"


def catalog_path(notebooks_dir: str | Path, language: str, name: str) -> Path:
    """``<notebooks_dir>/locale/<language>/<name>.po``."""
    return Path(notebooks_dir) / LOCALE / language / f"{name}.po"


def markdown_pieces(source: str) -> list[tuple[str, bool]]:
    """A markdown text cut into blocks and blank lines: ``(text, translatable)`` pairs whose
    texts, joined with newlines, give back the source exactly."""
    pieces: list[tuple[str, bool]] = []
    block: list[str] = []
    fence: str | None = None

    def flush() -> None:
        if block:
            joined = "\n".join(block)
            pieces.append((joined, bool(re.search(r"[^\W\d_]", _without_code(joined)))))
            block.clear()

    for line in source.split("\n"):
        stripped = line.strip()
        if fence is not None:
            block.append(line)
            if (stripped.endswith("$$") if fence == "$$" else stripped.startswith(fence)):
                fence = None
            continue
        opener = _FENCE.match(line)
        if opener or stripped == "$$":
            fence = opener.group(1) if opener else "$$"
            block.append(line)
            continue
        if not stripped:
            flush()
            pieces.append((line, False))
            continue
        block.append(line)
    flush()
    return pieces


def _without_code(block: str) -> str:
    """A block without its fenced code, ``$$`` math and HTML comments (to tell if prose is left)."""
    block = re.sub(r"(?ms)^\s*(```|~~~).*?^\s*\1[^\n]*$", "", block)
    block = re.sub(r"(?s)\$\$.*?\$\$", "", block)
    return re.sub(r"(?s)<!--.*?-->", "", block)


def _secret_lines(cell: NotebookNode) -> set[int]:
    """Line numbers of a code cell that belong to a solution block (markers included)."""
    return {n for begin, end in solution_blocks(cell.source) for n in range(begin, end + 1)}


def notebook_segments(nb: NotebookNode) -> list[Segment]:
    """Every translatable text of a master, in cell order (see the module docstring)."""
    found: list[Segment] = []
    for cell in nb.cells:
        cell_id = str(cell.get("id"))
        texts: list[tuple[str, str]] = []
        if cell.cell_type == "markdown":
            texts = [(piece, "markdown") for piece, keep in markdown_pieces(cell.source) if keep]
        elif cell.cell_type == "code" and HIDDEN_TAG not in cell.metadata.get("tags", []):
            secret = _secret_lines(cell)
            for number, line in enumerate(cell.source.splitlines()):
                if number in secret:
                    continue
                comment = _comment_text(line)
                if comment:
                    texts.append((comment, "comment"))
                texts.extend((ast.literal_eval(m.group("literal")), "string") for m in _TR_CALL.finditer(line))
        found.extend(Segment(text, cell_id, number, kind) for number, (text, kind) in enumerate(texts, start=1))
    return found


def _comment_text(line: str) -> str:
    match = _COMMENT.match(line)
    if not match or BEGIN.match(line) or END.match(line):
        return ""
    comment = match.group("text")
    return comment if comment and not _NOT_PROSE.match(comment) and re.search(r"[^\W\d_]", comment) else ""


_KIND_NOTE = {
    "markdown": "markdown",
    "comment": "code comment: keep it on one line",
    "string": "text shown by the code (figure title, axis, table header): keep it on one line",
}


def notebook_template(nb: NotebookNode, name: str) -> Catalog:
    """The English messages of a master as a gettext template."""
    template = Catalog(locale=None, domain=name, project="mlalib course notebooks", fuzzy=False,
                       creation_date=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    for segment in notebook_segments(nb):
        existing = template.get(segment.text)
        locations = [(segment.cell_id, segment.number)]
        if existing is not None:
            existing.locations.extend(locations)
            continue
        template.add(segment.text, locations=locations, auto_comments=[f"{name}.ipynb, {_KIND_NOTE[segment.kind]}"])
    return template


@dataclass
class Untranslated:
    """English texts a translated edition had to keep: not translated, or stale (fuzzy)."""

    missing: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.missing or self.fuzzy)

    def summary(self, language: str = "en") -> str:
        """One line for the build summary, e.g. ``3 text(s) left in English (1 stale/fuzzy); see: ...``."""
        return text("build.untranslated", language, count=len(self.missing) + len(self.fuzzy), fuzzy=len(self.fuzzy))


def translate_notebook(nb: NotebookNode, catalog: Catalog | None) -> tuple[NotebookNode, Untranslated]:
    """A copy of ``nb`` with every segment replaced by its translation from ``catalog``.

    Returns the translated notebook and the segments left in English because their
    translation is missing or fuzzy (stale). ``catalog=None`` (an English cohort) returns
    an unchanged copy.
    """
    nb = copy.deepcopy(nb)
    gaps = Untranslated()
    if catalog is None:
        return nb, gaps

    def translated(source: str) -> str:
        message = catalog.get(source)
        found = usable(message)
        if found is None:
            stale = message is not None and message.fuzzy and bool(message.string)
            bucket = gaps.fuzzy if stale else gaps.missing
            if source not in bucket:
                bucket.append(source)
        return found if found is not None else source

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = "\n".join(translated(piece) if keep else piece
                                    for piece, keep in markdown_pieces(cell.source))
        elif cell.cell_type == "code" and HIDDEN_TAG not in cell.metadata.get("tags", []):
            secret = _secret_lines(cell)
            lines = cell.source.splitlines()
            for number, line in enumerate(lines):
                if number not in secret:
                    lines[number] = _translate_code_line(line, translated)
            cell.source = "\n".join(lines)
    return nb, gaps


def _translate_code_line(line: str, translated) -> str:
    comment = _comment_text(line)
    if comment:
        match = _COMMENT.match(line)
        return f"{match.group('indent')}#{match.group('space') or ' '}{translated(comment)}"  # type: ignore[union-attr]

    def replace(match: re.Match[str]) -> str:
        return f"tr({json.dumps(translated(ast.literal_eval(match.group('literal'))), ensure_ascii=False)})"

    return _TR_CALL.sub(replace, line)


def load_notebook_catalog(notebooks_dir: str | Path, language: str, name: str) -> Catalog | None:
    """The catalog of a master in a language (None for English; an empty one if the file is missing)."""
    require_language(language)
    if language == SOURCE_LANGUAGE:
        return None
    path = catalog_path(notebooks_dir, language, name)
    return read_catalog(path) if path.is_file() else Catalog(locale=language)


def _write_catalog(path: Path, catalog: Catalog) -> bool:
    """Write ``catalog`` unless the file already says the same (whichever Babel version wrote it)."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, include_previous=True)
    data = buffer.getvalue().decode("utf-8")
    if path.is_file() and _GENERATED_BY.sub("", path.read_text(encoding="utf-8")) == _GENERATED_BY.sub("", data):
        return False
    write_atomic(path, data)
    return True


_GENERATED_BY = re.compile(r'^"Generated-By: [^"]*"\n', re.MULTILINE)


_HEADER = ("# {language} translation of {what} (mlalib course notebooks).\n"
           "# Translate msgstr only; see 'Translating' in notebooks/README.md.\n#")


def _merge(template: Catalog, path: Path, language: str) -> bool:
    if path.is_file():
        catalog = read_catalog(path)
    else:
        catalog = Catalog(locale=language, domain=template.domain, project=template.project, fuzzy=False,
                          creation_date=template.creation_date, header_comment=_HEADER.format(
                              language=LANGUAGES[language], what=f"{template.domain}.ipynb"))
    catalog.update(template, update_creation_date=False)
    return _write_catalog(path, catalog)


def library_template() -> Catalog:
    """The library's English messages: the keyed messages of ``mlalib.pot``, the hint of every
    exercise and the rubric criteria of every written exercise, taken from its exercise module
    (``msgctxt`` :data:`~mlalib.i18n.HINT_CONTEXT`, :data:`~mlalib.i18n.RUBRIC_CONTEXT`)."""
    from mlalib.exercises import exercises

    template = read_catalog(TEMPLATE)
    for message in [m for m in template if m.id and m.context in (HINT_CONTEXT, RUBRIC_CONTEXT)]:
        template.delete(message.id, context=message.context)
    for exercise in sorted(exercises().values(), key=lambda e: (e.master, e.id)):
        if exercise.hint:
            template.add(exercise.hint, context=HINT_CONTEXT, auto_comments=[
                f"hint of an exercise of {exercise.master}: teaches the idea, never gives the answer"])
        for criterion, points in exercise.rubric:
            template.add(criterion, context=RUBRIC_CONTEXT, auto_comments=[
                f"rubric criterion of a written exercise of {exercise.master} ({points:g} points), for trainers"])
    return template


def update_catalogs(notebooks_dir: str | Path, languages: list[str] | None = None, *,
                    library: bool = True) -> list[Path]:
    """Extract the segments of every master and merge them into each language's catalogs, and
    (``library``) merge the library template (``mlalib/locale/mlalib.pot``, hints of the exercise
    modules included) into the library catalogs.

    Returns the catalogs written (unchanged ones are left as they are).
    """
    folder = Path(notebooks_dir)
    chosen = [require_language(lang) for lang in (languages or LANGUAGES) if lang != SOURCE_LANGUAGE]
    written: list[Path] = []
    if library:
        template = library_template()
        if _write_catalog(TEMPLATE, template):
            written.append(TEMPLATE)
        for language in chosen:
            path = LOCALE_DIR / language / "mlalib.po"
            if _merge(template, path, language):
                written.append(path)
    for name, master in master_notebooks(folder).items():
        template = notebook_template(read_text_cells(master), name)
        for language in chosen:
            path = catalog_path(folder, language, name)
            if _merge(template, path, language):
                written.append(path)
    return written


def catalog_stats(
    notebooks_dir: str | Path, languages: list[str] | None = None, names: list[str] | None = None
) -> list[Coverage]:
    """Coverage of every catalog (library first, then one per master) against the current English sources."""
    folder = Path(notebooks_dir)
    masters = master_notebooks(folder)
    chosen = [require_language(lang) for lang in (languages or LANGUAGES) if lang != SOURCE_LANGUAGE]
    library_ids = [(str(m.id), m.context) for m in library_template() if m.id]
    templates = {name: notebook_template(read_text_cells(masters[name]), name)
                 for name in (names if names is not None else masters)}
    found: list[Coverage] = []
    for language in chosen:
        found.append(coverage(LOCALE_DIR / language / "mlalib.po", language, library_ids))
        for name, template in templates.items():
            ids = [(str(m.id), None) for m in template if m.id]
            found.append(coverage(catalog_path(folder, language, name), language, ids))
    return found


def require_complete(
    language: str, notebooks_dir: str | Path, names: list[str] | None = None, source: str = "cohort file"
) -> None:
    """Refuse a cohort language whose catalogs are not complete.

    Raises
    ------
    ConfigError
        Naming the coverage of the language, the catalogs that are incomplete and the command
        that lists what is missing (``source``: the cohort file, named first).
    """
    if language == SOURCE_LANGUAGE:
        return
    stats = catalog_stats(notebooks_dir, [language], names)
    total = sum(s.total for s in stats)
    done = sum(s.translated for s in stats)
    incomplete = [s for s in stats if not s.complete]
    if not incomplete:
        return
    listed = ", ".join(f"{s.path.name} {s.percent:.0f}%" + (f" ({len(s.fuzzy)} fuzzy)" if s.fuzzy else "")
                       for s in incomplete[:4]) + (", ..." if len(incomplete) > 4 else "")
    raise ConfigError(source, [
        f"field 'language': the {LANGUAGES[language]} translations are {100 * done / total:.1f}% complete "
        f"({done} of {total} strings; incomplete: {listed}); see what is missing with: "
        + STATS_COMMAND.format(language=language)
    ])


def master_titles(notebooks_dir: str | Path, language: str, names: list[str]) -> dict[str, str]:
    """Each master's title (its first level-1 heading) in ``language``, for pages that name notebooks;
    the master's name where it has no heading."""
    titles = {}
    for name in names:
        try:
            nb = read_text_cells(Path(notebooks_dir) / f"{name}.ipynb")
        except (OSError, ValueError, AttributeError):  # a broken master is reported by the build, named by its file
            titles[name] = name
            continue
        heading = next((cell for cell in nb.cells if cell.cell_type == "markdown"
                        and any(line.startswith("# ") for line in cell.source.splitlines())), None)
        if heading is None:
            titles[name] = name
            continue
        catalog = load_notebook_catalog(notebooks_dir, language, name)
        line = next(line for line in heading.source.splitlines() if line.startswith("# "))
        piece = next(piece for piece, _ in markdown_pieces(heading.source) if line in piece.splitlines())
        translated = usable(catalog.get(piece)) if catalog is not None else None
        shown = translated if translated is not None else piece
        titles[name] = next((text_line[2:].strip() for text_line in shown.splitlines() if text_line.startswith("# ")),
                            line[2:].strip())
    return titles


class TextNode(dict):
    """A notebook or cell read as plain JSON, with attribute access like nbformat's: enough to read its text
    (:func:`notebook_segments`) without importing nbformat and its schema validators."""

    def __getattr__(self, key: str) -> object:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None


def read_text_cells(path: str | Path) -> TextNode:
    """A master notebook's cells (type, id, source as one text, metadata), read as plain JSON."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = [TextNode(cell_type=c.get("cell_type", ""), id=c.get("id"), metadata=c.get("metadata") or {},
                      source="".join(c.get("source", "")) if isinstance(c.get("source"), list) else c.get("source", ""))
             for c in raw.get("cells", [])]
    return TextNode(cells=cells, metadata=raw.get("metadata", {}))

