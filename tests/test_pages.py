"""The pages mlalib writes, opened in Debian's Chromium with the network blocked: a French cohort's
participant and trainer HTML editions, its migration profile (written by notebook 07), and the
gradebook's feedback, summary and written-answer pages.

Each page is opened once (Playwright; every request that is not ``file://`` is aborted and
recorded) and checked with axe-core (npm, ``package-lock.json``; WCAG 2.1 A and AA rules): no
critical or serious violation, no request leaving ``file://``, no console error, every figure drawn,
and the structure WCAG asks for beyond axe's automatic rules (viewport, headings in order, table
headers, Tab stops only where there is something to do, a skip link first, text size, reflow on a
320 px screen, the language of foreign terms). Skips, saying why, where Chromium, Playwright or
axe-core (``npm ci``, which ``make test`` runs) is missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest

from mlalib.course.archive import ZIP_TIME, archive_name, share_plotly
from mlalib.course.build import build_cohort
from mlalib.course.html import notebook_to_html
from mlalib.i18n import text
from mlalib.views.page import PLOTLY_FILE, plotly_source
from tests.conftest import PROJECT, write_cohort

pytestmark = [pytest.mark.slow, pytest.mark.browser]

NOTEBOOKS = ["07_country_profile", "09_decent_work", "99_glossary"]
AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
KINDS = ["participant-html", "trainer-html", "report", "feedback", "summary", "written"]
GOVERNANCE = "La loi 8042 de 1995 régit la migration de main-d'œuvre ; le DMW la met en œuvre."


def _chromium() -> str:
    for candidate in (os.environ.get("MLALIB_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.skip("no Chromium found (install Debian's 'chromium' package or set MLALIB_CHROMIUM)")


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    """A French cohort built (07, 09, 99) and notebook 07 graded for one participant with a written answer."""
    from mlalib.cli import main
    from mlalib.course.recipes import participant_edition
    from mlalib.course.cohort import load_cohort

    root = tmp_path_factory.mktemp("pages")
    file = write_cohort(root / "cohort.yaml", id="pages-fr", title="Cohorte d'essai", language="fr",
                        notebooks=NOTEBOOKS, focus_countries=["PHL", "MEX", "SEN"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MLALIB_REPORTS_DIR", str(root / "reports"))  # where notebook 07 writes the profile
        report = build_cohort(file, notebooks_dir=PROJECT / "notebooks", output=root / "build", jobs=2,
                              progress=False)
    assert report.ok, report.table()
    master = nbformat.read(PROJECT / "notebooks" / "07_country_profile.ipynb", as_version=4)
    submitted = participant_edition(master, load_cohort(file), "07_country_profile")
    for cell in submitted.cells:
        if 'check("profile-governance"' in cell.source:
            cell.source = f'governance = {GOVERNANCE!r}\ncheck("profile-governance", governance)'
    folder = root / "submissions" / "Amina Diallo"
    folder.mkdir(parents=True)
    (folder / "07_country_profile.ipynb").write_text(json.dumps(submitted), encoding="utf-8")
    code = main(["grade", str(file), str(root / "submissions"), "--out", str(root / "gradebook"), "--jobs", "1",
                 "--cell-timeout", "60", "--timeout", "300", "--quiet"])
    assert code == 0
    built = report.root
    pages = {
        "participant-html": [built / "participant-html" / f"{name}.html" for name in ["index", *NOTEBOOKS]],
        "trainer-html": [built / "trainer-html" / f"{name}.html" for name in NOTEBOOKS],
        "report": sorted((root / "reports").glob("migration_profile_*.html")),
        "feedback": sorted((root / "gradebook" / "feedback").glob("*.html")),
        "summary": [root / "gradebook" / "summary.html"],
        "written": sorted((root / "gradebook" / "written").glob("*.html")),
    }
    assert all(pages.values()), {kind: len(paths) for kind, paths in pages.items()}
    return {"file": file, "root": root, "built": built, "report": report, "pages": pages}


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is not installed (pip install -e '.[test]')")
    executable = _chromium()
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed ({AXE} is missing): run 'npm ci' in the project (make test does; "
                    "it needs npm)")
    return AXE.read_text(encoding="utf-8")


# What a page shows once it is open: its structure, checked against WCAG 2.1 beyond axe's automatic rules.
FACTS = """() => {
  const visible = element => element.getClientRects().length > 0;
  const inFigure = element => element.closest("svg, .js-plotly-plot");
  const interactive = element => element.matches("a[href], button, input, select, textarea, summary, [role=button]");
  const stops = [...document.querySelectorAll("*")].filter(e => e.tabIndex >= 0 && !e.disabled && visible(e));
  const texts = [...document.querySelectorAll("main p, main li, main td, main th, main pre, main dd, main h1, "
                                              + "main h2, main h3")].filter(e => visible(e) && !inFigure(e));
  const sizes = texts.map(e => parseFloat(getComputedStyle(e).fontSize));
  const figureText = [...document.querySelectorAll(".main-svg text")].filter(visible)
    .map(e => parseFloat(getComputedStyle(e).fontSize));
  return {
    lang: document.documentElement.lang,
    viewport: (document.querySelector("meta[name=viewport]") || {}).content || "",
    headings: [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].filter(visible).map(h => +h.tagName[1]),
    tablesWithoutHeaders: [...document.querySelectorAll("main table")]
      .filter(t => visible(t) && !t.closest("svg") && !t.querySelector("th")).length,
    deadStops: stops.filter(e => !interactive(e) && !(e.scrollWidth > e.clientWidth + 1))
      .map(e => e.tagName + "." + String(e.className).slice(0, 40)),
    firstStop: stops.length ? stops[0].outerHTML.slice(0, 120) : "",
    bodySize: parseFloat(getComputedStyle(document.body).fontSize),
    smallest: sizes.length ? Math.min(...sizes) : 99,
    smallestInFigures: figureText.length ? Math.min(...figureText) : 99,
    figures: document.querySelectorAll(".plotly-graph-div").length,
    drawn: document.querySelectorAll(".plotly-graph-div .main-svg:first-of-type").length,
    foreignTerms: Object.fromEntries(["en", "es"].map(l => [l, document.querySelectorAll(`main [lang=${l}]`).length])),
  };
}"""


LOCAL = ("file://", "data:")


def _offline(route) -> None:
    """Let a request for a local file through; abort any other (the network is blocked)."""
    if route.request.url.startswith("file://"):
        route.continue_()
    else:
        route.abort()


def _open(browser, path: Path, axe_source: str | None) -> dict:
    """Open ``path`` offline; what it requested outside file://, its console errors, its facts and axe's violations."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    left, errors = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: None if request.url.startswith(LOCAL) else left.append(request.url))
    page.route("**/*", _offline)
    try:
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function("() => document.querySelectorAll('.plotly-graph-div').length === "
                               "document.querySelectorAll('.plotly-graph-div .main-svg:first-of-type, "
                               ".mlalib-no-plotly').length", timeout=30_000)
        facts = page.evaluate(FACTS)
        page.keyboard.press("Tab")
        facts["firstTab"] = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
        violations = []
        if axe_source is not None:
            page.add_script_tag(content=axe_source)
            result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                                   "resultTypes: ['violations']})", WCAG)
            violations = [f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
                          for v in result["violations"] if v["impact"] in ("critical", "serious")]
        page.set_viewport_size({"width": 320, "height": 640})
        page.wait_for_timeout(300)  # the figures follow the width (plotly's responsive mode)
        facts["widthAt320"] = page.evaluate("document.documentElement.scrollWidth")
        facts["deadStopsAt320"] = page.evaluate(FACTS)["deadStops"]
    finally:
        page.close()
    return {"left": left, "errors": errors, "facts": facts, "violations": violations}


