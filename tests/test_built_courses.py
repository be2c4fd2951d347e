"""Each course built in French and in Spanish from a cohort file that names only the course (the real masters),
read as its participants and trainers read it: every lesson on its path, every word in the cohort's language.

The six builds are made once for this module (the tests that read them sit here, so that one worker builds
them); each takes the course's whole path, and together they hold every master. Two scans look for English: the
catalogs' English texts that have a translation (:func:`tests.english_left.english_left`), and text that reads as
English by its function words (:func:`tests.english_left.english_words`) in markdown, figures, widgets and pages.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import nbformat
import pytest

from mlalib.course.build import build_cohort
from mlalib.course.courses import catalogue
from mlalib.course.masters import master_notebooks
from mlalib.course.recipes import COURSE_MAP, NAVIGATION_TAG
from tests.conftest import PROJECT, write_cohort
from tests.english_left import MARKED_ENGLISH, english_left, english_words, page_text

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
            with pytest.MonkeyPatch.context() as patch:  # notebook 07 writes the migration profile there
                patch.setenv("MLALIB_REPORTS_DIR", str(root / "reports"))
                report = build_cohort(cohort, notebooks_dir=PROJECT / "notebooks", output=root / "out",
                                      progress=False, jobs=2)
            assert report.ok, report.table()
            assert sorted(s.notebook for s in report.steps if s.edition == "trainer") == sorted(COURSES[course])
            assert not any(s.detail for s in report.steps if s.status == "built"), report.table()
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
    """Executed trainer editions (markdown, outputs, figures), the participants' HTML pages and course map, and the
    migration profile that notebook 07 writes."""
    root = built[(course, language)]
    left = {}
    for name in COURSES[course]:
        nb = nbformat.read(root / "trainer" / f"{name}.ipynb", as_version=4)
        page = (root / "participant-html" / f"{name}.html").read_text(encoding="utf-8")
        hits = english_left(_shown(nb)) + [f"page: {text}" for text in english_left(page_text(page))]
        headers = re.findall(r"<th[^>]*>([a-z]+_[a-z_]+)</th>", json.dumps(nb))
        if hits or headers:
            left[name] = hits[:5] + [f"header {h}" for h in sorted(set(headers))[:5]]
    left["index"] = english_left(page_text((root / "participant-html" / "index.html").read_text(encoding="utf-8")))
    reports = sorted((root.parents[1] / "reports").glob("migration_profile_*.html"))  # written by notebook 07
    assert bool(reports) == ("07_country_profile" in COURSES[course])
    for report in reports:
        left[report.name] = english_left(page_text(report.read_text(encoding="utf-8")))
    assert {name: hits for name, hits in left.items() if hits} == {}


def _roots(built, language: str) -> dict[str, Path]:
    """Every master, in the build of the first course that has it (the three courses hold every master)."""
    roots = {}
    for course, names in COURSES.items():
        for name in names:
            roots.setdefault(name, built[(course, language)])
    return roots


def _notebooks(built, language: str, edition: str) -> dict[str, nbformat.NotebookNode]:
    return {name: nbformat.read(root / edition / f"{name}.ipynb", as_version=4)
            for name, root in _roots(built, language).items()}


def test_the_courses_hold_every_master():
    assert {name for names in COURSES.values() for name in names} == set(master_notebooks(PROJECT / "notebooks"))


@pytest.mark.parametrize("edition", ["participant", "trainer"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_in_markdown(built, language, edition):
    found = []
    for name, nb in _notebooks(built, language, edition).items():
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                for block in cell.source.split("\n\n"):
                    if english_words(block, language):
                        found.append(f"{name} {cell.get('id')}: {block[:100]!r}")
    assert not found, "\n".join(found)


def _figures(nb: nbformat.NotebookNode):
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            spec = output.get("data", {}).get("application/vnd.plotly.v1+json")
            if spec:
                yield cell.get("id"), spec


def _figure_texts(spec: dict) -> list[str]:
    layout = spec.get("layout", {})
    texts = [layout.get("title", {}).get("text", "")]
    texts += [layout.get(axis, {}).get("title", {}).get("text", "") for axis in ("xaxis", "yaxis")]
    texts += [str(annotation.get("text", "")) for annotation in layout.get("annotations", [])]
    texts += [str(trace.get("name", "")) for trace in spec.get("data", [])]
    texts += [str(t) for trace in spec.get("data", []) for t in (trace.get("hovertext") or [])]
    return [t for t in texts if t]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_in_figures(built, language):
    found, count = [], 0
    separators = {"fr": ",\u202f", "es": ",."}[language]
    for name, nb in _notebooks(built, language, "trainer").items():
        for cell_id, spec in _figures(nb):
            count += 1
            assert spec["layout"].get("separators") == separators, (name, cell_id)
            for text in _figure_texts(spec):
                if english_words(text, language):
                    found.append(f"{name} {cell_id}: {text[:100]!r}")
    assert count >= 8 and not found, "\n".join(found)  # nine figures are drawn outside explorers today


@pytest.mark.parametrize("language", LANGUAGES)
def test_widget_labels_and_feedback_are_translated(built, language):
    correct = {"fr": "Correct !", "es": "¡Correcto!"}[language]
    found, feedback = [], 0
    for name, nb in _notebooks(built, language, "trainer").items():
        state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
        for model in state.values():
            attributes = model.get("state", {})
            for text in [attributes.get("description", ""), *attributes.get("_options_labels", [])]:
                if text and english_words(str(text), language):
                    found.append(f"{name} widget: {text!r}")
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.metadata.get("mlalib", {}).get("exercise"):
                shown = json.dumps([o.get("data", {}).get("text/html", "") for o in cell.outputs], ensure_ascii=False)
                feedback += correct in shown
    assert not found, "\n".join(found)
    assert feedback >= 20


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_pages_are_titled_in_the_language(built, language):
    for name, root in _roots(built, language).items():
        for folder in ("trainer-html", "participant-html"):
            page = (root / folder / f"{name}.html").read_text(encoding="utf-8")
            title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
            assert f'<html lang="{language}"' in page, name
            assert title != "Notebook" and not english_words(title, language), (name, title)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_cell_is_translated(built, language):
    header = _notebooks(built, language, "participant")["00_start_here"].cells[0].source
    assert {"fr": "Pays prioritaires", "es": "Países prioritarios"}[language] in header  # the term base's term


@pytest.mark.parametrize("text, language, english", [
    ("The stock counts people at one moment, and the flow counts events.", "fr", True),
    ("Le stock compte les personnes à un moment donné, et le flux compte des événements.", "fr", False),
    ("El stock cuenta a las personas en un momento dado y el flujo cuenta sucesos.", "es", False),
    ("Source : UN DESA (2020), *International Migrant Stock 2020* of the United Nations", "fr", False),
    ("Persons by sex and age", "es", True),
    ("Personas por sexo y edad", "es", False),
    ("Number of the migrants", "es", True),
    ("ARE → IND", "fr", False),
])
def test_the_language_check_itself(text, language, english):
    assert bool(english_words(text, language)) is english


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_participant_edition_runs_and_answers_in_the_language(built, language, tmp_path):
    from nbclient import NotebookClient

    from mlalib.course.kernels import IPCKernelManager

    nb = nbformat.read(_roots(built, language)["01_stocks_and_flows"] / "participant" / "01_stocks_and_flows.ipynb",
                       as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}},
                   kernel_manager_class=IPCKernelManager).execute()
    shown = json.dumps([o for c in nb.cells if c.cell_type == "code" for o in c.outputs], ensure_ascii=False)
    assert {"fr": "Pas encore de réponse", "es": "Aún sin respuesta"}[language] in shown
    assert "Not answered yet" not in shown and '"output_type": "error"' not in shown
