"""The course hub (mlalib hub): written from a built cohort, started on loopback, used by two participants.

One hub is started for the module (LTI 1.1, identifier as the README's command says) and every live test
reuses it: two participants launched from a signed LTI 1.1 form (as e-Campus posts it) in headless
Chromium each find the cohort's editions in their own home, run the first cells of a notebook and get
403 on the other's server; a second start of a server copies nothing; a wrong secret and a replayed
nonce are refused; the collected homes grade with a row per participant. The memory of the hub, the
proxy, the servers and the kernels, and the hub's start time, are printed (``pytest -s``).
Skips, saying why, where the proxy (npm), Chromium, Playwright or the right to create system users is
missing. The configuration itself and the command's bad input are tested without starting anything.
"""

from __future__ import annotations

import html
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import time
import types
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import nbformat
import pytest

from mlalib.cli import main
from mlalib.course.recipes import participant_edition
from mlalib.course.cohort import load_cohort
from mlalib.course.hub import HubSettings, moodle_fields, system_name
from mlalib.i18n import text
from tests.conftest import PROJECT, write_cohort
from tests.test_browser import CHROMIUM_FLAGS, _chromium, _free_port

README = (PROJECT / "README.md").read_text(encoding="utf-8")
HUB_SECTION = README[README.index("## The course hub"):README.index("### On Kubernetes")]
SECRETS = {"MLALIB_HUB_LTI11_KEY": "ecampus-test", "MLALIB_HUB_LTI11_SECRET": "a-secret-only-this-test-knows"}


def _readme_command(program: str) -> list[str]:
    """The options of the README's first command line of ``program`` (continuation lines joined)."""
    joined = HUB_SECTION.replace("\\\n", " ")
    line = next(line for line in joined.splitlines() if line.strip().startswith(program))
    return line.split("#")[0].split()


def _option(words: list[str], name: str) -> str:
    return words[words.index(name) + 1]


def _make_built_cohort(folder: Path, cohort_id: str) -> Path:
    """A cohort file and its participant editions (made as ``mlalib build`` makes them; no trainer run)."""
    cohort_file = write_cohort(folder / "cohort.yaml", id=cohort_id, notebooks=["00_start_here"],
                               output=str(folder / "build"))
    cohort = load_cohort(cohort_file)
    master = nbformat.read(PROJECT / "notebooks" / "00_start_here.ipynb", as_version=4)
    target = folder / "build" / cohort_id / "participant" / "00_start_here.ipynb"
    target.parent.mkdir(parents=True)
    nbformat.write(participant_edition(master, cohort, "00_start_here"), target)
    return cohort_file


# ---------------------------------------------------------------- the configuration, nothing started

@pytest.fixture
def built(tmp_path, monkeypatch):
    """A built cohort; the hub folder may go under pytest's temporary folder (closed to other users)."""
    monkeypatch.setattr("mlalib.course.hub.closed_to_others", lambda path: None)
    return _make_built_cohort(tmp_path, "hub-unit")


def test_the_hub_folder_holds_the_settings_but_no_secret(built, tmp_path, monkeypatch, capsys):
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr("mlalib.course.hub.proxy_command", lambda project=None: "/usr/bin/configurable-http-proxy")
    out = tmp_path / "hub"
    assert main(["hub", str(built), "--out", str(out), "--auth", "lti11", "--identifier", "username",
                 "--url", "https://hub.example.org/", "--homes", str(tmp_path / "homes")]) == 0
    printed = capsys.readouterr().out
    assert "https://hub.example.org/hub/lti/launch" in printed and "Share launcher's email with tool: Always" in printed
    for path in out.rglob("*"):
        if path.is_file() and path.suffix != ".ipynb":
            content = path.read_bytes()
            assert SECRETS["MLALIB_HUB_LTI11_SECRET"].encode() not in content, path
            assert SECRETS["MLALIB_HUB_LTI11_KEY"].encode() not in content, path
    settings = HubSettings.read(out)
    assert (settings.auth, settings.identifier, settings.bind) == ("lti11", "username", "http://127.0.0.1:8000/")
    assert (out / "editions" / "hub-unit" / "00_start_here.ipynb").is_file()
    assert oct(out.joinpath("state").stat().st_mode & 0o777) == "0o700"
    overrides = json.loads((out / "jupyter" / "labconfig" / "default_setting_overrides.json").read_text())
    assert overrides["@jupyterlab/translation-extension:plugin"] == {"locale": "en"}
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


