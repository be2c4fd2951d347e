"""The course hub beyond one machine: Zero to JupyterHub (Helm chart ``jupyterhub``) values for a cohort.

``mlalib hub`` writes, in ``<hub>/kubernetes/``:

* ``values.yaml``: the chart's values (every key is one the chart documents in its
  ``values.schema.yaml``; ``tests/test_kubernetes.py`` checks them against it), sized for
  :data:`PARTICIPANTS` participants from measurements on one machine (:data:`MEASURED`);
* ``Dockerfile``: three images from one file: ``user`` (mlalib's core, JupyterLab and its language
  packs, the cohort's participant editions in ``/srv/editions/<cohort id>``, copied into the home at
  each start where absent: ``cp -rn``), ``hub`` (the chart's hub image with mlalib, for the same login
  rules as on one machine) and ``grader`` (``user`` with the course folder: masters and answer keys;
  push it where participants' pods never pull from);
* ``homes.yaml``: one ReadWriteMany volume for every home (each participant's server mounts only its own
  sub-folder), which the grading Job reads;
* ``grading-job.yaml``: a Job that snapshots the homes (``mlalib collect``) and grades the snapshot
  (``mlalib grade``) into ``.mlalib/gradebooks/`` of the homes volume, which the hub pod mounts.

Sizing (the course's choice, from the measurements): a participant's server and one kernel hold about
320 MiB after the heaviest notebooks, so each is guaranteed 512 MiB (the scheduler packs about 30 per
16 GiB node) and limited to 1 GiB (a second kernel, or a bigger table); a notebook with its outputs
is a few MB, so 0.5 GiB of storage each (100 GiB for 200) leaves room for tenfold growth.

Example
-------
>>> values = chart_values(_example_settings(), "registry.example.org/mlalib-demo", "demo")
>>> values["singleuser"]["memory"], values["cull"]["timeout"]
({'guarantee': '512M', 'limit': '1G'}, 3600)
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import yaml

from mlalib import __version__
from mlalib.course.hub import HubSettings
from mlalib.course.lab import OVERRIDES_FILE, lab_settings
from mlalib.files import write_atomic

#: The chart these values are written for, and its hub image (which has ltiauthenticator and the idle culler).
CHART_VERSION = "4.3.2"
HUB_IMAGE = f"quay.io/jupyterhub/k8s-hub:{CHART_VERSION}"
#: Participants the values are sized for.
PARTICIPANTS = 200
#: Resident memory (MiB) measured on one machine (tests/test_hub.py prints its own measurements).
MEASURED = {"hub": 130, "proxy": 65, "server": 150, "kernel": 170}
STORAGE_EACH_GIB = 0.5
#: Where the homes volume is mounted in the hub pod and in the grading Job.
HOMES = "/srv/homes"
SECRET = "mlalib-hub-secrets"
_SECRET_KEYS = {"MLALIB_HUB_LTI11_KEY": "lti11-key", "MLALIB_HUB_LTI11_SECRET": "lti11-secret",
                "MLALIB_HUB_REHEARSAL_PASSWORD": "rehearsal-password"}


def _example_settings() -> HubSettings:
    return HubSettings("demo", "fr", "lti11", "email", "/home", "https://hub.example.org/", "http://0.0.0.0:8000/",
                       3600, "chp", "python")


def kubernetes_settings(settings: HubSettings) -> HubSettings:
    """The hub's settings inside the cluster: homes on the shared volume, the record of participants with them."""
    return replace(settings, homes=HOMES, participants=f"{HOMES}/.mlalib/participants.csv", proxy="", python="python3")


def chart_values(settings: HubSettings, image: str, tag: str) -> dict[str, Any]:
    """The chart's values for a cohort (see the module docstring)."""
    from mlalib.course.hub import SECRETS

    inside = kubernetes_settings(settings)
    env = {variable: {"valueFrom": {"secretKeyRef": {"name": SECRET, "key": _SECRET_KEYS[variable]}}}
           for variable, _ in SECRETS[settings.auth]}
    hub: dict[str, Any] = {
        "image": {"name": f"{image}-hub", "tag": tag},
        "extraFiles": {"mlalib-settings": {"mountPath": "/srv/mlalib/hub.json", "data": asdict(inside)}},
        "extraConfig": {"mlalib": "from pathlib import Path\n"
                                  "from mlalib.course.hub_runtime import configure_logins\n"
                                  "configure_logins(c, Path('/srv/mlalib'))\n"},
        "extraVolumes": [{"name": "homes", "persistentVolumeClaim": {"claimName": "mlalib-homes"}}],
        "extraVolumeMounts": [{"name": "homes", "mountPath": HOMES}],
        "resources": {"requests": {"cpu": 0.2, "memory": "512Mi"}, "limits": {"memory": "1Gi"}},
    }
    if env:
        hub["extraEnv"] = env
    return {
        "hub": hub,
        "proxy": {"chp": {"resources": {"requests": {"cpu": 0.2, "memory": "128Mi"}, "limits": {"memory": "512Mi"}}}},
        "singleuser": {
            "image": {"name": image, "tag": tag},
            "defaultUrl": f"/lab/tree/{settings.cohort}",
            "memory": {"guarantee": "512M", "limit": "1G"},
            "cpu": {"guarantee": 0.05, "limit": 1.0},
            "storage": {"type": "static", "static": {"pvcName": "mlalib-homes", "subPath": "{username}"},
                        "homeMountPath": "/home/jovyan"},
            "lifecycleHooks": {"postStart": {"exec": {"command": [
                "sh", "-c", f"cp -rn /srv/editions/{settings.cohort} /home/jovyan/"]}}},
            "extraFiles": {
                "lab-settings": {"mountPath": f"/etc/jupyter/{OVERRIDES_FILE.as_posix()}",
                                 "data": lab_settings(settings.language)},
                "server-settings": {"mountPath": "/etc/jupyter/jupyter_server_config.json", "data": {
                    "ServerApp": {"terminals_enabled": False},
                    "LabApp": {"news_url": "", "check_for_updates_class": "jupyterlab.NeverCheckForUpdate"}}},
            },
            "startTimeout": 300,
        },
        "cull": {"enabled": True, "timeout": settings.cull_after, "every": max(60, settings.cull_after // 6)},
    }


def homes_volume(participants: int = PARTICIPANTS) -> dict[str, Any]:
    """The PersistentVolumeClaim of every home (ReadWriteMany: NFS or a cloud file share)."""
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "mlalib-homes"},
            "spec": {"accessModes": ["ReadWriteMany"],
                     "resources": {"requests": {"storage": f"{round(participants * STORAGE_EACH_GIB)}Gi"}}}}


