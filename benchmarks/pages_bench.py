"""Benchmark: the participant set of the statistics elective, its size and how soon its pages show text
on a slow link, against the way pages were written before, measured in the same run.

* **new**: the set as ``mlalib build`` writes it: the participant notebooks, their HTML pages and the
  one ``plotly.min.js`` the pages load (deferred); also the size of the set's zip archive;
* **old (baseline)**: the same executed notebooks written as before: nbconvert's stock ``lab``
  template (require.js and MathJax from a CDN in ``<head>``, render-blocking) with ``plotly.js``
  inlined in the ``<head>`` of every page;
* **time to first paint** (``first-contentful-paint``) and to the figures drawn, of each timed page
  in a fresh browser context (empty cache), served over HTTP on loopback to Debian's Chromium
  throttled by DevTools (``Network.emulateNetworkConditions``: 1.5 Mbit/s down and up, 300 ms
  latency); every host but loopback is unresolvable, so a CDN script fails at once, as offline
  (an online participant would also wait for them: the old times are a lower bound);
* **figures drawn, next page**: a second new page opened after the first in the same context, once
  ``plotly.min.js`` is in the browser's cache (the old pages carry their copy every time).

Goal: a participant set of at most 10 MB.

Run: ``.venv/bin/python benchmarks/pages_bench.py [--build DIR] [--timed N]`` (``--build`` reuses a
build of ``cohorts/example.yaml``, e.g. ``build/example-2026-en`` after ``make demo``; by default the
cohort is built into a temporary folder, about a minute and a half on 2 cores).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from mlalib.course.archive import archive_name  # noqa: E402
from mlalib.course.build import build_cohort  # noqa: E402
from mlalib.course.cohort import load_cohort  # noqa: E402
from mlalib.course.html import page_title, static_outputs  # noqa: E402
from mlalib.course.masters import master_notebooks  # noqa: E402
from mlalib.course.recipes import PARTICIPANT_VIEW, Ingredients  # noqa: E402
from mlalib.course.translation import load_notebook_catalog, translate_notebook  # noqa: E402
from mlalib.views.page import PLOTLY_FILE, plotly_source  # noqa: E402

os.environ.setdefault("MLALIB_COURSE_KEYS", str(PROJECT / "notebooks" / "keys"))
COHORT = PROJECT / "cohorts" / "example.yaml"
MBPS = 1.5
LATENCY_MS = 300
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
# the page is loaded (parsed, its scripts run) and every figure has its drawing
FIGURES_DRAWN = ("() => document.readyState === 'complete' && [...document.querySelectorAll('.plotly-graph-div')]"
                 ".every(d => d.querySelector('.main-svg'))")


def old_page(nb: nbformat.NotebookNode) -> str:
    """A page as written before: nbconvert's stock lab template, plotly.js inlined in the head."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="lab").from_notebook_node(
        static_outputs(nb), resources={"metadata": {"name": page_title(nb)}})
    if "plotly-graph-div" in body:
        script = ("<script>window.__mlalib_define = window.define; window.define = undefined;</script>\n"
                  f'<script type="text/javascript">{plotly_source()}</script>\n'
                  "<script>window.define = window.__mlalib_define;</script>")
        body = body.replace("</head>", script + "\n</head>", 1)
    return body


def old_set(root: Path, out: Path) -> list[Path]:
    """The participant pages of the build at ``root`` written the old way into ``out``."""
    cohort = load_cohort(COHORT)
    masters = master_notebooks(PROJECT / "notebooks")
    pages = []
    for trainer in sorted((root / "trainer").glob("*.ipynb")):
        name = trainer.stem
        master = nbformat.read(masters[name], as_version=4)
        master, _ = translate_notebook(master, load_notebook_catalog(PROJECT / "notebooks", cohort.language, name))
        view = PARTICIPANT_VIEW.apply(nbformat.read(trainer, as_version=4), Ingredients(cohort, name, master))
        page = out / f"{name}.html"
        page.write_text(old_page(view), encoding="utf-8")
        pages.append(page)
    return pages


def megabytes(paths: list[Path]) -> float:
    return sum(p.stat().st_size for p in paths) / 1e6


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def throttled_page(browser):
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    rate = MBPS * 1e6 / 8  # bytes per second
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": LATENCY_MS,
                                                  "downloadThroughput": rate, "uploadThroughput": rate})
    return context, page


