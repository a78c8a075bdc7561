"""The project's image: pinned base, non-root user matching the manifests, no build secrets (OPS-1)."""

from __future__ import annotations

import re

import pytest

from harness import REPO_ROOT
from harness.k8s_policy import DIGEST

pytestmark = [pytest.mark.static]

DOCKERFILE = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")
DOCKERIGNORE = (REPO_ROOT / ".dockerignore").read_text(encoding="utf-8").split()


@pytest.mark.req("OPS-1", "NFR-SEC5")
def test_base_image_is_pinned_and_the_user_is_not_root() -> None:
    """FROM carries tag and digest; the last USER is UID 10001, the runAsUser of the manifests."""
    bases = re.findall(r"^FROM\s+(\S+)", DOCKERFILE, re.M)
    assert bases and all(DIGEST.match(b) for b in bases), bases
    users = re.findall(r"^USER\s+(\S+)", DOCKERFILE, re.M)
    assert users and users[-1] == "10001:10001"
    manifests = (REPO_ROOT / "k8s" / "base" / "mcp-servers" / "mcp-servers.yaml").read_text(encoding="utf-8")
    assert "runAsUser: 10001" in manifests


@pytest.mark.req("NFR-SEC5")
def test_no_secret_enters_the_build() -> None:
    """No ARG/ENV names a password, secret or token, and local state and generated secrets are ignored."""
    for line in DOCKERFILE.splitlines():
        if re.match(r"^(ARG|ENV)\b", line):
            assert not re.search(r"PASSWORD|SECRET|TOKEN|KEY=", line, re.I), line
    for pattern in (".promptsales", "k8s/secrets/generated", ".venv", ".git", ".env"):
        assert pattern in DOCKERIGNORE, pattern


@pytest.mark.req("OPS-1")
def test_every_copied_source_exists() -> None:
    """Each COPY source is in the repository (mcp_servers/ arrives with the MCP branch)."""
    sources = [s for line in re.findall(r"^COPY\s+(.+)$", DOCKERFILE, re.M) for s in line.split()[:-1]]
    missing = [s for s in sources if not (REPO_ROOT / s).exists()]
    if missing == ["mcp_servers/"]:
        pytest.skip("mcp_servers/ is delivered by the MCP branch (not merged here yet)")
    assert missing == []