@pytest.fixture(scope="module")
def visits(browser, axe_source, cohort):
    return {kind: {path.name: _open(browser, path, axe_source) for path in paths}
            for kind, paths in cohort["pages"].items()}


@pytest.mark.parametrize("kind", KINDS)
def test_no_critical_or_serious_accessibility_violation(visits, kind):
    found = {name: visit["violations"] for name, visit in visits[kind].items() if visit["violations"]}
    assert found == {}


@pytest.mark.parametrize("kind", KINDS)
def test_a_page_opens_offline_without_requests_or_errors_and_draws_its_figures(visits, kind):
    for name, visit in visits[kind].items():
        assert visit["left"] == [], (name, visit["left"])
        assert visit["errors"] == [], (name, visit["errors"])
        assert visit["facts"]["drawn"] == visit["facts"]["figures"], name
    if kind in ("participant-html", "trainer-html", "report"):
        assert sum(visit["facts"]["figures"] for visit in visits[kind].values()) >= 3  # the figures are there


@pytest.mark.parametrize("kind", KINDS)
def test_a_page_is_structured_for_every_reader(visits, kind):
    for name, visit in visits[kind].items():
        facts = visit["facts"]
        where = f"{kind}/{name}"
        assert facts["lang"] == "fr", where
        assert "width=device-width" in facts["viewport"], where
        levels = facts["headings"]
        assert levels and levels[0] == 1 and levels.count(1) == 1, (where, levels)
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), (where, "a heading level skipped", levels)
        assert facts["tablesWithoutHeaders"] == 0, where
        assert "mlalib-skip" in facts["firstStop"] and 'href="#main"' in facts["firstTab"], (where, facts["firstTab"])
        assert "Aller au contenu" in facts["firstTab"], where
        assert facts["deadStops"] == [] and facts["deadStopsAt320"] == [], (where, facts["deadStops"])
        assert facts["bodySize"] >= 16 and facts["smallest"] >= 14, (where, facts["bodySize"], facts["smallest"])
        assert facts["smallestInFigures"] >= 12, (where, facts["smallestInFigures"])
        assert facts["widthAt320"] <= 320, (where, "wider than a 320 px screen", facts["widthAt320"])


