"""Each course built in French and in Spanish from a cohort file that names only the course (the real masters),
read as its participants read it: every lesson on its path, every word in the cohort's language.

The six builds are made once for this module (the tests that read them sit here, so that one worker builds
them); each takes the course's whole path.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import nbformat
import pytest
from babel.messages.pofile import read_po

from mlalib.course.build import build_cohort
from mlalib.course.courses import catalogue
from mlalib.course.recipes import COURSE_MAP, NAVIGATION_TAG
from tests.conftest import PROJECT, write_cohort

pytestmark = pytest.mark.slow

COURSES = {c.id: list(c.notebooks) for c in catalogue().courses}
LANGUAGES = ("fr", "es")
#: A link to a lesson (the navigation's previous/next lines, and references in the prose).
LESSON_LINK = re.compile(r"\]\((\d\d_[a-z0-9_]+)\.(ipynb|html)\)")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """(course, language) -> the cohort's build folder."""
    folders = {}
    for course in COURSES:
        for language in LANGUAGES:
            root = tmp_path_factory.mktemp(f"{course}-{language}")
            cohort = write_cohort(root / "c.yaml", id=f"{course}-{language}", course=course, language=language,
                                  focus_countries=["SEN", "MEX"], notebooks=None)
            report = build_cohort(cohort, notebooks_dir=PROJECT / "notebooks", output=root / "out", progress=False,
                                  jobs=2)
            assert report.ok, report.table()
            folders[(course, language)] = root / "out" / f"{course}-{language}"
    return folders


@pytest.mark.parametrize("course", COURSES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_lesson_link_points_inside_the_course_and_before_it(built, course, language):
    root = built[(course, language)]
    path = COURSES[course]
    assert (root / "participant" / COURSE_MAP["ipynb"]).is_file() and (root / "participant-html" / "index.html").is_file()
    for position, name in enumerate(path):
        nb = nbformat.read(root / "participant" / f"{name}.ipynb", as_version=4)
        navigation = [c.source for c in nb.cells if NAVIGATION_TAG in c.metadata.get("tags", [])]
        assert len(navigation) == 2, name
        linked = [target for target, _ in LESSON_LINK.findall(navigation[0])]
        expected = ([path[position - 1]] if position else []) + ([path[position + 1]] if position + 1 < len(path) else [])
        assert linked == expected, name
        prose = "\n".join(c.source for c in nb.cells if NAVIGATION_TAG not in c.metadata.get("tags", []))
        for target, _ in LESSON_LINK.findall(prose):
            assert target in path[:position], f"{name} refers to {target}, not before it in {course}"
        page = (root / "participant-html" / f"{name}.html").read_text(encoding="utf-8")
        assert all(suffix == "html" for _, suffix in LESSON_LINK.findall(html.unescape(page)))


def _english_texts() -> set[str]:
    """English texts of the catalogs that a French or Spanish edition must not show: the library's messages
    and every notebook's prose, where the translation says something else (fragments between placeholders, of
    two words or more)."""
    sources = []
    for path in [PROJECT / "mlalib" / "locale" / "fr" / "mlalib.po", *sorted((PROJECT / "notebooks" / "locale" / "fr")
                                                                            .glob("*.po"))]:
        with path.open("rb") as handle:
            sources += [(str(m.id), str(m.string)) for m in read_po(handle) if m.id and m.string]
    found = set()
    for source, translation in sources:
        if source.strip() == translation.strip():
            continue
        for piece in re.split(r"\{[^}]*\}|\n", source):
            piece = re.sub(r"[*_`#>|\[\]()]", " ", piece)
            words = re.findall(r"[A-Za-z][A-Za-z'-]+", piece)
            if len(words) >= 3:
                found.add(" ".join(words))
    return found


#: Text marked as English on purpose (a title that has no translation, the glossary's English column): a screen
#: reader reads it with an English voice, and it is not counted as left untranslated.
MARKED_ENGLISH = re.compile(r"<(\w+)[^>]*\blang=\\?[\"']en\\?[\"'][^>]*>.*?</\1>", re.S)


def _shown(nb: nbformat.NotebookNode) -> str:
    """Everything a participant reads in an executed edition: markdown, outputs (text and HTML without tags),
    figure titles, axes, legends, hovers and annotations; text marked ``lang="en"`` left out."""
    parts = [MARKED_ENGLISH.sub(" ", cell.source) for cell in nb.cells if cell.cell_type == "markdown"]
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            parts.append(str(output.get("text", "")) + str(data.get("text/plain", "")))
            parts.append(re.sub(r"<[^>]+>", " ", MARKED_ENGLISH.sub(" ", html.unescape(str(data.get("text/html", ""))))))
            figure = data.get("application/vnd.plotly.v1+json")
            if figure:
                parts += [str(v) for v in _strings(figure) if not str(v).startswith(("#", "rgb"))]
    return " ".join(parts)


def _strings(node: object):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("text", "title", "name", "hovertemplate", "ticktext", "label", "labels"):
                yield from _texts(value)
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _texts(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict) and isinstance(value.get("text"), str):
        yield value["text"]


@pytest.mark.parametrize("course", COURSES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_is_left_in_a_translated_course(built, course, language):
    english = _english_texts()
    root = built[(course, language)]
    left = {}
    for name in COURSES[course]:
        shown = " ".join(re.findall(r"[A-Za-z][A-Za-z'-]+",
                                    _shown(nbformat.read(root / "trainer" / f"{name}.ipynb", as_version=4))))
        hits = sorted(text for text in english if f" {text} " in f" {shown} ")
        headers = re.findall(r"<th[^>]*>([a-z]+_[a-z_]+)</th>", json.dumps(
            nbformat.read(root / "trainer" / f"{name}.ipynb", as_version=4)))
        if hits or headers:
            left[name] = hits[:5] + [f"header {h}" for h in sorted(set(headers))[:5]]
    assert left == {}
