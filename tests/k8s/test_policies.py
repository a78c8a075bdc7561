"""Policy checks on the rendered manifests (harness/k8s_policy.py), and proof that each check fails on
deliberately broken manifests fed through the same function."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from harness import REPO_ROOT as REPO
from harness import k8s_policy as policy
from harness.k8s import PASSWORDS, SERVICES
from mcp_servers.redis_client import parse_sentinel_url
from tests.k8s.conftest import Rendered, render_copy, without_workflow

pytestmark = [pytest.mark.static]

# Every flow of the architecture (source app, destination app, port) — and nothing else — may pass the
# default-deny NetworkPolicies. Reading this list is reading the data-flow diagram of docs/kubernetes.md.
EXPECTED_FLOWS = {
    # MCP servers: their own database, the cache, the identity server (JWKS / token)
    ("mcp-sales", "postgres", 5432), ("mcp-sales", "redis", 6379), ("mcp-sales", "keycloak", 8443),
    ("mcp-sales", "mcp-content", 8000), ("mcp-sales", "mcp-ads", 8000), ("mcp-sales", "mcp-crm", 8000),
    ("mcp-content", "postgres", 5432), ("mcp-content", "mongo", 27017), ("mcp-content", "redis", 6379),
    ("mcp-content", "keycloak", 8443),
    ("mcp-ads", "mssql-ads", 1433), ("mcp-ads", "redis", 6379), ("mcp-ads", "keycloak", 8443),
    ("mcp-crm", "mssql-crm", 1433), ("mcp-crm", "redis", 6379), ("mcp-crm", "keycloak", 8443),
    # The MCP cache resolves the Redis master through Sentinel (NFR-F3), then talks to it on 6379.
    ("mcp-sales", "redis-sentinel", 26379), ("mcp-content", "redis-sentinel", 26379),
    ("mcp-ads", "redis-sentinel", 26379), ("mcp-crm", "redis-sentinel", 26379),
    # ETL (n8n): reads the sub-companies, writes PromptSales, bumps the cache version
    ("n8n", "mssql-ads", 1433), ("n8n", "mssql-crm", 1433), ("n8n", "mongo", 27017), ("n8n", "postgres", 5432),
    ("n8n", "redis", 6379),
    # CRM-4 linked server; identity server state and clustering
    ("mssql-crm", "mssql-ads", 1433), ("keycloak", "postgres", 5432), ("keycloak", "keycloak", 7800),
    # replication and failover
    ("mongo", "mongo", 27017), ("redis", "redis", 6379), ("redis", "redis-sentinel", 26379),
    ("redis-sentinel", "redis", 6379), ("redis-sentinel", "redis-sentinel", 26379),
    # loaders
    ("loader-redis", "redis", 6379), ("loader-sales", "postgres", 5432), ("loader-content", "mongo", 27017),
    ("loader-content", "postgres", 5432), ("loader-mssql", "mssql-ads", 1433), ("loader-mssql", "mssql-crm", 1433),
    # backups, retention, restore drill, CRM-13
    ("backup-mssql", "mssql-ads", 1433), ("backup-mssql", "mssql-crm", 1433), ("backup-postgres", "postgres", 5432),
    ("backup-mongo", "mongo", 27017), ("audit-retention", "postgres", 5432),
    ("restore-drill", "mssql-crm", 1433), ("restore-drill", "mssql-restore", 1433),
    ("deadlock-client", "mssql-crm", 1433),
}
GENERATED_SECRETS = {*PASSWORDS, "n8n-credentials-import", "tls-ca", *(f"tls-{s}" for s in SERVICES)}

CHECKS: dict[str, Callable[[list[dict[str, Any]]], list[str]]] = {
    "resources": policy.check_resources,
    "probes": policy.check_probes,
    "security": policy.check_security,
    "selectors": policy.check_selectors,
    "names_ports_volumes": policy.check_names_ports_volumes,
    "images": policy.check_images,
    "autoscaling": policy.check_autoscaling,
    "backup_volumes": policy.check_backup_volumes,
    "session_affinity": policy.check_session_affinity,
    "secrets": lambda objs: policy.check_secrets(objs, GENERATED_SECRETS),
    "network": lambda objs: policy.check_network_policies(objs, EXPECTED_FLOWS),
}


def _find(objs: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    return next(o for o in objs if o["kind"] == kind and o["metadata"]["name"] == name)


@pytest.mark.req("OPS-2", "NFR-F2", "NFR-S2", "NFR-F4", "NFR-SEC2", "NFR-SEC5")
@pytest.mark.parametrize("check", sorted(CHECKS))
def test_rendered_overlay_satisfies_policy(rendered: Rendered, check: str) -> None:
    """Probes, resources, security context, selectors, names/ports/volumes, pinned images, autoscaling,
    backup volumes, MCP session affinity, generated secrets and network flows: no problem in either overlay."""
    assert CHECKS[check](rendered.objects) == []


# --------------------------------------------------------------------------- each check can fail

def _broken(rendered: Rendered) -> list[dict[str, Any]]:
    return copy.deepcopy(rendered.objects)


@pytest.mark.req("OPS-2", "NFR-F2")
def test_missing_limits_and_probes_are_reported(rendered: Rendered) -> None:
    """A container without a memory limit, a bad quantity and a Deployment without readiness probe fail."""
    objs = _broken(rendered)
    mcp = _find(objs, "Deployment", "mcp-ads")["spec"]["template"]["spec"]["containers"][0]
    del mcp["resources"]["limits"]["memory"]
    mcp["resources"]["requests"]["cpu"] = "lots"
    del mcp["readinessProbe"]
    pg = _find(objs, "StatefulSet", "postgres")["spec"]["template"]["spec"]["containers"][0]
    pg["readinessProbe"] = {"tcpSocket": {"port": 5432}}
    assert "Deployment/mcp-ads container mcp: no limits.memory" in policy.check_resources(objs)
    assert "Deployment/mcp-ads container mcp: invalid quantity 'lots'" in policy.check_resources(objs)
    problems = policy.check_probes(objs)
    assert "Deployment/mcp-ads container mcp: no readinessProbe" in problems
    assert "StatefulSet/postgres readinessProbe does not run the query 'SELECT 1'" in problems


@pytest.mark.req("NFR-SEC5")
def test_weakened_security_context_is_reported(rendered: Rendered) -> None:
    """Root, privilege escalation, kept capabilities, a writable root FS and a mounted token each fail."""
    objs = _broken(rendered)
    spec = _find(objs, "Deployment", "mcp-crm")["spec"]["template"]["spec"]
    spec["securityContext"]["runAsNonRoot"] = False
    spec["automountServiceAccountToken"] = True
    c = spec["containers"][0]["securityContext"]
    c["allowPrivilegeEscalation"] = True
    c["capabilities"] = {"drop": ["NET_RAW"]}
    c["readOnlyRootFilesystem"] = False
    _find(objs, "StatefulSet", "redis")["spec"]["template"]["spec"]["serviceAccountName"] = "nobody"
    problems = policy.check_security(objs)
    for expected in ("Deployment/mcp-crm: pod securityContext.runAsNonRoot is not true",
                     "Deployment/mcp-crm: automountServiceAccountToken is not false",
                     "Deployment/mcp-crm container mcp: allowPrivilegeEscalation is not false",
                     "Deployment/mcp-crm container mcp: capabilities are not dropped (drop: [ALL])",
                     "Deployment/mcp-crm container mcp: root filesystem writable without a documented reason",
                     "StatefulSet/redis: ServiceAccount nobody does not exist"):
        assert expected in problems


@pytest.mark.req("OPS-2")
def test_selector_mismatches_are_reported(rendered: Rendered) -> None:
    """A StatefulSet selector that misses its template, and a Service and a PDB selecting nothing, fail."""
    objs = _broken(rendered)
    _find(objs, "StatefulSet", "mongo")["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"] = "mongodb"
    _find(objs, "Service", "postgres")["spec"]["selector"] = {"app.kubernetes.io/name": "postgresql"}
    _find(objs, "PodDisruptionBudget", "n8n")["spec"]["selector"]["matchLabels"] = {"app": "n8n"}
    problems = policy.check_selectors(objs)
    assert any(p.startswith("StatefulSet/mongo: selector") for p in problems)
    assert "Service/postgres: selector {'app.kubernetes.io/name': 'postgresql'} selects no pod" in problems
    assert "PodDisruptionBudget/n8n: selector {'app': 'n8n'} selects no pod" in problems


@pytest.mark.req("OPS-2")
def test_invalid_sizes_ports_modes_and_names_are_reported(rendered: Rendered) -> None:
    """storage: lots, port 70000, access mode ReadWriteSometimes and an upper-case name fail."""
    objs = _broken(rendered)
    sts = _find(objs, "StatefulSet", "postgres")
    sts["spec"]["volumeClaimTemplates"][0]["spec"]["resources"]["requests"]["storage"] = "lots"
    sts["spec"]["volumeClaimTemplates"][0]["spec"]["accessModes"] = ["ReadWriteSometimes"]
    _find(objs, "Service", "mcp-sales")["spec"]["ports"][0]["port"] = 70000
    _find(objs, "ServiceAccount", "n8n")["metadata"]["name"] = "N8N"
    problems = policy.check_names_ports_volumes(objs)
    assert "StatefulSet/postgres claim data: invalid storage size 'lots'" in problems
    assert "StatefulSet/postgres claim data: invalid access modes ['ReadWriteSometimes']" in problems
    assert "Service/mcp-sales: invalid port 70000" in problems
    assert "ServiceAccount/N8N: invalid name" in problems


@pytest.mark.req("OPS-1")
def test_unpinned_images_are_reported(rendered: Rendered) -> None:
    """A tag without digest and :latest fail; the documented exceptions are listed in harness/k8s_policy.py."""
    objs = _broken(rendered)
    _find(objs, "StatefulSet", "redis")["spec"]["template"]["spec"]["containers"][0]["image"] = "redis:7.4.2"
    _find(objs, "Deployment", "n8n")["spec"]["template"]["spec"]["containers"][0]["image"] = "n8nio/n8n:latest"
    problems = policy.check_images(objs)
    assert "StatefulSet/redis container redis: image 'redis:7.4.2' not pinned by tag and digest" in problems
    assert "Deployment/n8n container n8n: image uses :latest" in problems


@pytest.mark.req("NFR-S2")
def test_autoscaling_a_database_or_missing_metrics_is_reported(rendered: Rendered) -> None:
    """An HPA on the PostgreSQL StatefulSet, and one without the concurrent-requests metric, fail."""
    objs = _broken(rendered)
    hpa = _find(objs, "HorizontalPodAutoscaler", "mcp-sales")
    hpa["spec"]["scaleTargetRef"] = {"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "postgres"}
    hpa["spec"]["metrics"] = [m for m in hpa["spec"]["metrics"] if m["type"] != "Pods"]
    problems = policy.check_autoscaling(objs)
    assert "HorizontalPodAutoscaler/mcp-sales: autoscales StatefulSet/postgres (databases are never autoscaled)" \
        in problems
    assert "HorizontalPodAutoscaler/mcp-sales: no Pods metric" in problems


@pytest.mark.req("NFR-S2")
def test_pods_metric_without_scrape_annotations_is_reported(rendered: Rendered) -> None:
    """An MCP Deployment whose pods are not annotated for Prometheus (or point at a port they do not open)
    cannot feed the concurrent-requests metric of its HPA."""
    objs = _broken(rendered)
    del _find(objs, "Deployment", "mcp-content")["spec"]["template"]["metadata"]["annotations"]
    _find(objs, "Deployment", "mcp-crm")["spec"]["template"]["metadata"]["annotations"]["prometheus.io/port"] = "9090"
    problems = policy.check_autoscaling(objs)
    assert 'HorizontalPodAutoscaler/mcp-content: pods of Deployment/mcp-content are not marked ' \
        'prometheus.io/scrape: "true"' in problems
    assert "HorizontalPodAutoscaler/mcp-content: pods of Deployment/mcp-content do not publish " \
        "prometheus.io/path: /metrics" in problems
    assert "HorizontalPodAutoscaler/mcp-crm: prometheus.io/port '9090' of Deployment/mcp-crm is not a container " \
        "port" in problems
    assert not [p for p in problems if "mcp-sales" in p or "mcp-ads" in p]


@pytest.mark.req("NFR-S2", "SAL-5")
def test_an_mcp_service_without_session_affinity_is_reported(rendered: Rendered) -> None:
    """An MCP Service without ClientIP affinity (a session would land on a pod that does not know it), one with
    an out-of-range timeout, and a render without MCP Services at all, fail."""
    objs = _broken(rendered)
    del _find(objs, "Service", "mcp-ads")["spec"]["sessionAffinity"]
    _find(objs, "Service", "mcp-content")["spec"]["sessionAffinityConfig"]["clientIP"]["timeoutSeconds"] = 0
    problems = policy.check_session_affinity(objs)
    assert sorted(problems) == [
        "Service/mcp-ads: MCP sessions are stateful but sessionAffinity is 'None', not 'ClientIP'",
        "Service/mcp-content: session affinity timeout 0 is not 60..86400 seconds"]
    without = [o for o in objs if not (o["kind"] == "Service" and o["metadata"]["name"].startswith("mcp-"))]
    assert policy.check_session_affinity(without) == [
        "no MCP server Service (label app.kubernetes.io/component: mcp-server)"]


@pytest.mark.req("NFR-F4")
def test_backup_written_where_no_volume_is_mounted_is_reported(rendered: Rendered) -> None:
    """The peer's mistake: SQL Server pods without the backup volume (BACKUP ... TO DISK runs there), and a
    dump written to a path that is not a mounted claim."""
    objs = _broken(rendered)
    for name in ("mssql-ads", "mssql-crm", "mssql-restore"):
        c = _find(objs, "StatefulSet", name)["spec"]["template"]["spec"]["containers"][0]
        c["volumeMounts"] = [m for m in c["volumeMounts"] if m["name"] != "backup"]
    cron = _find(objs, "CronJob", "backup-postgres")["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    cron["initContainers"][0]["volumeMounts"] = [m for m in cron["initContainers"][0]["volumeMounts"]
                                                 if m["name"] != "backup"]
    problems = policy.check_backup_volumes(objs)
    assert any("SQL Server writes the backup to /var/opt/mssql/backup, but the SQL Server pods mount claim "
               "mssql-backup at None" in p for p in problems)
    assert "CronJob/backup-postgres container pg-dump: writes backups to /backup, not a claim" in problems


@pytest.mark.req("NFR-SEC5")
def test_a_committed_secret_value_is_reported(rendered: Rendered) -> None:
    """A Secret that the generator did not produce (e.g. pasted into a manifest) fails."""
    objs = [*_broken(rendered), {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db-password"},
                                 "stringData": {"password": "hunter2"}}]
    assert policy.check_secrets(objs, GENERATED_SECRETS) == [
        "Secret/db-password: a Secret that the deploy-time generator did not produce"]


@pytest.mark.req("NFR-SEC5")
def test_no_manifest_in_the_repository_carries_a_secret_value() -> None:
    """No tracked YAML under k8s/ defines a Secret; generated files live in a git-ignored directory."""
    import subprocess  # noqa: PLC0415

    from harness import REPO_ROOT  # noqa: PLC0415

    tracked = subprocess.run(["git", "ls-files", "k8s"], cwd=REPO_ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    for path in tracked:
        if path.endswith((".yaml", ".yml")):
            for doc in yaml.safe_load_all((REPO_ROOT / path).read_text(encoding="utf-8")):
                assert not (isinstance(doc, dict) and doc.get("kind") == "Secret"), path
    assert not any(p.startswith("k8s/secrets/generated/") for p in tracked)
    ignored = subprocess.run(["git", "check-ignore", "-q", "k8s/secrets/generated/redis-credentials.env"],
                             cwd=REPO_ROOT, check=False)
    assert ignored.returncode == 0


@pytest.mark.req("NFR-SEC5", "OPS-2")
def test_an_extra_or_missing_network_flow_is_reported(rendered: Rendered) -> None:
    """Opening mcp-ads to PostgreSQL, or closing the CRM linked server to Ads, breaks the exact flow list."""
    objs = _broken(rendered)
    pol = _find(objs, "NetworkPolicy", "mcp-ads")
    pol["spec"]["egress"].append({"to": [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "postgres"}}}],
                                  "ports": [{"protocol": "TCP", "port": 5432}]})
    _find(objs, "NetworkPolicy", "postgres")["spec"]["ingress"][0]["from"].append(
        {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "mcp-ads"}}})
    _find(objs, "NetworkPolicy", "mssql-crm")["spec"]["egress"] = []
    problems = policy.check_network_policies(objs, EXPECTED_FLOWS)
    assert "flow mcp-ads -> postgres:5432 is allowed but not in the architecture" in problems
    assert "flow mssql-crm -> mssql-ads:1433 is needed but not allowed" in problems


@pytest.mark.req("NFR-SEC5")
def test_labels_with_include_selectors_breaks_network_policies() -> None:
    """kustomize `labels` with includeSelectors: true also rewrites NetworkPolicy peers (the DNS rule then
    selects no kube-dns pod): rendered that way, the network check fails."""
    def edit(text: str) -> str:
        return without_workflow(text) + ("labels:\n  - pairs:\n      promptsales.io/tier: platform\n"
                                         "    includeSelectors: true\n")

    proc = render_copy("local", edit)
    assert proc.returncode == 0, proc.stderr
    objs = [o for o in yaml.safe_load_all(proc.stdout) if o]
    problems = policy.check_network_policies(objs, EXPECTED_FLOWS)
    assert any("DNS peer selector rewritten" in p for p in problems), problems


@pytest.mark.req("NFR-F3", "RED-1")
def test_mcp_servers_reach_redis_through_every_sentinel_of_the_statefulset(rendered: Rendered) -> None:
    """Each MCP Deployment's PROMPTSALES_MCP_REDIS_URL is a rediss+sentinel:// URL the cache client accepts,
    listing every Sentinel pod of the StatefulSet on its port, with the master name the Sentinels monitor and
    the CA mounted in the pod; its NetworkPolicy lets it reach the Sentinels."""
    sentinel_set = rendered.find("StatefulSet", "redis-sentinel")
    pods = {f"redis-sentinel-{i}.redis-sentinel.promptsales.svc.cluster.local"
            for i in range(sentinel_set["spec"]["replicas"])}
    monitored = re.search(r"sentinel monitor (\S+) ", (REPO / "k8s/base/redis/start-sentinel.sh").read_text())
    assert monitored
    flows = policy.allowed_flows(rendered.objects)
    for name in ("mcp-sales", "mcp-content", "mcp-ads", "mcp-crm"):
        container = rendered.find("Deployment", name)["spec"]["template"]["spec"]["containers"][0]
        env = {e["name"]: e.get("value") for e in container["env"]}
        url = re.sub(r"\$\((\w+)\)", lambda m: {"POD_NAMESPACE": "promptsales", "REDIS_PASSWORD": "Ps0x7!"}[m[1]],
                     env["PROMPTSALES_MCP_REDIS_URL"])
        cfg = parse_sentinel_url(url)
        assert {host for host, _ in cfg.sentinels} == pods, name
        assert {port for _, port in cfg.sentinels} == {26379}
        assert cfg.master == monitored.group(1)
        assert cfg.password == "Ps0x7!" and cfg.tls["ssl"] is True
        assert cfg.tls["ssl_ca_certs"] == env["PROMPTSALES_TLS_CA"]
        assert (name, "redis-sentinel", 26379) in flows and (name, "redis", 6379) in flows
