"""The course hub on Kubernetes: Zero to JupyterHub values checked against the chart's documented keys.

``fixtures/z2jh_values_schema.json`` is the chart's own values schema (``jupyterhub/values.schema.yaml``
of the chart version, commit and file it names), pruned to the keys mlalib writes with every constraint
on them kept; ``fixtures/z2jh_schema_subset.py`` regenerates it from a clone of the chart's repository.
A key the chart does not document, or a value of the wrong type, fails the check.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

from mlalib.course.hub import AUTHENTICATORS, IDENTIFIERS, HubSettings
from mlalib.course.kubernetes import CHART_VERSION, PARTICIPANTS, chart_values, grading_job, homes_volume
from tests.conftest import PROJECT

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "z2jh_values_schema.json").read_text())
README = (PROJECT / "README.md").read_text(encoding="utf-8")


def _settings(auth: str, identifier: str = "email", language: str = "fr") -> HubSettings:
    return HubSettings("ilo-2026", language, auth, identifier, "/home", "https://hub.example.org/",
                       "http://127.0.0.1:8000/", 3600, "chp", "python",
                       {"issuer": "https://ecampus.example.org", "client_id": "abc",
                        "jwks_url": "https://ecampus.example.org/mod/lti/certs.php",
                        "authorize_url": "https://ecampus.example.org/mod/lti/auth.php"} if auth == "lti13" else {})


def _leaves(tree, prefix=()):
    if isinstance(tree, dict) and tree:
        for key, value in tree.items():
            yield from _leaves(value, (*prefix, key))
    else:
        yield prefix


def test_the_fixture_is_the_chart_version_the_values_are_written_for():
    assert FIXTURE["version"] == CHART_VERSION and len(FIXTURE["commit"]) == 40
    assert FIXTURE["file"] == "jupyterhub/values.schema.yaml"
    assert f"--version {CHART_VERSION}" in README


@pytest.mark.parametrize("auth", AUTHENTICATORS)
def test_the_values_use_only_keys_the_chart_documents(auth):
    values = chart_values(_settings(auth), "registry.example.org/mlalib-ilo-2026", "0.1.0")
    errors = sorted(Draft7Validator(FIXTURE["schema"]).iter_errors(values), key=lambda e: list(e.path))
    assert errors == [], "\n".join(f"{'.'.join(map(str, e.path))}: {e.message}" for e in errors)


def test_a_key_the_chart_does_not_document_is_caught():
    values = chart_values(_settings("lti11"), "image", "0")
    values["singleuser"]["memory"]["request"] = "1G"  # the chart says guarantee
    assert list(Draft7Validator(FIXTURE["schema"]).iter_errors(values))


def test_sized_for_200_participants_from_the_measurements():
    values = chart_values(_settings("lti11"), "image", "0")
    memory = values["singleuser"]["memory"]
    measured = 150 + 170  # MiB: a participant's server and one kernel after notebook 03 or 09
    assert int(memory["guarantee"].rstrip("M")) > measured and memory["limit"] == "1G"
    assert values["cull"] == {"enabled": True, "timeout": 3600, "every": 600}
    assert homes_volume()["spec"]["resources"]["requests"]["storage"] == f"{PARTICIPANTS // 2}Gi"
    assert PARTICIPANTS == 200


def test_the_participants_get_the_editions_their_language_and_no_terminal():
    values = chart_values(_settings("lti13", language="es"), "image", "0")["singleuser"]
    assert "cp -rn /srv/editions/ilo-2026 /home/jovyan/" in values["lifecycleHooks"]["postStart"]["exec"]["command"][-1]
    files = values["extraFiles"]
    assert files["lab-settings"]["data"]["@jupyterlab/translation-extension:plugin"] == {"locale": "es_ES"}
    assert files["server-settings"]["data"]["ServerApp"]["terminals_enabled"] is False
    assert values["storage"]["static"]["subPath"] == "{username}"


@pytest.mark.parametrize("auth", AUTHENTICATORS)
def test_secrets_come_from_a_kubernetes_secret_never_from_the_values(auth, monkeypatch):
    from mlalib.course.hub import SECRETS

    for variable, _ in SECRETS[auth]:
        monkeypatch.setenv(variable, f"the-value-of-{variable}")
    values = chart_values(_settings(auth), "image", "0")
    assert "the-value-of-" not in yaml.safe_dump(values)
    env = values["hub"].get("extraEnv", {})
    assert set(env) == {variable for variable, _ in SECRETS[auth]}
    for variable in env.values():
        assert set(variable) == {"valueFrom"} and variable["valueFrom"]["secretKeyRef"]["name"] == "mlalib-hub-secrets"


@pytest.mark.parametrize("identifier", IDENTIFIERS)
def test_grading_runs_as_a_job_over_a_snapshot_of_the_homes(identifier):
    job = grading_job(_settings("lti11", identifier), "registry.example.org/mlalib-ilo-2026", "0.1.0")
    container = job["spec"]["template"]["spec"]["containers"][0]
    script = container["command"][-1]
    assert script.index("mlalib collect") < script.index("mlalib grade")
    assert f"--moodle-identifier {identifier}" in script
    homes = next(m for m in container["volumeMounts"] if m["mountPath"] == "/srv/homes")
    assert homes["readOnly"] is True
    assert container["image"] == "registry.example.org/mlalib-ilo-2026-grader:0.1.0"


def test_mlalib_hub_writes_the_kubernetes_folder(tmp_path, monkeypatch):
    from mlalib.course.hub import write_hub
    from mlalib.course.kubernetes import write_kubernetes
    from tests.test_hub import _make_built_cohort

    monkeypatch.setattr("mlalib.course.hub.closed_to_others", lambda path: None)
    monkeypatch.setattr("mlalib.course.hub.proxy_command", lambda project=None: "/usr/bin/configurable-http-proxy")
    monkeypatch.setenv("MLALIB_HUB_REHEARSAL_PASSWORD", "a rehearsal password")
    cohort = _make_built_cohort(tmp_path, "k8s-cohort")
    write_hub(cohort, tmp_path / "hub", auth="rehearsal", identifier="username")
    folder = write_kubernetes(tmp_path / "hub", image="registry.example.org/k8s")
    values = yaml.safe_load((folder / "values.yaml").read_text())
    assert values["singleuser"]["image"]["name"] == "registry.example.org/k8s"
    assert not list(Draft7Validator(FIXTURE["schema"]).iter_errors(values))
    assert (folder / "editions" / "00_start_here.ipynb").is_file()
    assert "a rehearsal password" not in "".join(p.read_text() for p in folder.glob("*.*"))
    dockerfile = (folder / "Dockerfile").read_text()
    stages = [line.rsplit(" AS ", 1)[-1] for line in dockerfile.splitlines() if line.startswith("FROM")]
    assert stages == ["user", "hub", "grader"]
    assert all(f"--target {target}" in README for target in ("user", "hub", "grader"))
    assert json.loads((folder / "hub.json").read_text())["homes"] == "/srv/homes"