def test_jupyterhub_is_configured_for_separate_accounts_terminals_off_and_culling(built, tmp_path, monkeypatch):
    from traitlets.config import Config

    from mlalib.course.hub import write_hub
    from mlalib.course.hub_runtime import configure

    monkeypatch.setenv("MLALIB_HUB_REHEARSAL_PASSWORD", "a rehearsal password")
    monkeypatch.setattr("mlalib.course.hub.proxy_command", lambda project=None: "/usr/bin/configurable-http-proxy")
    write_hub(built, tmp_path / "hub", auth="rehearsal", identifier="email", cull_after=1200)
    c = Config()
    configure(c, tmp_path / "hub")
    assert c.JupyterHub.authenticator_class.endswith("SharedPasswordAuthenticator")
    assert c.SharedPasswordAuthenticator.user_password == "a rehearsal password"
    assert c.JupyterHub.spawner_class == "jupyterhub.spawner.LocalProcessSpawner"
    assert "--ServerApp.terminals_enabled=False" in c.Spawner.args and "--LabApp.news_url=" in c.Spawner.args
    assert c.Spawner.environment["JUPYTER_CONFIG_PATH"] == str(tmp_path / "hub" / "jupyter")
    assert c.Spawner.cmd[0] == sys.executable  # the kernel runs where mlalib is installed
    assert "--timeout=1200" in c.JupyterHub.services[0]["command"]


@pytest.mark.parametrize("auth", ["lti11", "lti13"])
def test_the_readme_gives_every_e_campus_field_the_command_prints(auth):
    settings = HubSettings("c", "en", auth, "email", "/home", "https://hub.example.org/", "http://127.0.0.1:8000/",
                           3600, "chp", "py")
    for key, value in moodle_fields(settings):
        shown = text(value) if value.startswith("hub.") else value.lstrip("$")
        assert text(key) in HUB_SECTION and shown in HUB_SECTION, (key, shown)


@pytest.mark.parametrize("auth, field, launch", [
    ("lti11", "email", {"lis_person_contact_email_primary": "Amina@example.org"}),
    ("lti11", "username", {"ext_user_username": "adiallo"}),
    ("lti11", "idnumber", {"lis_person_sourcedid": "ILO-17"}),
    ("lti13", "email", {"email": "Amina@example.org"}),
    ("lti13", "username", {"https://purl.imsglobal.org/spec/lti/claim/ext": {"user_username": "adiallo"}}),
    ("lti13", "idnumber", {"https://purl.imsglobal.org/spec/lti/claim/lis": {"person_sourcedid": "ILO-17"}}),
])
def test_the_user_name_comes_from_the_chosen_moodle_identifier(auth, field, launch, tmp_path):
    from mlalib.course.hub_runtime import after_login, read_participants

    settings = HubSettings("c", "en", auth, field, str(tmp_path), "http://h/", "http://h/", 3600, "chp", "py")
    done = after_login(settings, tmp_path, {"name": "1042", "auth_state": launch})
    expected = {"email": "Amina@example.org", "username": "adiallo", "idnumber": "ILO-17"}[field]
    assert done["name"] == system_name(expected)
    assert re.fullmatch(r"[a-z_][a-z0-9_-]{0,31}", done["name"])
    assert read_participants(settings.participants_file(tmp_path))[0]["identifier"] == expected


