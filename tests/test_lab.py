"""JupyterLab in the cohort's language, without the news pop-up (mlalib.course.lab, ``mlalib lab``).

The settings are checked as written, then as a real JupyterLab started by ``mlalib lab`` serves them
(its settings API and its translations), and, where Chromium is installed, as a participant sees the
menu bar.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from mlalib.course.lab import OVERRIDES_FILE, lab_settings, missing_language_pack, write_lab_config
from tests.conftest import PROJECT

TRANSLATION = "@jupyterlab/translation-extension:plugin"
NOTIFICATION = "@jupyterlab/apputils-extension:notification"
#: The File menu, as the language packs translate it.
FILE_MENU = {"fr": "Fichier", "es": "Archivo"}


@pytest.mark.parametrize("language, locale", [("en", "en"), ("fr", "fr_FR"), ("es", "es_ES")])
def test_the_settings_set_the_cohort_language_and_silence_the_news(language, locale, tmp_path):
    settings = lab_settings(language)
    assert settings[TRANSLATION] == {"locale": locale}
    assert settings[NOTIFICATION] == {"fetchNews": "false", "checkForUpdates": False}
    written = write_lab_config(language, tmp_path)
    assert written == tmp_path / OVERRIDES_FILE and json.loads(written.read_text()) == settings


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_lab_extra_installs_the_language_packs(language):
    assert missing_language_pack(language) is None


def test_a_language_outside_the_course_is_refused():
    with pytest.raises(ValueError, match="language"):
        lab_settings("de")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module", params=["fr", "es"])
def lab_server(request, tmp_path_factory):
    """``mlalib lab`` on a French or Spanish cohort, with a home of its own (the user's settings folder)."""
    pytest.importorskip("jupyterlab", reason="JupyterLab is not installed (pip install -e '.[test]')")
    language = request.param
    out = tmp_path_factory.mktemp(f"lab-{language}")
    cohort = out / "cohort.yaml"
    cohort.write_text((PROJECT / "cohorts" / "example.yaml").read_text().replace("language: en", f"language: {language}"))
    (out / "build" / "example-2026-en" / "participant").mkdir(parents=True)  # the cohort's id is kept
    home, port, token = out / "home", _free_port(), "mlalib-test-token"
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / "jupyter"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTERLAB_SETTINGS_DIR": str(home / "lab-settings")}
    env.pop("JUPYTER_CONFIG_PATH", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "mlalib", "lab", str(cohort), "--allow-root", "--", "--no-browser", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}"],
        cwd=out, env=env, stdout=subprocess.DEVNULL, stderr=open(out / "lab.log", "w"), start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            if server.poll() is not None:
                break
            try:
                _get(f"{base}/api/status?token={token}")
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(f"JupyterLab did not start; see {out / 'lab.log'}")
        yield language, base, token, home
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # mlalib lab and the JupyterLab it started, in their own group
        server.wait(timeout=30)


@pytest.mark.slow
def test_mlalib_lab_serves_the_cohort_language_and_no_news_as_defaults_only(lab_server):
    language, base, token, home = lab_server
    translation = _get(f"{base}/lab/api/settings/{TRANSLATION}?token={token}")
    notification = _get(f"{base}/lab/api/settings/{NOTIFICATION}?token={token}")
    locale = lab_settings(language)[TRANSLATION]["locale"]
    # defaults (the schema's, as the overrides set them), not the user's own settings
    assert translation["schema"]["properties"]["locale"]["default"] == locale
    assert notification["schema"]["properties"]["fetchNews"]["default"] == "false"
    assert notification["schema"]["properties"]["checkForUpdates"]["default"] is False
    assert translation["settings"] == {} and notification["settings"] == {}
    served = _get(f"{base}/lab/api/translations/{locale}?token={token}")["data"]["jupyterlab"]
    assert served["menu\x04File"] == [FILE_MENU[language]]  # gettext's context separator: the menu "File"
    assert not (home / "lab-settings").exists() or not any((home / "lab-settings").rglob("*.jupyterlab-settings"))


@pytest.mark.slow
@pytest.mark.browser
def test_a_participant_sees_the_menus_in_the_cohort_language_and_no_news_question(lab_server, tmp_path):
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    from playwright.sync_api import sync_playwright

    from tests.test_browser import CHROMIUM_FLAGS, _chromium

    language, base, token, _ = lab_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_FLAGS[1:], headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"{base}/lab?reset&token={token}", timeout=60_000)
            menu = page.get_by_role("menuitem", name=FILE_MENU[language], exact=True)
            menu.wait_for(timeout=60_000)
            page.wait_for_timeout(3_000)  # the news question, when asked, comes a moment after the start
            page.screenshot(path=str(tmp_path / f"lab-{language}.png"))
            print(f"screenshot: {tmp_path / f'lab-{language}.png'}")
            # JupyterLab counts its notifications in the status bar; the news question would be one
            assert page.locator(".jp-Notification-Status-Text").inner_text().strip() == "0"
        finally:
            browser.close()
