"""JupyterLab in the cohort's language, without the news pop-up.

JupyterLab translates its menus and dialogs with language packs (the ``[lab]`` extra installs the
French and Spanish ones, ``jupyterlab-language-pack-fr-FR`` and ``-es-ES``), in the language of the
setting ``locale`` of the plugin ``@jupyterlab/translation-extension:plugin``. On first start it
also asks whether to fetch the official Jupyter news (setting ``fetchNews`` of
``@jupyterlab/apputils-extension:notification``, "Ask" by default), a pop-up in English that a
participant should not have to answer.

:func:`lab_settings` gives both settings for a course language; :func:`write_lab_config` writes
them as JupyterLab's *default setting overrides* (``labconfig/default_setting_overrides.json``)
in a Jupyter configuration folder of their own, which a session adds to ``JUPYTER_CONFIG_PATH``
(``mlalib lab`` does, with a temporary folder; a JupyterHub user server can do the same with a
folder of its image). They are defaults: the user's own settings are neither read nor changed, and
a participant who picks another language in *Settings > Language* keeps it.

Example
-------
>>> lab_settings("fr")["@jupyterlab/translation-extension:plugin"]
{'locale': 'fr_FR'}
>>> lab_settings("es")["@jupyterlab/apputils-extension:notification"]["fetchNews"]
'false'
"""

from __future__ import annotations

import json
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from mlalib.i18n import require_language

#: JupyterLab's locale for each course language, and the module of its language pack (None: built in).
LAB_LOCALES: dict[str, tuple[str, str | None]] = {
    "en": ("en", None),
    "fr": ("fr_FR", "jupyterlab_language_pack_fr_FR"),
    "es": ("es_ES", "jupyterlab_language_pack_es_ES"),
}
#: The file of default setting overrides that jupyterlab_server reads in every ``labconfig`` folder of the
#: Jupyter configuration path.
OVERRIDES_FILE = Path("labconfig") / "default_setting_overrides.json"


def lab_settings(language: str) -> dict[str, dict[str, Any]]:
    """JupyterLab settings for a course language: its interface language, and no news nor update checks.

    Keys are JupyterLab plugin ids, values their settings (the layout of ``overrides.json``).

    >>> sorted(lab_settings("en"))
    ['@jupyterlab/apputils-extension:notification', '@jupyterlab/translation-extension:plugin']
    """
    require_language(language)
    return {
        "@jupyterlab/translation-extension:plugin": {"locale": LAB_LOCALES[language][0]},
        "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    }


def write_lab_config(language: str, folder: str | Path) -> Path:
    """Write :func:`lab_settings` as default setting overrides under ``folder``; the file written.

    ``folder`` is a Jupyter configuration folder of the session (put it first in
    ``JUPYTER_CONFIG_PATH``); the user's own configuration and settings are left alone.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     json.loads(write_lab_config("es", folder).read_text())["@jupyterlab/translation-extension:plugin"]
    {'locale': 'es_ES'}
    """
    path = Path(folder) / OVERRIDES_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(lab_settings(language), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def missing_language_pack(language: str) -> str | None:
    """The pip name of the JupyterLab language pack ``language`` needs, if it is not installed; else None.

    >>> missing_language_pack("en") is None
    True
    """
    module = LAB_LOCALES[require_language(language)][1]
    if module is None or find_spec(module) is not None:
        return None
    return module.replace("_", "-")


__all__ = ["LAB_LOCALES", "OVERRIDES_FILE", "lab_settings", "missing_language_pack", "write_lab_config"]
