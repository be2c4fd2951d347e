"""Inside the course hub: JupyterHub's configuration, participants' accounts and their copies of the editions.

``jupyterhub_config.py`` (written by ``mlalib hub``) calls :func:`configure`, which reads ``hub.json``
and the secrets from the environment (one line and exit code 2 when one is missing) and sets:

* the authenticator: ``ltiauthenticator``'s LTI 1.1 (consumer key and secret) or LTI 1.3 (e-Campus's
  issuer, client id, key set and authorisation URLs) authenticator, or JupyterHub's
  ``SharedPasswordAuthenticator`` for a rehearsal; anyone e-Campus sends with a valid launch may log in;
* :func:`after_login` (JupyterHub's ``post_auth_hook``): the Moodle identifier read from the launch
  (refused, saying which privacy setting to change, when e-Campus did not send it) becomes the user
  name (:func:`mlalib.course.hub.system_name`), recorded in ``state/participants.csv``;
* :func:`before_spawn` (``pre_spawn_hook``): the participant's system user is created at their first
  login (home ``<homes>/<system user>``, mode 0700, no login shell); an existing account whose home is
  elsewhere (``root``, the trainer) is never used; then the participant editions are copied into
  ``<home>/<cohort id>/`` where absent, by a process running as the participant (so a link they made
  cannot send root's copy elsewhere);
* ``LocalProcessSpawner`` running this environment's Python (the kernel has mlalib's core) with
  terminals off (:func:`mlalib.course.hub.server_options`) and the hub's JupyterLab settings (the
  cohort's language, no news question: ``jupyter/`` of the hub folder first in ``JUPYTER_CONFIG_PATH``);
* ``jupyterhub-idle-culler`` stopping servers idle for ``cull_after`` seconds.

Example
-------
>>> from mlalib.course.hub import HubSettings
>>> home_of(HubSettings("c", "en", "rehearsal", "email", "/srv/homes", "http://127.0.0.1:8000/",
...                     "http://127.0.0.1:8000/", 3600, "chp", "py"),
...         "p-amina-1a2b3c4d")
PosixPath('/srv/homes/p-amina-1a2b3c4d')
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from mlalib.course.hub import (
    PARTICIPANT_COLUMNS, HubSettings, identifier_of, secrets, server_options, system_name,
)
from mlalib.errors import InputError, MlalibError
from mlalib.files import write_atomic
from mlalib.i18n import text

_AUTHENTICATORS = {
    "lti11": "ltiauthenticator.lti11.auth.LTI11Authenticator",
    "lti13": "ltiauthenticator.lti13.auth.LTI13Authenticator",
    "rehearsal": "jupyterhub.authenticators.shared.SharedPasswordAuthenticator",
}


def _settings_and_secrets(folder: Path) -> tuple[HubSettings, dict[str, str]]:
    """``hub.json`` and the secrets; a missing one ends the start with one line and exit code 2."""
    try:
        settings = HubSettings.read(folder)
        return settings, secrets(settings.auth, language=settings.language)
    except MlalibError as err:
        print(f"mlalib: error: {err.one_line()}", file=sys.stderr)
        raise SystemExit(2) from None


def configure_logins(c: Any, folder: Path) -> HubSettings:
    """The authenticator and :func:`after_login` (used on one machine and by the Kubernetes hub)."""
    settings, found = _settings_and_secrets(folder)
    c.JupyterHub.authenticator_class = _AUTHENTICATORS[settings.auth]
    c.Authenticator.allow_all = True  # whoever e-Campus (or the rehearsal password) lets in
    c.Authenticator.post_auth_hook = lambda authenticator, handler, authentication: after_login(
        settings, folder, authentication)
    if settings.auth == "lti11":
        c.LTI11Authenticator.consumers = {found["MLALIB_HUB_LTI11_KEY"]: found["MLALIB_HUB_LTI11_SECRET"]}
        c.LTI11Authenticator.username_key = "user_id"  # replaced by the chosen identifier in after_login
    elif settings.auth == "lti13":
        c.LTI13Authenticator.issuer = settings.lti13["issuer"]
        c.LTI13Authenticator.client_id = [settings.lti13["client_id"]]
        c.LTI13Authenticator.jwks_endpoint = settings.lti13["jwks_url"]
        c.LTI13Authenticator.authorize_url = settings.lti13["authorize_url"]
        c.LTI13Authenticator.username_key = "sub"  # replaced by the chosen identifier in after_login
    else:
        c.SharedPasswordAuthenticator.user_password = found["MLALIB_HUB_REHEARSAL_PASSWORD"]
    return settings


def configure(c: Any, folder: Path) -> None:
    """Fill JupyterHub's configuration ``c`` for one machine from the hub folder and the environment."""
    settings = configure_logins(c, folder)
    state = folder / "state"
    state.mkdir(mode=0o700, exist_ok=True)
    c.JupyterHub.bind_url = settings.bind
    c.JupyterHub.default_url = "/hub/spawn"  # from the e-Campus launch straight to the participant's JupyterLab
    # the hub's API and the proxy's on loopback ports free at start (another hub may run on the machine)
    c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{_free_port()}"
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{_free_port()}"
    c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
    c.ConfigurableHTTPProxy.command = [settings.proxy]
    c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
    c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
    c.Spawner.cmd = [settings.python, "-m", "jupyterhub.singleuser"]
    c.Spawner.args = server_options()
    c.Spawner.environment = {"JUPYTER_CONFIG_PATH": str(folder / "jupyter")}  # the cohort's JupyterLab settings
    c.Spawner.default_url = f"/lab/tree/{settings.cohort}"
    c.Spawner.notebook_dir = "~"
    c.Spawner.start_timeout = c.Spawner.http_timeout = 120
    c.Spawner.pre_spawn_hook = lambda spawner: before_spawn(settings, folder, spawner)
    c.JupyterHub.load_roles = [{"name": "idle-culler", "services": ["idle-culler"],
                                "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}]
    c.JupyterHub.services = [{"name": "idle-culler", "command": [
        settings.python, "-m", "jupyterhub_idle_culler", f"--timeout={settings.cull_after}",
        f"--cull-every={max(60, settings.cull_after // 6)}"]}]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def home_of(settings: HubSettings, user: str) -> Path:
    """The home of a participant's system user."""
    return Path(settings.homes) / user


def read_participants(path: Path) -> list[dict[str, str]]:
    """The rows of a hub's ``participants.csv`` (none before the first login)."""
    if not path.is_file():
        return []
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _record(path: Path, row: dict[str, str]) -> None:
    rows = [r for r in read_participants(path) if r["system_user"] != row["system_user"]] + [row]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=PARTICIPANT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(sorted(rows, key=lambda r: r["system_user"]))
    write_atomic(path, out.getvalue())
    os.chmod(path, 0o600)


def after_login(settings: HubSettings, folder: Path, authentication: dict[str, Any]) -> dict[str, Any]:
    """JupyterHub's ``post_auth_hook``: the user name becomes :func:`system_name` of the chosen Moodle
    identifier, recorded with the participant's name and e-mail; a launch without it is refused (403)."""
    from tornado.web import HTTPError

    launch = authentication.get("auth_state") or {}
    if settings.auth == "rehearsal":
        identifier, name, email = authentication["name"], "", ""
    else:
        identifier = identifier_of(launch, settings.auth, settings.identifier)
        name = identifier_of(launch, settings.auth, "name")
        email = identifier_of(launch, settings.auth, "email")
    if not identifier:
        message = text("hub.launch_without_identifier", settings.language,
                       field=" / ".join(_launch_field(settings)))
        raise HTTPError(403, message, reason=message)
    user = system_name(identifier)
    record = settings.participants_file(folder)
    known = {r["system_user"]: r for r in read_participants(record)}
    if user in known and known[user]["identifier"] != identifier:
        raise HTTPError(403, reason=text("hub.name_taken", settings.language, user=user))
    _record(record, {"system_user": user, "identifier": identifier, "name": name or known.get(user, {}).get("name", ""),
                     "email": email or known.get(user, {}).get("email", "")})
    authentication["name"] = user
    return authentication


def _launch_field(settings: HubSettings) -> tuple[str, ...]:
    from mlalib.course.hub import LAUNCH_FIELDS

    return LAUNCH_FIELDS[settings.auth][settings.identifier]


def ensure_account(settings: HubSettings, user: str) -> pwd.struct_passwd:
    """The participant's system user, created if absent (home ``<homes>/<user>``, mode 0700, no login shell).

    Raises :class:`InputError` for an existing account whose home is not there (never borrowed)."""
    home = home_of(settings, user)
    try:
        account = pwd.getpwnam(user)
    except KeyError:
        Path(settings.homes).mkdir(parents=True, exist_ok=True)
        nologin = shutil.which("nologin") or "/usr/sbin/nologin"
        subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--shell", nologin,
                        "--comment", "mlalib course participant", user], check=True, capture_output=True)
        account = pwd.getpwnam(user)
    if Path(account.pw_dir) != home:
        raise InputError(text("hub.foreign_account", settings.language, user=user, home=account.pw_dir))
    os.chmod(home, 0o700)
    return account


async def before_spawn(settings: HubSettings, folder: Path, spawner: Any) -> None:
    """JupyterHub's ``pre_spawn_hook``: the account, then the editions copied where absent, by a process
    running as the participant (:mod:`mlalib.course.hub_copy`; the hub goes on serving others meanwhile)."""
    from jupyterhub.spawner import set_user_setuid

    user = spawner.user.name
    ensure_account(settings, user)
    source = folder / "editions" / settings.cohort
    process = await asyncio.create_subprocess_exec(
        settings.python, "-m", "mlalib.course.hub_copy", str(source), str(home_of(settings, user) / settings.cohort),
        preexec_fn=set_user_setuid(user), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env={"PATH": os.defpath})
    out, err = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(text("hub.copy_failed", settings.language, user=user, error=err.decode().strip()))
    names = json.loads(out)
    spawner.log.info("mlalib: %s", text("hub.copied", settings.language, count=len(names), user=user,
                                         names=", ".join(names) or "-"))
