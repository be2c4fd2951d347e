"""A course hub for one cohort: the JupyterHub configuration that ``mlalib hub`` writes.

From a built cohort (its participant editions), :func:`write_hub` writes a folder that JupyterHub
runs on one machine (``jupyterhub -f HUB/jupyterhub_config.py``, as root):

* ``jupyterhub_config.py``: three lines that hand JupyterHub to :mod:`mlalib.course.hub_runtime`;
* ``hub.json``: the settings chosen here (cohort, language, authenticator, identifier, where the homes
  are, culling); never a secret: the LTI consumer secret and the rehearsal password are read from
  environment variables when the hub starts (:data:`SECRETS`);
* ``editions/<cohort id>/``: the participant editions, copied into each participant's home when
  absent (``<home>/<cohort id>/``), so nothing a participant wrote is ever overwritten;
* ``jupyter/``: a Jupyter configuration folder every participant's server reads first
  (``JUPYTER_CONFIG_PATH``): JupyterLab's default settings for the cohort's language and no "Jupyter
  news" question (:func:`mlalib.course.lab.lab_settings`, the language packs of the ``[lab]`` extra);
* ``state/`` (readable by root only): JupyterHub's database and cookie secret, and
  ``participants.csv``: who logged in (system user, Moodle identifier, name, e-mail), which
  ``mlalib collect`` reads;
* ``kubernetes/``: the same cohort for Zero to JupyterHub (:mod:`mlalib.course.kubernetes`, written by the
  same command).

**Who is who.** Each participant's server runs as their own system user (JupyterHub's
``LocalProcessSpawner``; the account is created at their first login, its home readable by them
alone), never a shared account. The Moodle identifier that ``mlalib grade --moodle-identifier``
uses (``email``, ``username`` or ``idnumber``) is read from the launch (:data:`LAUNCH_FIELDS`: LTI 1.1
parameters and LTI 1.3 claims as Moodle sends them, ``mod/lti/locallib.php``) and turned into a
valid system user name by :func:`system_name` (``p-`` + a readable part + 8 hexadecimal digits of its
SHA-256, so two identifiers never share an account); ``state/participants.csv`` keeps the identifier
exactly as Moodle sent it, for the way back.

Example
-------
>>> system_name("Amina.Diallo@example.org")
'p-amina-diallo-example-ee6a5b7b'
>>> identifier_of({"lis_person_contact_email_primary": "amina@example.org"}, "lti11", "email")
'amina@example.org'
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import sys
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Mapping

from mlalib.course.cohort import Cohort, load_cohort
from mlalib.course.lab import write_lab_config
from mlalib.course.moodle import IDENTIFIERS
from mlalib.errors import InputError
from mlalib.files import write_atomic
from mlalib.i18n import text

#: How participants log in: from e-Campus (Moodle) by LTI 1.1 or LTI 1.3, or a rehearsal login
#: (any name, one shared password) for a trainer's dry run.
AUTHENTICATORS = ("lti11", "lti13", "rehearsal")

#: Where Moodle puts each identifier in a launch: LTI 1.1 form parameters, LTI 1.3 id_token claims
#: (a claim inside a claim as a pair). Moodle (mod/lti/locallib.php, ``lti_build_request``) always sends
#: ``lis_person_sourcedid`` = the user's ID number; ``ext_user_username`` and ``lis_person_name_full``
#: when the tool shares the launcher's name, ``lis_person_contact_email_primary`` when it shares the
#: e-mail. LTI 1.3 carries the same values as claims (``lti_get_jwt_claim_mapping``; ``ext_*``
#: parameters go into the ``.../claim/ext`` claim).
LAUNCH_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "lti11": {"email": ("lis_person_contact_email_primary",), "username": ("ext_user_username",),
              "idnumber": ("lis_person_sourcedid",), "name": ("lis_person_name_full",)},
    "lti13": {"email": ("email",), "username": ("https://purl.imsglobal.org/spec/lti/claim/ext", "user_username"),
              "idnumber": ("https://purl.imsglobal.org/spec/lti/claim/lis", "person_sourcedid"), "name": ("name",)},
}

#: Environment variables the hub reads when it starts, by authenticator: (variable, what it holds).
SECRETS: dict[str, tuple[tuple[str, str], ...]] = {
    "lti11": (("MLALIB_HUB_LTI11_KEY", "hub.secret_lti11_key"), ("MLALIB_HUB_LTI11_SECRET", "hub.secret_lti11_secret")),
    "lti13": (),
    "rehearsal": (("MLALIB_HUB_REHEARSAL_PASSWORD", "hub.secret_rehearsal"),),
}
#: JupyterHub's SharedPasswordAuthenticator refuses shorter passwords.
REHEARSAL_PASSWORD_MIN = 8

#: Files of the hub folder.
CONFIG, SETTINGS = "jupyterhub_config.py", "hub.json"
#: Columns of ``state/participants.csv``.
PARTICIPANT_COLUMNS = ("system_user", "identifier", "name", "email")


@dataclass(frozen=True)
class HubSettings:
    """What ``hub.json`` holds: everything the hub needs but its secrets."""

    cohort: str
    language: str
    auth: str
    identifier: str
    homes: str
    url: str
    bind: str
    cull_after: int
    proxy: str
    python: str
    lti13: dict[str, str] = field(default_factory=dict)
    #: The record of participants (relative to the hub folder, or absolute).
    participants: str = "state/participants.csv"

    @classmethod
    def read(cls, folder: str | Path) -> "HubSettings":
        """The settings of a hub folder written by :func:`write_hub`."""
        path = Path(folder) / SETTINGS
        if not path.is_file():
            raise InputError(text("hub.no_hub", path=path))
        return cls(**json.loads(path.read_text(encoding="utf-8")))

    def participants_file(self, folder: str | Path) -> Path:
        """Where ``participants.csv`` is for the hub folder ``folder``."""
        return Path(folder) / self.participants

    def address(self, path: str) -> str:
        """``path`` under the hub's public address."""
        return self.url.rstrip("/") + "/" + path

    @property
    def launch_url(self) -> str:
        """Where e-Campus sends participants (the External tool's "Tool URL"), or the rehearsal login page."""
        paths = {"lti11": "hub/lti/launch", "lti13": "hub/spawn", "rehearsal": "hub/login"}
        return self.address(paths[self.auth])


