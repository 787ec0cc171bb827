"""Contributor tooling: the pull-request workflow, templates and hooks hold their shape."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import yaml

from tests.support import VALID_FRONT_MATTER

ROOT = Path(__file__).resolve().parents[2]


def load(path: str) -> dict:
    return yaml.safe_load((ROOT / path).read_text("utf-8"))


def test_pull_request_workflow():
    flow = load(".github/workflows/pr.yml")
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    triggers = flow.get("on", flow.get(True))
    assert triggers == {"pull_request": {"paths": ["cases/**", "schema/**"]}}
    assert flow["permissions"] == {}
    assert flow["jobs"]["check"]["permissions"] == {"contents": "read"}
    steps = flow["jobs"]["check"]["steps"]
    assert all(("uses" in s) != ("run" in s) and s.get("name") for s in steps)
    assert [s.get("uses", "").split("@")[0] for s in steps if "uses" in s] == [
        "actions/checkout",
        "actions/setup-python",
        "actions/upload-artifact",
    ]
    checkout = steps[0]
    # All history: provenance and the data version in the artifact come from git.
    assert checkout["with"] == {"persist-credentials": False, "fetch-depth": 0}
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["python-version"] == "3.11"
    runs = [s["run"] for s in steps if "run" in s]
    assert "libharfbuzz-subset0" in runs[0] and "libpango-1.0-0" in runs[0]
    assert runs[1:] == [
        'pip install -e ".[dev]"',
        "invoke validate --format github --changed",
        "invoke preview-changed",
        "invoke build",
    ]
    # Only the pull request's own files, compared with the branch it goes into.
    for step in steps:
        if "--changed" in step.get("run", "") or "preview-changed" in step.get("run", ""):
            assert step["env"] == {"CASES_BASE_REF": "origin/${{ github.base_ref }}"}
    upload = steps[-1]
    assert upload["with"]["path"].split() == [
        "output/preview/*.pdf",
        "output/casebook.xlsx",
        "output/casebook.sqlite",
        "output/casebook-data.zip",
        "output/data",
        "output/site",  # the web edition: a changed case's page as readers will see it
    ]


def test_issue_form_has_required_fields_with_unique_ids():
    form = load(".github/ISSUE_TEMPLATE/propose-a-case.yml")
    assert {"name", "description", "body"} <= set(form)
    inputs = [item for item in form["body"] if item["type"] != "markdown"]
    ids = [item["id"] for item in inputs]
    assert len(ids) == len(set(ids))
    assert all(item["attributes"].get("label") for item in inputs)
    required = [i["id"] for i in inputs if i.get("validations", {}).get("required")]
    assert required == ["title", "partners", "countries", "years", "status", "summary", "sources"]


def test_pre_commit_runs_ruff_and_validates_case_files():
    config = load(".pre-commit-config.yaml")
    hooks = [hook["id"] for repo in config["repos"] for hook in repo["hooks"]]
    assert hooks == ["ruff", "ruff-format", "validate-cases", "mypy"]
    # Every hook runs from the project's environment: one ruff, the one pyproject.toml pins.
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    by_id = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    assert all(hook["language"] == "system" for hook in by_id.values())
    assert by_id["ruff"]["entry"] == "ruff check --fix --force-exclude"
    assert by_id["ruff-format"]["entry"] == "ruff format --force-exclude"
    assert by_id["ruff"]["types_or"] == by_id["ruff-format"]["types_or"] == ["python", "pyi"]
    local = by_id["validate-cases"]
    assert local["entry"] == "python -m pipeline validate"
    assert local["pass_filenames"] is True
    pattern = re.compile(local["files"])
    assert pattern.search("cases/oxfam-unilever-vietnam.md")
    assert not pattern.search("cases/_template.md")
    assert not pattern.search("schema/sections.yaml")
    mypy = by_id["mypy"]
    assert (mypy["entry"], mypy["pass_filenames"]) == ("mypy", False)


def test_one_ruff_version_pinned_in_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    pins = [d for d in project["project"]["optional-dependencies"]["dev"] if d.startswith("ruff")]
    assert len(pins) == 1 and re.fullmatch(r"ruff==\d+\.\d+\.\d+", pins[0]), pins
    # The hooks run the environment's ruff: it is the pinned one once `.[dev]` is installed.
    assert version("ruff") == pins[0].removeprefix("ruff==")
    assert "ruff-pre-commit" not in (ROOT / ".pre-commit-config.yaml").read_text("utf-8")


def test_case_format_reference_is_up_to_date():
    from pipeline.check.docs import case_format_markdown

    committed = (ROOT / "docs" / "case-format.md").read_text("utf-8")
    assert committed == case_format_markdown(), "docs/case-format.md is stale: run `invoke docs`"
    assert not (ROOT / "docs" / "case-contract-draft.md").exists()


def test_case_format_reference_lists_every_field_section_and_term():
    from pipeline.case import FrontMatter, Partner, Source
    from pipeline.check.docs import case_format_markdown
    from pipeline.reference import sections, vocabularies

    text = case_format_markdown()
    for model in (FrontMatter, Partner, Source):
        for name in model.model_fields:
            assert f"| `{name}` |" in text, name
    for s in sections():
        assert (
            f"| {s.heading('en')} | {s.heading('nl')} | {'yes' if s.required else 'no'} |" in text
        )
    for vocab in vocabularies().values():
        assert f'<a id="vocabulary-{vocab.id}"></a>' in text
        for term in vocab.terms:
            assert f"| `{term.id}` | {term.label('en')} |" in text
    assert "| `countries` | yes | list; each item text, at least one |" in text


def test_preview_renders_one_case(cases_dir, write_case, tmp_path):
    from pypdf import PdfReader

    from pipeline.preview import build_preview

    source = write_case("test-case")
    target = tmp_path / "preview" / "test-case.pdf"
    result = build_preview(source, target)
    assert result.ok and result.outputs == [target]
    reader = PdfReader(target)
    assert len(reader.pages) == result.pages >= 1
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Test NGO – Test Co: a joint study" in " ".join(text.split())
    assert "This paragraph is placeholder text" in " ".join(text.split())


def test_preview_of_a_broken_case_writes_nothing(cases_dir, write_case, tmp_path):
    from pipeline.preview import build_preview

    source = write_case("test-case", front=VALID_FRONT_MATTER.format(id="other-id"))
    target = tmp_path / "preview.pdf"
    result = build_preview(source, target)
    assert not result.ok and not target.exists()
    assert [(p.code, p.line) for p in result.validation.problems] == [("id-mismatch", 2)]
