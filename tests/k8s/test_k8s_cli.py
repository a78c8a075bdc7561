"""`./promptsales k8s ...` on this machine: honest about the missing cluster, and the deploy-time secrets
and certificates it generates (OPS-1, NFR-SEC2)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from harness import REPO_ROOT
from harness import k8s as k8s_cli

pytestmark = [pytest.mark.static]


def _harness(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "harness", *args], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=300, check=False, env={**os.environ, **(env or {})})


@pytest.mark.req("OPS-1")
def test_k8s_up_says_clearly_that_no_cluster_tool_exists_here() -> None:
    """Without kind, minikube, k3d or a reachable cluster, `k8s up` explains and exits with code 2."""
    if k8s_cli.cluster_tools():
        pytest.skip("a cluster tool is installed on this machine: this test is for machines without one")
    proc = _harness("k8s", "up", env={"KUBECONFIG": "/nonexistent"})
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "no kind, minikube or k3d is installed" in proc.stderr
    assert "docs/kubernetes.md" in proc.stderr


@pytest.mark.req("OPS-1")
def test_k8s_render_prints_the_overlay_or_names_the_missing_workflow() -> None:
    """`k8s render local` prints the manifests when the n8n workflow exists, else names the missing file."""
    proc = _harness("k8s", "render", "local")
    if k8s_cli.WORKFLOW.exists():
        assert proc.returncode == 0, proc.stderr
        assert "kind: StatefulSet" in proc.stdout and "name: mssql-crm" in proc.stdout
    else:
        assert proc.returncode != 0
        assert "n8n/workflows/promptsales_etl.json does not exist" in proc.stderr


@pytest.mark.req("NFR-SEC2", "NFR-SEC5")
def test_secrets_are_generated_once_and_kept(tmp_path: Path) -> None:
    """A second run keeps every value (databases initialised with a password keep working); files are 600."""
    first = k8s_cli.generate_secrets(tmp_path)
    before = {p: p.read_bytes() for p in first if p.suffix != ".json"}
    second = k8s_cli.generate_secrets(tmp_path)
    assert {p: p.read_bytes() for p in second if p.suffix != ".json"} == before
    env = dict(line.split("=", 1) for line in (tmp_path / "mssql-credentials.env").read_text().splitlines())
    assert set(env) == set(k8s_cli.PASSWORDS["mssql-credentials"])
    for value in env.values():  # SQL Server's complexity policy: upper, lower, digit, symbol
        assert len(value) >= 24 and re.search(r"[A-Z]", value) and re.search(r"[a-z]", value)
        assert re.search(r"\d", value) and re.search(r"[^A-Za-z0-9]", value)
    assert len({v for v in env.values()}) == len(env), "every secret is different"
    for path in first:
        if path.name.endswith((".env", ".key", "keyfile", ".pem", ".json")):
            assert path.stat().st_mode & 0o077 == 0, path


@pytest.mark.req("NFR-SEC2")
def test_every_service_certificate_chains_to_the_ca_and_names_the_service(tmp_path: Path) -> None:
    """Each Service's certificate is signed by the deploy-time CA and carries its DNS names (so clients can
    verify it: verify-full, Encrypt=yes, tlsCAFile)."""
    k8s_cli.generate_secrets(tmp_path, namespace="promptsales")
    ca = x509.load_pem_x509_certificate((tmp_path / "tls" / "ca.crt").read_bytes())
    ca_key = ca.public_key()
    assert isinstance(ca_key, ec.EllipticCurvePublicKey)
    for service, names in k8s_cli.SERVICES.items():
        cert = x509.load_pem_x509_certificate((tmp_path / "tls" / f"{service}.crt").read_bytes())
        cert.verify_directly_issued_by(ca)
        sans = set(cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(
            x509.DNSName))
        for name in names:
            assert {name, f"{name}.promptsales.svc.cluster.local"} <= sans, (service, name)
    pem = (tmp_path / "tls" / "mongo.pem").read_text()
    assert "BEGIN CERTIFICATE" in pem and "BEGIN PRIVATE KEY" in pem


@pytest.mark.req("SAL-1", "NFR-SEC5")
def test_n8n_credentials_follow_the_workflow_references(tmp_path: Path) -> None:
    """The generated credentials carry exactly the ids and names the workflow references (or none while
    the workflow file is absent), each pointing at the right Service with TLS."""
    k8s_cli.generate_secrets(tmp_path)
    creds = json.loads((tmp_path / "n8n-credentials.json").read_text())
    if not k8s_cli.WORKFLOW.exists():
        assert creds == []
        return
    workflow = json.loads(k8s_cli.WORKFLOW.read_text(encoding="utf-8"))
    refs = {ref["id"]: ref["name"] for n in workflow["nodes"] for ref in (n.get("credentials") or {}).values()}
    assert {c["id"]: c["name"] for c in creds} == refs
    by_type = {c["type"]: c["data"] for c in creds}
    assert by_type["postgres"]["host"] == "postgres" and by_type["postgres"]["ssl"] == "require"
    assert {c["data"]["server"] for c in creds if c["type"] == "microsoftSql"} <= {"mssql-ads", "mssql-crm"}
    assert all(c["data"]["tls"] for c in creds if c["type"] == "microsoftSql")


@pytest.mark.req("OPS-1")
def test_up_preflight_passes_on_the_rendered_overlay_and_stops_a_broken_one(rendered: Any) -> None:
    """The checks `k8s up` runs before applying accept the overlay and reject a pod that may run as root."""
    assert k8s_cli.preflight(rendered.text) == []
    broken = rendered.text.replace("runAsNonRoot: true", "runAsNonRoot: false", 1)
    assert any("runAsNonRoot is not true" in p for p in k8s_cli.preflight(broken))