def moodle_fields(settings: HubSettings) -> list[tuple[str, str]]:
    """The e-Campus (Moodle) External tool fields for a hub: (message key of the field's name, value).

    Moodle's form: Site administration > Plugins > Activity modules > External tool > Manage tools >
    configure a tool manually (or, in a course, an External tool activity's "Show more...").

    >>> settings = HubSettings("c", "en", "lti11", "email", "/home", "https://hub.example.org/",
    ...                        "http://127.0.0.1:8000/", 3600, "chp", "py")
    >>> dict(moodle_fields(settings))["hub.field_tool_url"]
    'https://hub.example.org/hub/lti/launch'
    """
    if settings.auth == "rehearsal":
        return []
    common = [("hub.field_container", "hub.value_new_window"), ("hub.field_share_name", "hub.value_always"),
              ("hub.field_share_email", "hub.value_always"), ("hub.field_accept_grades", "hub.value_never")]
    if settings.auth == "lti11":
        return [("hub.field_tool_url", settings.launch_url), ("hub.field_version", "LTI 1.0/1.1"),
                ("hub.field_consumer_key", "$MLALIB_HUB_LTI11_KEY"),
                ("hub.field_shared_secret", "$MLALIB_HUB_LTI11_SECRET"), *common]
    return [("hub.field_tool_url", settings.launch_url), ("hub.field_version", "LTI 1.3"),
            ("hub.field_key_type", "hub.value_rsa_key"), ("hub.field_public_key", "lti13-public-key.pem"),
            ("hub.field_login_url", settings.address("hub/lti13/oauth_login")),
            ("hub.field_redirect_uri", settings.address("hub/lti13/oauth_callback")), *common]


