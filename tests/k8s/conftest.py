"""Rendered manifests of both overlays, shared by the tests of this folder.

The n8n workflow file (n8n/workflows/promptsales_etl.json) belongs to the ETL branch. While it is absent,
the overlays are rendered from a temporary copy without the n8n-workflow component, and only the tests that
need the workflow skip; everything else is checked on the real overlays' content.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from harness import REPO_ROOT
from harness.k8s import KUBECTL_RENDER, OVERLAYS, WORKFLOW, generate_secrets

KUBECTL = str(Path(sys.executable).parent / "kubectl")


@dataclass(frozen=True)
class Rendered:
    overlay: str
    text: str
    objects: list[dict[str, Any]]
    with_workflow: bool

    def find(self, kind: str, name: str) -> dict[str, Any]:
        for o in self.objects:
            if o["kind"] == kind and (o["metadata"]["name"] == name or
                                      o["metadata"]["name"].rsplit("-", 1)[0] == name):
                return o
        raise KeyError(f"{kind}/{name}")


def kustomize(directory: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KUBECTL, *KUBECTL_RENDER, str(directory)], capture_output=True, text=True,
                          check=False, timeout=120)


def render_copy(overlay: str, edit: Any) -> subprocess.CompletedProcess[str]:
    """Render a temporary copy of an overlay (next to it, so relative paths still resolve) after `edit`
    changed its kustomization text; the copy is removed afterwards."""
    source = REPO_ROOT / "k8s" / "overlays" / overlay
    copy = source.parent / f".render-{overlay}-{uuid.uuid4().hex[:8]}"
    shutil.copytree(source, copy)
    try:
        kustomization = copy / "kustomization.yaml"
        kustomization.write_text(edit(kustomization.read_text(encoding="utf-8")), encoding="utf-8")
        return kustomize(copy)
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def without_workflow(text: str) -> str:
    return text.replace("components:\n  - ../../components/n8n-workflow\n", "")


@pytest.fixture(scope="session")
def secrets_generated() -> None:
    generate_secrets()


@pytest.fixture(scope="session", params=OVERLAYS)
def rendered(request: pytest.FixtureRequest, secrets_generated: None) -> Rendered:
    overlay = request.param
    if WORKFLOW.exists():
        proc = kustomize(REPO_ROOT / "k8s" / "overlays" / overlay)
    else:
        proc = render_copy(overlay, without_workflow)
    assert proc.returncode == 0, proc.stderr
    objects = [o for o in yaml.safe_load_all(proc.stdout) if o]
    return Rendered(overlay, proc.stdout, objects, WORKFLOW.exists())