def timings(page, url: str) -> tuple[float, float]:
    """Seconds from navigation to the first contentful paint and to every figure drawn."""
    page.goto(url, wait_until="commit", timeout=300_000)
    page.wait_for_function("() => performance.getEntriesByName('first-contentful-paint').length > 0",
                           timeout=300_000, polling=50)
    paint = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime") / 1000
    page.wait_for_function(FIGURES_DRAWN, timeout=300_000, polling=100)
    drawn = page.evaluate("performance.now()") / 1000
    return paint, drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, default=None, help="an existing build of cohorts/example.yaml")
    parser.add_argument("--timed", type=int, default=3, help="pages timed (those with figures, in course order)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="mlalib-pages-bench-") as scratch:
        scratch = Path(scratch)
        if args.build is None:
            start = time.perf_counter()
            report = build_cohort(COHORT, output=scratch / "build", progress=False)
            if not report.ok:
                raise SystemExit(report.table())
            root = report.root
            print(f"built {root.name} in {time.perf_counter() - start:.0f} s")
        else:
            root = args.build
        cohort = load_cohort(COHORT)
        notebooks = sorted((root / "participant").glob("*.ipynb"))
        new_pages = sorted((root / "participant-html").glob("*.html"))
        (scratch / "old").mkdir()
        old_pages = old_set(root, scratch / "old")
        new_total = megabytes(notebooks + new_pages + [root / "participant-html" / PLOTLY_FILE])
        old_total = megabytes(notebooks + old_pages)
        print(f"\nparticipant set of {cohort.course} ({len(notebooks)} notebooks)")
        shared, archive = root / "participant-html" / PLOTLY_FILE, root / archive_name(cohort.id)
        print(f"  old: {old_total:6.1f} MB  (pages {megabytes(old_pages):.1f} MB, "
              f"notebooks {megabytes(notebooks):.2f} MB)")
        print(f"  new: {new_total:6.1f} MB  (pages {megabytes(new_pages):.1f} MB, {PLOTLY_FILE} "
              f"{megabytes([shared]):.1f} MB, notebooks {megabytes(notebooks):.2f} MB); "
              f"zip archive {megabytes([archive]):.1f} MB")
        print(f"  ratio old/new: {old_total / new_total:.1f}x smaller; goal at most 10 MB: "
              f"{'met' if new_total <= 10 else 'NOT met'}")

        timed = [p.stem for p in new_pages if "plotly-graph-div" in p.read_text(encoding="utf-8")][:args.timed]
        old_server, old_url = serve(scratch / "old")
        new_server, new_url = serve(root / "participant-html")
        print(f"\ntime to first paint and to the figures drawn at {MBPS} Mbit/s, {LATENCY_MS} ms latency (cold cache)")
        rows = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS,
                                                     headless=True)
                for name in timed:
                    measured = {}
                    for label, base in (("old", old_url), ("new", new_url)):
                        context, page = throttled_page(browser)
                        measured[label] = timings(page, f"{base}/{name}.html")
                        context.close()
                    rows.append((name, *measured["old"], *measured["new"]))
                    print(f"  {name:34s} first paint old {measured['old'][0]:5.1f} s, new {measured['new'][0]:5.1f} s"
                          f" ({measured['old'][0] / measured['new'][0]:.0f}x); figures old {measured['old'][1]:5.1f} s,"
                          f" new {measured['new'][1]:5.1f} s", flush=True)
                if len(timed) >= 2:
                    context, page = throttled_page(browser)
                    timings(page, f"{new_url}/{timed[0]}.html")
                    _, next_drawn = timings(page, f"{new_url}/{timed[1]}.html")
                    context.close()
                    print(f"  next page ({timed[1]}, {PLOTLY_FILE} cached): figures drawn in {next_drawn:.1f} s")
                browser.close()
        finally:
            old_server.shutdown()
            new_server.shutdown()
        old_paint = statistics.median(r[1] for r in rows)
        new_paint = statistics.median(r[3] for r in rows)
        print(f"\nmedian first paint: old {old_paint:.1f} s, new {new_paint:.1f} s: "
              f"{old_paint / new_paint:.0f}x sooner")
        print(f"median figures drawn (cold cache): old {statistics.median(r[2] for r in rows):.1f} s, "
              f"new {statistics.median(r[4] for r in rows):.1f} s")


if __name__ == "__main__":
    main()