def system_name(identifier: str) -> str:
    """A valid system user name for a Moodle identifier: ``p-``, up to 20 letters, digits and ``-``
    of it (accents dropped), ``-`` and the first 8 hexadecimal digits of its SHA-256 (at most 31
    characters; POSIX user names: ``[a-z_][a-z0-9_-]*``, at most 32).

    >>> system_name("104233"), system_name("Émilie")
    ('p-104233-64d12927', 'p-emilie-8c4d4cbf')
    """
    folded = unicodedata.normalize("NFKD", identifier).encode("ascii", "ignore").decode("ascii").lower()
    readable = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:20].strip("-")
    digest = hashlib.sha256(identifier.encode("utf-8")).hexdigest()[:8]
    return f"p-{readable}-{digest}" if readable else f"p-{digest}"


def _field(launch: Mapping[str, Any], path: tuple[str, ...]) -> str:
    value: Any = launch
    for key in path:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value.strip() if isinstance(value, str) else ""


def identifier_of(launch: Mapping[str, Any], auth: str, identifier: str) -> str:
    """The Moodle identifier (``email``, ``username``, ``idnumber``) or ``name`` in a launch's
    parameters (LTI 1.1) or claims (LTI 1.3); ``""`` where Moodle did not send it."""
    return _field(launch, LAUNCH_FIELDS[auth][identifier])


def check_choices(auth: str, identifier: str) -> None:
    """Refuse an unknown authenticator or identifier, naming the accepted values."""
    if auth not in AUTHENTICATORS:
        raise InputError(text("hub.bad_choice", option="--auth", value=auth, accepted=", ".join(AUTHENTICATORS)))
    if identifier not in IDENTIFIERS:
        raise InputError(text("hub.bad_choice", option="--identifier", value=identifier,
                              accepted=", ".join(IDENTIFIERS)))


def secrets(auth: str, environ: Mapping[str, str] | None = None, language: str = "en") -> dict[str, str]:
    """The secrets of an authenticator from the environment; one line naming the first variable missing."""
    environ = os.environ if environ is None else environ
    found = {}
    for variable, what in SECRETS[auth]:
        value = environ.get(variable, "")
        if not value:
            raise InputError(text("hub.missing_secret", language, variable=variable, what=text(what, language)))
        found[variable] = value
    password = found.get("MLALIB_HUB_REHEARSAL_PASSWORD")
    if password is not None and len(password) < REHEARSAL_PASSWORD_MIN:
        raise InputError(text("hub.short_password", language, variable="MLALIB_HUB_REHEARSAL_PASSWORD",
                              count=REHEARSAL_PASSWORD_MIN))
    return found