def test_the_glossary_marks_the_language_of_each_foreign_term(visits):
    glossary = visits["participant-html"]["99_glossary.html"]["facts"]["foreignTerms"]
    assert glossary["en"] >= 30 and glossary["es"] >= 30, glossary


def test_the_html_editions_share_one_plotly_and_load_nothing_from_a_network(cohort):
    for edition in ("participant-html", "trainer-html"):
        folder = cohort["built"] / edition
        assert (folder / PLOTLY_FILE).read_text(encoding="utf-8") == plotly_source()
        for page in folder.glob("*.html"):
            content = page.read_text(encoding="utf-8")
            assert plotly_source()[:2000] not in content, page.name
            loads = re.search(f'<script defer(="")? src="{re.escape(PLOTLY_FILE)}">', content) is not None
            assert ("plotly-graph-div" in content) == loads, page.name
            head = content[:content.index("</head>")]
            assert "<script" not in head, (page.name, "a script in <head> holds back the text")
            for remote in ('src="http', "src='http", 'href="http', "@import", "@font-face", "url(http"):
                assert remote not in content, (page.name, remote)


def test_the_participant_archive_holds_the_set_and_is_the_same_bytes_when_built_again(cohort):
    built = cohort["built"]
    path = built / archive_name("pages-fr")
    first = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        names = [m.filename for m in members]
        assert names == ["pages-fr/participant/course_map.md", "pages-fr/participant-html/index.html"] + \
            [f"pages-fr/{edition}/{name}.{suffix}" for name in NOTEBOOKS
             for edition, suffix in (("participant", "ipynb"), ("participant-html", "html"))] + \
            [f"pages-fr/participant-html/{PLOTLY_FILE}"]
        assert {m.date_time for m in members} == {ZIP_TIME}
        assert archive.read(names[2]) == (built / "participant" / f"{NOTEBOOKS[0]}.ipynb").read_bytes()
    assert not [n for n in names if "trainer" in n]
    path.unlink()
    again = build_cohort(cohort["file"], notebooks_dir=PROJECT / "notebooks", output=built.parent, jobs=1,
                         progress=False)  # every notebook up to date: only the archive is written again
    assert {step.status for step in again.steps} == {"skipped"}
    assert again.archive == path and path.read_bytes() == first
    written = path.stat().st_mtime_ns
    build_cohort(cohort["file"], notebooks_dir=PROJECT / "notebooks", output=built.parent, jobs=1, progress=False)
    assert path.stat().st_mtime_ns == written  # nothing changed: the archive is kept as it is