def grading_job(settings: HubSettings, image: str, tag: str) -> dict[str, Any]:
    """The Job that snapshots the homes (mounted read-only) and grades the snapshot; the gradebook goes to
    ``.mlalib/gradebooks/<date>`` of the homes volume (no participant's server mounts it; the hub pod does)."""
    script = ("mlalib collect /srv/mlalib --out /tmp/submissions && "
              "mlalib grade /srv/course/cohort.yaml /tmp/submissions --notebooks-dir /srv/course/notebooks "
              "--out /srv/gradebooks/$(date +%Y%m%d-%H%M%S) --moodle-participants /tmp/submissions.participants.csv "
              f"--moodle-identifier {settings.identifier}")
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"generateName": f"mlalib-grade-{settings.cohort}-"},
            "spec": {"backoffLimit": 0, "template": {"spec": {
                "restartPolicy": "Never",
                "containers": [{"name": "grade", "image": f"{image}-grader:{tag}", "command": ["sh", "-c", script],
                                "resources": {"requests": {"cpu": 1, "memory": "2Gi"}, "limits": {"memory": "6Gi"}},
                                "volumeMounts": [{"name": "homes", "mountPath": HOMES, "readOnly": True},
                                                 {"name": "homes", "mountPath": "/srv/gradebooks",
                                                  "subPath": ".mlalib/gradebooks"}]}],
                "volumes": [{"name": "homes", "persistentVolumeClaim": {"claimName": "mlalib-homes"}}]}}}}


def dockerfile(settings: HubSettings) -> str:
    """The three images (targets ``user``, ``hub``, ``grader``) of the cohort."""
    return f"""\
# Written by `mlalib hub`: docker build --target user|hub|grader (see the README, "On Kubernetes").
FROM quay.io/jupyter/base-notebook:python-3.11 AS user
RUN pip install --no-cache-dir "mlalib[lab]=={__version__}" \\
    jupyterlab-language-pack-fr-FR jupyterlab-language-pack-es-ES
COPY editions/ /srv/editions/{settings.cohort}/

FROM {HUB_IMAGE} AS hub
RUN pip install --no-cache-dir "mlalib=={__version__}"
COPY hub.json /srv/mlalib/hub.json

FROM user AS grader
RUN pip install --no-cache-dir "mlalib[course]=={__version__}"
COPY hub.json /srv/mlalib/hub.json
# The course folder: cohort.yaml and notebooks/ (the masters and notebooks/keys/, the answer keys)
COPY course/ /srv/course/
"""


def write_kubernetes(hub: Path, image: str | None = None, tag: str = __version__) -> Path:
    """Write, into ``<hub>/kubernetes/``, ``values.yaml``, ``Dockerfile``, ``homes.yaml``, ``grading-job.yaml``,
    ``hub.json`` and the editions (the images' build context) of the hub folder ``hub``; returns that folder."""
    settings = HubSettings.read(hub)
    folder = Path(hub) / "kubernetes"
    image = image or f"mlalib-{settings.cohort}"
    header = (f"# Zero to JupyterHub (Helm chart jupyterhub {CHART_VERSION}) values for cohort {settings.cohort}, "
              f"written by `mlalib hub`;\n# sized for {PARTICIPANTS} participants. Secrets: kubectl create secret "
              f"(see the README); never in this file.\n")
    write_atomic(folder / "values.yaml", header + yaml.safe_dump(chart_values(settings, image, tag), sort_keys=False))
    write_atomic(folder / "homes.yaml", yaml.safe_dump(homes_volume(), sort_keys=False))
    write_atomic(folder / "grading-job.yaml", yaml.safe_dump(grading_job(settings, image, tag), sort_keys=False))
    write_atomic(folder / "Dockerfile", dockerfile(settings))
    write_atomic(folder / "hub.json", json.dumps(asdict(kubernetes_settings(settings)), indent=2) + "\n")
    for notebook in sorted((Path(hub) / "editions" / settings.cohort).glob("*.ipynb")):
        write_atomic(folder / "editions" / notebook.name, notebook.read_bytes())
    return folder