def server_options() -> list[str]:
    """Command-line options of every participant's server: terminals off, no news fetched, no update check."""
    return ["--ServerApp.terminals_enabled=False", "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]


def proxy_command(project: Path | None = None) -> str:
    """configurable-http-proxy (npm): on the PATH, else installed in this checkout by ``npm ci``."""
    found = shutil.which("configurable-http-proxy")
    local = (project or Path.cwd()) / "node_modules" / ".bin" / "configurable-http-proxy"
    if found:
        return found
    if local.exists():
        return str(local.resolve())
    raise InputError(text("hub.no_proxy"))


def closed_to_others(path: Path) -> Path | None:
    """The first folder above ``path`` (or ``path`` itself) that other users cannot enter or read, else None.

    Participants' servers run as their own users: their Python, the hub's editions and JupyterLab
    settings must be reachable by every user (a Python under ``/root`` is not).

    >>> closed_to_others(Path("/")) is None
    True
    """
    path = Path(os.path.realpath(path))  # a link is followed: its target must be reachable too
    for folder in [*reversed(path.parents), path]:
        mode = folder.stat().st_mode
        if stat.S_ISDIR(mode) and not mode & stat.S_IXOTH or not stat.S_ISDIR(mode) and not mode & stat.S_IROTH:
            return folder
    return None


def readable_solutions(paths: list[Path]) -> list[Path]:
    """Folders among ``paths`` (trainer editions, answer keys) that other users of the machine can read."""
    return [p for p in paths if p.exists() and p.stat().st_mode & (stat.S_IROTH | stat.S_IXOTH)]


def write_hub(cohort_file: str | Path, out: str | Path, *, auth: str, identifier: str, output: str | Path | None = None,
              homes: str | Path = "/home", bind: str = "http://127.0.0.1:8000/", url: str | None = None,
              cull_after: int = 3600,
              lti13_platform: str | None = None, lti13_client_id: str | None = None, python: str | None = None,
              environ: Mapping[str, str] | None = None,
              project: Path | None = None) -> HubSettings:
    """Write the hub folder ``out`` for a built cohort (see the module docstring); returns its settings.

    ``python`` is the participants' Python (default: this one); it must have mlalib's core, JupyterLab
    and JupyterHub, and every user must be able to run it. Raises :class:`InputError` (one line) for a
    cohort not built, an unknown choice, a missing secret variable or LTI 1.3 option, a Python or a hub
    folder other users cannot reach, or no configurable-http-proxy.
    """
    check_choices(auth, identifier)
    cohort: Cohort = load_cohort(cohort_file)
    editions = Path(output if output is not None else cohort.output) / cohort.id / "participant"
    notebooks = sorted(editions.glob("*.ipynb")) if editions.is_dir() else []
    lang = cohort.language  # the trainer reads the cohort's language from here on
    if not notebooks:
        raise InputError(text("hub.not_built", lang, path=editions, cohort=cohort_file))
    secrets(auth, environ, lang)
    lti13 = {}
    if auth == "lti13":
        if not lti13_platform or not lti13_client_id:
            raise InputError(text("hub.lti13_options", lang))
        platform = lti13_platform.rstrip("/")
        lti13 = {"issuer": platform, "client_id": lti13_client_id, "jwks_url": f"{platform}/mod/lti/certs.php",
                 "authorize_url": f"{platform}/mod/lti/auth.php"}
    if cull_after < 60:
        raise InputError(text("hub.bad_cull", lang, value=cull_after))
    folder = Path(out)
    python = python or sys.executable
    if not Path(python).is_file():
        raise InputError(text("hub.no_python", lang, path=python))
    for path, option in ((Path(python), "--python"), (folder.absolute().parent, "--out")):
        closed = closed_to_others(path) if path.exists() else None
        if closed is not None:
            raise InputError(text("hub.closed_folder", lang, path=path, closed=closed, option=option))
    settings = HubSettings(cohort=cohort.id, language=cohort.language, auth=auth, identifier=identifier,
                           homes=str(Path(homes).absolute()), url=url or bind, bind=bind, cull_after=cull_after,
                           proxy=proxy_command(project), python=python, lti13=lti13)
    copies = folder / "editions" / cohort.id
    for stale in set(copies.glob("*.ipynb")) - {copies / n.name for n in notebooks}:
        stale.unlink()  # a notebook the rebuilt cohort no longer has
    for notebook in notebooks:
        target = copies / notebook.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(notebook, target)
    (folder / "state").mkdir(parents=True, exist_ok=True)
    os.chmod(folder / "state", 0o700)
    write_atomic(folder / SETTINGS, json.dumps(asdict(settings), indent=2, ensure_ascii=False) + "\n")
    lab = write_lab_config(cohort.language, folder / "jupyter")
    write_atomic(folder / CONFIG, _CONFIG_TEXT)
    for path in [folder, folder / "editions", copies, *copies.iterdir(), folder / "jupyter", lab.parent, lab]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)  # participants' servers read them
    if auth == "lti13":
        _public_key(folder / "lti13-public-key.pem")
    return settings


def _public_key(path: Path) -> None:
    """An RSA public key for Moodle's LTI 1.3 tool form, which asks for one; its private half is not kept
    (the hub sends Moodle no signed message). An existing key is kept, so Moodle's form stays right."""
    if path.exists():
        return
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    public = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    write_atomic(path, public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))


_CONFIG_TEXT = '''\
# Written by `mlalib hub`: the settings are in hub.json beside this file, the secrets in environment
# variables (never in a file). Start the hub as root: jupyterhub -f jupyterhub_config.py
from pathlib import Path

from mlalib.course.hub_runtime import configure

configure(c, Path(__file__).resolve().parent)  # noqa: F821 (c is JupyterHub's configuration)
'''
