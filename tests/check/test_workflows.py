"""The GitHub workflows stay hardened: pinned actions, no stored credentials, least permissions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# `uses: owner/action@<full commit SHA> # vX.Y.Z`: a tag or branch can be moved, a SHA cannot;
# the comment says which release the SHA is.
PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)\s*$")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def steps(flow: dict) -> list[dict]:
    return [step for job in flow["jobs"].values() for step in job.get("steps", [])]


def test_the_workflows_are_there():
    assert [p.name for p in WORKFLOWS] == ["ci.yml", "pages.yml", "pr.yml", "release.yml"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path):
    lines = [line for line in path.read_text("utf-8").splitlines() if "uses:" in line]
    assert lines
    unpinned = [line.strip() for line in lines if not PINNED.match(line)]
    assert not unpinned


def test_one_commit_per_action_across_the_workflows():
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in WORKFLOWS:
        for line in path.read_text("utf-8").splitlines():
            if match := PINNED.match(line):
                pins.setdefault(match[1], set()).add((match[2], match[3]))
    assert all(len(found) == 1 for found in pins.values()), pins


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkouts_keep_no_credentials_and_fetch_all_history(path: Path):
    checkouts = [s for s in steps(load(path)) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for step in checkouts:
        assert step["with"]["persist-credentials"] is False
        # Provenance (first added, last changed, revisions) and the data version need history.
        assert step["with"]["fetch-depth"] == 0


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_permissions_are_granted_per_job_only(path: Path):
    flow = load(path)
    assert flow["permissions"] == {}
    for job in flow["jobs"].values():
        granted = job["permissions"]
        assert set(granted.values()) <= {"read", "write"}
        writes = {scope for scope, level in granted.items() if level == "write"}
        allowed = {"release.yml": {"contents"}, "pages.yml": {"pages", "id-token"}}
        assert writes <= allowed.get(path.name, set())
    if path.name == "pages.yml":  # only the job that deploys may write, and nothing else
        assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
        assert flow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}


def test_pages_deploys_the_site_from_main_with_its_address():
    flow = load(ROOT / ".github" / "workflows" / "pages.yml")
    triggers = flow.get("on", flow.get(True))
    assert triggers == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    build = flow["jobs"]["build"]["steps"]
    (built,) = [s for s in build if s.get("run") == "invoke build"]
    assert built["env"] == {"CASEBOOK_SITE_URL": "${{ steps.pages.outputs.base_url }}/"}
    assert build[-1]["with"] == {"path": "output/site"}
    assert flow["jobs"]["deploy"]["needs"] == "build"


def test_the_release_uses_no_cache():
    for step in steps(load(ROOT / ".github" / "workflows" / "release.yml")):
        assert "cache" not in step.get("with", {}), step["name"]


def test_ci_runs_the_ci_script_on_every_push_and_pull_request():
    flow = load(ROOT / ".github" / "workflows" / "ci.yml")
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    triggers = flow.get("on", flow.get(True))
    assert triggers == {"push": None, "pull_request": None}
    job = flow["jobs"]["test"]
    assert job["runs-on"] == "ubuntu-latest"
    setup = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["python-version"] == "3.11"
    runs = [s["run"] for s in job["steps"] if "run" in s]
    assert "libpango-1.0-0 libpangoft2-1.0-0" in runs[0]
    assert runs[-1] == "bash .ci/run"