def test_a_launch_without_the_identifier_is_refused_saying_which_setting(tmp_path):
    from tornado.web import HTTPError

    from mlalib.course.hub_runtime import after_login

    settings = HubSettings("c", "fr", "lti11", "email", str(tmp_path), "http://h/", "http://h/", 3600, "chp", "py")
    with pytest.raises(HTTPError) as refused:
        after_login(settings, tmp_path, {"name": "1042", "auth_state": {"user_id": "1042"}})
    assert refused.value.status_code == 403 and "lis_person_contact_email_primary" in refused.value.reason
    assert "Toujours" in refused.value.reason


@pytest.mark.parametrize("args, expected", [
    (["--auth", "lti11", "--identifier", "name"], "'--identifier' must be one of email, username, idnumber"),
    (["--auth", "saml", "--identifier", "email"], "'--auth' must be one of lti11, lti13, rehearsal"),
    (["--auth", "lti11", "--identifier", "email"], "MLALIB_HUB_LTI11_KEY is not set"),
    (["--auth", "lti13", "--identifier", "email"], "--auth lti13 needs --lti13-platform"),
])
def test_bad_input_gets_one_line_and_exit_code_2(built, tmp_path, monkeypatch, capsys, args, expected):
    for name in (*SECRETS, "MLALIB_HUB_REHEARSAL_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    assert main(["hub", str(built), "--out", str(tmp_path / "hub"), *args]) == 2
    error = capsys.readouterr().err.strip()
    assert expected in error and len(error.splitlines()) == 1, error


def test_a_hub_in_a_folder_participants_cannot_enter_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("mlalib.course.hub.proxy_command", lambda project=None: "/usr/bin/configurable-http-proxy")
    closed = Path(tempfile.mkdtemp(prefix="mlalib-closed-"))  # mode 0700, in /tmp, which everyone may enter
    cohort = _make_built_cohort(tmp_path, "hub-closed")
    monkeypatch.setenv("MLALIB_HUB_REHEARSAL_PASSWORD", "a rehearsal password")
    assert main(["hub", str(cohort), "--out", str(closed / "hub"), "--auth", "rehearsal", "--identifier", "email",
                 "--python", "/bin/sh"]) == 2
    error = capsys.readouterr().err
    closed.rmdir()
    assert f"other users cannot enter {closed};" in error and "--out" in error


def test_a_python_that_does_not_exist_is_refused_in_the_cohorts_language(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MLALIB_HUB_REHEARSAL_PASSWORD", "a rehearsal password")
    cohort = _make_built_cohort(tmp_path, "hub-fr")
    cohort.write_text(cohort.read_text().replace("language: en", "language: fr"))
    assert main(["hub", str(cohort), "--out", str(tmp_path / "hub"), "--auth", "rehearsal", "--identifier", "email",
                 "--python", str(tmp_path / "no-python")]) == 2
    assert "(option --python) n'existe pas" in capsys.readouterr().err


def test_a_cohort_not_built_is_refused(tmp_path, capsys):
    cohort = write_cohort(tmp_path / "cohort.yaml", output=str(tmp_path / "nowhere"))
    assert main(["hub", str(cohort), "--out", str(tmp_path / "hub"), "--auth", "lti11", "--identifier", "email"]) == 2
    assert "mlalib build" in capsys.readouterr().err


def test_a_missing_secret_stops_the_hub_start_with_one_line(built, tmp_path, monkeypatch, capsys):
    from traitlets.config import Config

    from mlalib.course.hub import write_hub
    from mlalib.course.hub_runtime import configure

    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr("mlalib.course.hub.proxy_command", lambda project=None: "/usr/bin/configurable-http-proxy")
    write_hub(built, tmp_path / "hub", auth="lti11", identifier="email")
    monkeypatch.delenv("MLALIB_HUB_LTI11_SECRET")
    with pytest.raises(SystemExit) as stopped:
        configure(Config(), tmp_path / "hub")
    assert stopped.value.code == 2
    assert capsys.readouterr().err.strip().count("\n") == 0


# ---------------------------------------------------------------- the hub, started once

def _skip_unless_hub_can_run() -> str:
    pytest.importorskip("jupyterhub", reason="JupyterHub is not installed (pip install -e '.[test]')")
    pytest.importorskip("ltiauthenticator", reason="jupyterhub-ltiauthenticator is not installed")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    if os.geteuid() != 0 or shutil.which("useradd") is None:
        pytest.skip("the hub creates a system user per participant: run as root where useradd exists")
    proxy = shutil.which("configurable-http-proxy") or PROJECT / "node_modules" / ".bin" / "configurable-http-proxy"
    if not Path(proxy).exists():
        pytest.skip("configurable-http-proxy (npm) is not installed: make test runs npm ci")
    return _chromium()


def _participants_python(work: Path) -> str:
    """A Python every user can run, with this environment's packages: this one, or (where it lives in a
    folder closed to others, as pyenv's under /root) a venv of the system's Python of the same version
    that adds this environment's site-packages and Jupyter's configuration and data folders."""
    import site
    import sysconfig

    from mlalib.course.hub import closed_to_others

    for path in (PROJECT, Path(sysconfig.get_paths()["purelib"])):
        if closed_to_others(path) is not None:
            pytest.skip(f"participants' servers could not read {path} (a folder above it is closed to other users)")
    if closed_to_others(Path(sys.executable)) is None:
        return sys.executable
    system = Path("/usr/bin/python3")
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    if not system.exists() or subprocess.run([str(system), "-c", "import sys; print(f'{sys.version_info[0]}."
                                                                  "{sys.version_info[1]}')"],
                                             capture_output=True, text=True).stdout.strip() != version:
        pytest.skip(f"this Python ({sys.executable}) is in a folder closed to other users, and there is no "
                    f"/usr/bin/python3 {version} to run participants' servers with")
    subprocess.run([str(system), "-m", "venv", "--without-pip", str(work / "venv")], check=True)
    target = Path(subprocess.run([str(work / "venv" / "bin" / "python"), "-c",
                                  "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                 capture_output=True, text=True, check=True).stdout.strip())
    (target / "mlalib_test_environment.pth").write_text(
        f"import site; site.addsitedir({site.getsitepackages()[0]!r})\n")
    for part in ("etc/jupyter", "share/jupyter"):  # the server's extensions (JupyterLab) and their files
        (work / "venv" / part).parent.mkdir(parents=True, exist_ok=True)
        (work / "venv" / part).symlink_to(Path(sys.prefix) / part)
    return str(work / "venv" / "bin" / "python")


def _launch_form(url: str, key: str, secret: str, person: dict[str, str], nonce: str | None = None) -> dict[str, str]:
    """The form e-Campus posts to the tool: LTI 1.1 parameters signed with OAuth 1.0 HMAC-SHA1 (oauthlib)."""
    from oauthlib.oauth1 import SIGNATURE_TYPE_BODY, Client

    params = {"lti_message_type": "basic-lti-launch-request", "lti_version": "LTI-1p0", "resource_link_id": "17",
              "resource_link_title": "Course hub", "user_id": person["user_id"], "roles": "Learner",
              "context_id": "4", "context_title": "Measuring and analysing labour migration",
              "lis_person_name_full": person["name"], "lis_person_contact_email_primary": person["email"],
              "ext_user_username": person["email"].split("@")[0], "lis_person_sourcedid": "",
              "launch_presentation_document_target": "window", "tool_consumer_info_product_family_code": "moodle",
              "ext_lms": "moodle-2", "oauth_callback": "about:blank"}
    client = Client(key, client_secret=secret, signature_type=SIGNATURE_TYPE_BODY, nonce=nonce)
    _, _, body = client.sign(url, http_method="POST", body=params,
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    return dict(urllib.parse.parse_qsl(body, keep_blank_values=True))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _post(url: str, form: dict[str, str]) -> int:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode(),
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        return opener.open(request, timeout=30).status
    except urllib.error.HTTPError as err:
        return err.code


def _rss_mib(pid: int) -> float:
    import psutil

    return psutil.Process(pid).memory_info().rss / 2**20


@pytest.fixture(scope="module")
def hub():
    chromium = _skip_unless_hub_can_run()
    token = uuid.uuid4().hex[:6]
    work = Path(tempfile.mkdtemp(prefix="mlalib-hub-test-"))
    os.chmod(work, 0o755)  # participants' servers read the hub's editions and JupyterLab settings
    cohort_file = _make_built_cohort(work, f"hub-{token}")
    command = _readme_command("mlalib hub")
    auth, identifier = _option(command, "--auth"), _option(command, "--identifier")
    port = _free_port()
    saved = {name: os.environ.get(name) for name in SECRETS}
    os.environ.update(SECRETS)
    python = _participants_python(work)
    assert main(["hub", str(cohort_file), "--out", str(work / "hub"), "--auth", auth, "--identifier", identifier,
                 "--bind", f"http://127.0.0.1:{port}/", "--homes", str(work / "homes"), "--python", python]) == 0
    log = open(work / "hub.log", "w")
    started = time.perf_counter()
    process = subprocess.Popen([str(Path(sys.executable).with_name("jupyterhub")), "-f",
                                str(work / "hub" / "jupyterhub_config.py")], cwd=work, stdout=log,
                               stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(f"{base}/hub/api", timeout=2)
            break
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.25)
    else:
        process.terminate()
        pytest.fail(f"the hub did not start; see {work / 'hub.log'}")
    if process.poll() is not None:
        pytest.fail(f"the hub stopped at start; see {work / 'hub.log'}:\n{(work / 'hub.log').read_text()[-3000:]}")
    start_seconds = time.perf_counter() - started
    people = [{"user_id": "104233", "name": "Amina Diallo", "email": f"amina.{token}@example.org"},
              {"user_id": "104240", "name": "Bruno Costa", "email": f"bruno.{token}@example.org"}]
    state = types.SimpleNamespace(base=base, work=work, cohort_file=cohort_file, cohort=f"hub-{token}",
                                  settings=HubSettings.read(work / "hub"), people=people, chromium=chromium,
                                  process=process, start_seconds=start_seconds, identifier=identifier,
                                  launch=f"{base}/hub/lti/launch", memory={})
    yield state
    _stop(process)
    for person in people:
        user = system_name(person["email"])
        subprocess.run(["userdel", user], capture_output=True)
        subprocess.run(["groupdel", user], capture_output=True)
    for name, value in saved.items():
        os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)
    log.close()
    shutil.rmtree(work, ignore_errors=True)


def _stop(process: subprocess.Popen) -> None:
    """End the hub and what it started (proxy, culler, participants' servers and kernels), by process id:
    a test's hub is not shut down politely (that stops each server in turn, seconds each)."""
    import psutil

    try:
        tree = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        tree = []
    process.kill()
    for child in tree:
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass
    process.wait(timeout=30)
    psutil.wait_procs(tree, timeout=30)


def _submit_launch(page, url: str, form: dict[str, str]) -> None:
    """What a browser does with e-Campus's launch page: a form of hidden fields posted to the Tool URL."""
    fields = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in form.items())
    page.set_content(f'<form id="launch" method="post" action="{html.escape(url)}">{fields}</form>')
    page.evaluate("document.getElementById('launch').submit()")


@pytest.mark.slow
@pytest.mark.browser
def test_the_readme_fields_are_the_ones_this_hub_uses(hub):
    fields = dict(moodle_fields(hub.settings))
    assert hub.launch == fields["hub.field_tool_url"]
    assert f"| Tool URL | `https://hub.example.org/{hub.launch.split('/', 3)[3]}`" in HUB_SECTION
    for key, value in fields.items():
        shown = text(value) if value.startswith("hub.") else value.lstrip("$")
        if key != "hub.field_tool_url":
            assert f"| {text(key)} | " in HUB_SECTION and shown in HUB_SECTION, (key, shown)
    launch_field = {"email": "lis_person_contact_email_primary", "username": "ext_user_username",
                    "idnumber": "lis_person_sourcedid"}[hub.identifier]
    assert f"| `{hub.identifier}` | `{launch_field}` |" in HUB_SECTION


_LAB = re.compile(r".*/user/[^/]+/lab.*")
_IDLE = "text=Python 3 (ipykernel) | Idle"  # the status bar, once the kernel waits


@pytest.fixture(scope="module")
def participants(hub):
    """Both participants launched from e-Campus at once (one Chromium, one browser context each), in JupyterLab."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=hub.chromium, args=CHROMIUM_FLAGS[1:], headless=True)
        pages = {}
        for person in hub.people:
            page = browser.new_context(viewport={"width": 1300, "height": 900}).new_page()
            page.set_default_timeout(120_000)
            _submit_launch(page, hub.launch, _launch_form(hub.launch, *SECRETS.values(), person))
            pages[person["email"]] = page  # both servers start meanwhile
        for page in pages.values():
            page.wait_for_url(_LAB)
        yield pages
        browser.close()


@pytest.mark.slow
@pytest.mark.browser
def test_each_participant_finds_the_editions_in_their_own_closed_home(hub, participants):
    for person in hub.people:
        participants[person["email"]].wait_for_selector("text=00_start_here.ipynb")  # JupyterLab's file browser
        account = pwd.getpwnam(system_name(person["email"]))
        edition = Path(account.pw_dir) / hub.cohort / "00_start_here.ipynb"
        assert edition.is_file() and edition.stat().st_uid == account.pw_uid
        assert Path(account.pw_dir).stat().st_mode & 0o077 == 0, "a home must be closed to other participants"


@pytest.mark.slow
@pytest.mark.browser
def test_each_participant_runs_the_first_cells_without_error(hub, participants):
    import psutil

    for page in participants.values():  # both notebooks open and start their kernels at once
        page.locator(".jp-DirListing-item", has_text="00_start_here.ipynb").dblclick()
    for page in participants.values():
        page.wait_for_selector(_IDLE)
        page.locator(".jp-Cell").first.click()
        for _ in range(7):  # the header, the parameters, the imports and configuration, the environment report
            page.keyboard.press("Shift+Enter")
    for page in participants.values():
        page.wait_for_function("[...document.querySelectorAll('.jp-InputPrompt')]"
                               ".filter(e => /\\[\\d+\\]/.test(e.textContent)).length >= 3")
        page.wait_for_selector(_IDLE)
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        assert not [e for e in errors.all_inner_texts() if "Error" in e or "Traceback" in e]
        page.screenshot(path=str(hub.work / "participant.png"))
    memory: dict[str, list[float]] = {}
    for child in psutil.Process(hub.process.pid).children():
        line = " ".join(child.cmdline())
        if "configurable-http-proxy" in line:
            memory.setdefault("proxy", []).append(_rss_mib(child.pid))
        elif "jupyterhub.singleuser" in line:
            memory.setdefault("server", []).append(_rss_mib(child.pid))
            memory.setdefault("kernel", []).extend(_rss_mib(k.pid) for k in child.children()
                                                   if "ipykernel" in " ".join(k.cmdline()))
    memory["hub"] = [_rss_mib(hub.process.pid)]
    print(f"\nhub start: {hub.start_seconds:.1f} s; resident memory (MiB): "
          + "; ".join(f"{k} " + ", ".join(f"{v:.0f}" for v in values) for k, values in memory.items()))
    assert len(memory["kernel"]) == 2


@pytest.mark.slow
@pytest.mark.browser
def test_jupyterlab_takes_the_hubs_settings_and_has_no_terminal(hub, participants):
    person = hub.people[0]
    page, user = participants[person["email"]], system_name(person["email"])
    settings = f"{hub.base}/user/{user}/lab/api/settings/@jupyterlab"
    # the hub's default setting overrides replace the defaults of the schemas JupyterLab serves ("default", "none")
    language = page.request.get(f"{settings}/translation-extension:plugin").json()["schema"]["properties"]
    news = page.request.get(f"{settings}/apputils-extension:notification").json()["schema"]["properties"]
    assert language["locale"]["default"] == "en" and news["fetchNews"]["default"] == "false"
    assert page.request.get(f"{hub.base}/user/{user}/api/terminals").status == 404


@pytest.mark.slow
@pytest.mark.browser
def test_a_participant_gets_403_on_another_participants_server(hub, participants):
    first, second = hub.people[:2]
    response = participants[first["email"]].goto(f"{hub.base}/user/{system_name(second['email'])}/lab")
    assert response.status == 403


@pytest.mark.slow
@pytest.mark.browser
def test_a_second_start_copies_nothing(hub, participants):
    person = hub.people[0]
    user = system_name(person["email"])
    edition = Path(pwd.getpwnam(user).pw_dir) / hub.cohort / "00_start_here.ipynb"
    notebook = nbformat.read(edition, as_version=4)
    notebook.cells.append(nbformat.v4.new_markdown_cell("My notes"))
    mine = nbformat.writes(notebook)
    edition.write_text(mine, encoding="utf-8")  # what the participant wrote (the file keeps its owner)
    nothing = text("hub.copied", count=0, user=user, names="-")
    before = (hub.work / "hub.log").read_text().count(nothing)
    page = participants[person["email"]]
    page.goto(f"{hub.base}/hub/home")
    page.locator("#stop").click()
    page.wait_for_selector("#stop", state="hidden")
    page.goto(f"{hub.base}/hub/spawn")
    page.wait_for_url(_LAB)
    assert edition.read_text(encoding="utf-8") == mine
    assert (hub.work / "hub.log").read_text().count(nothing) == before + 1, "the second start must copy nothing"


@pytest.mark.slow
@pytest.mark.browser
def test_a_signed_launch_logs_in_and_a_wrong_secret_or_a_replayed_nonce_is_refused(hub):
    person = {"user_id": "104299", "name": "Chen Wei", "email": f"chen.{uuid.uuid4().hex[:6]}@example.org"}
    hub.people.append(person)  # removed with the others at the end
    key, secret = SECRETS.values()
    wrong = _launch_form(hub.launch, key, "not-the-secret", person)
    assert _post(hub.launch, wrong) == 401
    good = _launch_form(hub.launch, key, secret, person)
    assert _post(hub.launch, good) == 302
    assert _post(hub.launch, good) == 401, "a replayed launch (same nonce) must be refused"
    from mlalib.course.hub_runtime import read_participants

    rows = read_participants(hub.settings.participants_file(hub.work / "hub"))
    assert {"system_user": system_name(person["email"]), "identifier": person["email"], "name": "Chen Wei",
            "email": person["email"]} in rows


@pytest.mark.slow
@pytest.mark.browser
def test_the_collected_homes_grade_with_a_row_per_participant(hub, capsys):
    collect_words, grade_words = _readme_command("mlalib collect"), _readme_command("mlalib grade")
    assert _option(grade_words, "--moodle-identifier") == hub.identifier
    submissions = hub.work / "submissions-final"
    assert main(["collect", str(hub.work / "hub"), "--out", str(submissions)]) == 0
    assert collect_words[3] == "--out" and "submissions-final.participants.csv" in grade_words
    folders = sorted(p.name for p in submissions.iterdir())
    assert {"Amina Diallo", "Bruno Costa"} <= set(folders)
    assert (submissions / "Amina Diallo" / hub.cohort / "00_start_here.ipynb").is_file()
    gradebook = hub.work / "gradebook"
    assert main(["grade", str(hub.cohort_file), str(submissions), "--out", str(gradebook), "--moodle-participants",
                 str(hub.work / "submissions-final.participants.csv"), "--moodle-identifier", hub.identifier,
                 "--notebooks-dir", str(PROJECT / "notebooks"), "--jobs", "2", "--quiet"]) == 0
    import pandas as pd

    participants = pd.read_csv(gradebook / "participants.csv")
    assert {"Amina Diallo", "Bruno Costa"} <= set(participants["participant"])
    moodle = pd.read_csv(gradebook / "moodle_grades.csv")
    assert {p["email"] for p in hub.people[:2]} <= set(moodle["Email address"])