def test_a_self_contained_page_draws_alone_and_a_page_missing_plotly_says_so(browser, cohort, tmp_path):
    trainer = nbformat.read(cohort["built"] / "trainer" / "09_decent_work.ipynb", as_version=4)
    alone = tmp_path / "alone" / "09_decent_work.html"
    alone.parent.mkdir()
    alone.write_text(notebook_to_html(trainer, self_contained=True), encoding="utf-8")
    assert plotly_source() in alone.read_text(encoding="utf-8")
    visit = _open(browser, alone, None)
    assert visit["left"] == [] and visit["errors"] == []
    assert visit["facts"]["figures"] >= 3 and visit["facts"]["drawn"] == visit["facts"]["figures"]
    moved = tmp_path / "moved" / "09_decent_work.html"  # a page copied without the plotly.min.js next to it
    moved.parent.mkdir()
    shutil.copy(cohort["built"] / "participant-html" / "09_decent_work.html", moved)
    page = browser.new_page()
    try:
        page.route("**/*", _offline)
        page.goto(moved.as_uri(), wait_until="load")
        notes = page.locator(".mlalib-no-plotly").all_inner_texts()
    finally:
        page.close()
    assert notes and all(f"a besoin du fichier {PLOTLY_FILE}" in note for note in notes), notes


def test_a_self_contained_build_keeps_no_shared_copy_and_rebuilds_its_pages(cohort, tmp_path):
    from mlalib.course import build

    folder = tmp_path / "set"
    shutil.copytree(cohort["built"] / "participant-html", folder / "participant-html")
    (folder / "participant-html" / PLOTLY_FILE).unlink()
    assert share_plotly(folder) == [folder / "participant-html" / PLOTLY_FILE]  # the pages load it
    for page in (folder / "participant-html").glob("*.html"):  # pages that carry plotly.js themselves
        page.write_text(page.read_text(encoding="utf-8").replace(f'src="{PLOTLY_FILE}"', ""), encoding="utf-8")
    assert share_plotly(folder) == [] and not (folder / "participant-html" / PLOTLY_FILE).exists()
    task = build._Task("09_decent_work", PROJECT / "notebooks" / "09_decent_work.ipynb", cohort["report"].cohort,
                       cohort["built"], "fingerprint", 60)
    assert build._stamp(task, b"master") != build._stamp(replace(task, self_contained=True), b"master")


def test_the_header_cell_labels_its_rows(cohort):
    nb = nbformat.read(cohort["built"] / "participant" / "99_glossary.ipynb", as_version=4)
    header = nb.cells[0].source
    assert f'<th scope="row">{text("header.focus", "fr")}</th>' in header and "<thead>" not in header


def test_markdown_that_could_run_is_removed_from_the_html_editions():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        '# Lesson\n\nRead <span lang="en">this</span> <script>alert(1)</script><img src=x onerror="alert(2)"> '
        '[here](javascript:alert(3)) and [there](02_bilateral_flows.html).')])
    page = notebook_to_html(nb)
    assert "alert(" not in page.split("</main>")[0] and "onerror" not in page
    assert '<span lang="en">this</span>' in page and 'href="02_bilateral_flows.html"' in page
