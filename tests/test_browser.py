"""A participant edition opened in JupyterLab, in headless Chromium driven by Playwright.

Runs every cell through the JupyterLab menu (an English and a French participant edition), then
checks that a plotly chart and an ipywidgets control rendered, that every chart is named and linked to its
description (``aria-describedby``), and that the checks answer in the cohort's language, and saves a
screenshot under the test's temporary folder (its path is printed).
Skips, saying why, where Chromium or Playwright is missing (``.ci/run`` installs Debian's
chromium when it can).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from mlalib.course.build import build_cohort
from tests.conftest import PROJECT, write_cohort

pytestmark = [pytest.mark.slow, pytest.mark.browser]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


#: True once every plotly figure drawn by JupyterLab points at a description (set by the description's script).
FIGURES_LINKED = """() => { const drawn = [...document.querySelectorAll('.jp-RenderedPlotly')];
    return drawn.length > 0 && drawn.every(node => node.getAttribute('aria-describedby')); }"""
#: Role, accessible name and the text of the description of every plotly figure drawn by JupyterLab.
FIGURE_NAMES = """() => [...document.querySelectorAll('.jp-RenderedPlotly')].map(node => {
    const target = document.getElementById(node.getAttribute('aria-describedby'));
    return [node.getAttribute('role'), node.getAttribute('aria-label'), target ? target.textContent : ''];
})"""


def _chromium() -> str:
    for candidate in (os.environ.get("MLALIB_CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser"),
                      shutil.which("google-chrome")):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.skip("no Chromium found (install Debian's 'chromium' package or set MLALIB_CHROMIUM)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    out = tmp_path_factory.mktemp("browser")
    cohort = write_cohort(out / "cohort.yaml", notebooks=["00_start_here", "04_remittances"])
    report = build_cohort(cohort, notebooks_dir=PROJECT / "notebooks", output=out / "build", jobs=2, progress=False)
    assert report.ok, report.table()
    # a French cohort too (texts not translated yet stay in English; the library's messages are complete)
    french = write_cohort(out / "cohort-fr.yaml", id="test-cohort-fr", language="fr", notebooks=["00_start_here"])
    report_fr = build_cohort(french, notebooks_dir=PROJECT / "notebooks", output=out / "build", jobs=1,
                             progress=False, allow_incomplete_translations=True)
    assert report_fr.ok, report_fr.table()
    root = out / "build"
    port, token = _free_port(), "mlalib-test-token"
    home = out / "home"
    settings = home / "lab-settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    # render every cell (no lazy windowing), so outputs far down the notebook are drawn too
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / "jupyter"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTERLAB_SETTINGS_DIR": str(home / "lab-settings")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--ServerApp.allow_root=True",
         "--LabApp.news_url=",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        stdout=subprocess.DEVNULL, stderr=open(out / "lab.log", "w"), env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.terminate()
        pytest.fail(f"JupyterLab did not start; see {out / 'lab.log'}")
    yield base, token, out
    server.terminate()
    server.wait(timeout=30)


@pytest.mark.parametrize("cohort, notebook, not_answered", [
    ("test-cohort", "00_start_here", "Not answered yet"),
    ("test-cohort", "04_remittances", "Not answered yet"),
    ("test-cohort-fr", "00_start_here", "Pas encore de réponse"),
])
def test_participant_edition_runs_in_jupyterlab(lab, cohort, notebook, not_answered):
    from playwright.sync_api import sync_playwright

    base, token, out = lab
    shot_name = f"{cohort}-{notebook}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_FLAGS[1:], headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(90_000)
            page.goto(f"{base}/lab/workspaces/{shot_name}/tree/{cohort}/participant/{notebook}.ipynb?reset&token={token}",
                      timeout=60_000)
            page.wait_for_selector(".jp-Notebook", timeout=60_000)
            idle = "text=Python 3 (ipykernel) | Idle"  # the status bar, once the kernel has started
            page.wait_for_selector(idle, timeout=90_000)
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
            # JupyterLab renders off-screen cells lazily: wait for the elements, then scroll to them
            page.wait_for_selector(".js-plotly-plot", state="attached", timeout=90_000)
            page.wait_for_selector(".widget-dropdown select", state="attached", timeout=90_000)
            page.wait_for_selector(idle, timeout=90_000)
            page.locator(".js-plotly-plot").first.evaluate("element => element.scrollIntoView()")
            page.wait_for_selector(".js-plotly-plot .main-svg", state="attached", timeout=30_000)
            # every figure JupyterLab drew (the explorer's too) is named and linked to its description
            page.wait_for_function(FIGURES_LINKED, timeout=30_000)
            linked = page.evaluate(FIGURE_NAMES)
            assert linked and all(role == "figure" and name and words for role, name, words in linked), linked
            page.locator(".widget-dropdown").first.evaluate("element => element.scrollIntoView()")
            errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
            assert not [e for e in errors if "Traceback" in e or "Error" in e], errors
            page.wait_for_selector(f"text={not_answered}", state="attached", timeout=30_000)
            shot = out / f"{shot_name}.png"
            page.screenshot(path=str(shot), full_page=False)
            print(f"screenshot: {shot}")
            assert shot.stat().st_size > 10_000
        except Exception:
            page.screenshot(path=str(out / f"{shot_name}.failed.png"))
            print(f"screenshot of the failure: {out / f'{shot_name}.failed.png'}")
            raise
        finally:
            browser.close()
