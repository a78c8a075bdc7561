"""Policy checks over rendered Kubernetes manifests: what schema validation misses and an API server (or
the running cluster) would only reveal later. Each check takes the list of rendered objects and returns a
list of problems (empty = compliant); tests/k8s/test_policies.py runs every check on both overlays and
feeds deliberately broken objects through the same functions to show each one can fail.
`./promptsales k8s up` runs them before applying anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

Obj = dict[str, Any]

WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob")
LONG_RUNNING = ("Deployment", "StatefulSet", "DaemonSet")
DNS1123 = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
QUANTITY = re.compile(r"^([0-9]+(\.[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$")
ACCESS_MODES = {"ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"}
DIGEST = re.compile(r"^[^@\s]+:[^@\s:/]+@sha256:[0-9a-f]{64}$")

# Containers whose image cannot run with a read-only root filesystem, with the reason (also in the
# manifests' comments). Anything else must set readOnlyRootFilesystem: true.
WRITABLE_ROOT = {
    ("mssql-ads", "mssql"): "SQL Server for Linux writes outside its data directory",
    ("mssql-crm", "mssql"): "SQL Server for Linux writes outside its data directory",
    ("mssql-restore", "mssql"): "SQL Server for Linux writes outside its data directory",
    ("keycloak", "keycloak"): "`start` re-augments Keycloak into /opt/keycloak/lib at boot",
}
# Images without a digest, with the reason. Everything else must be pinned by tag and digest.
UNPINNED_IMAGES = {
    "mcr.microsoft.com/mssql/server:2022-CU16-ubuntu-22.04": "no published digest found from this machine",
    "mongo:8.0.4": "no published digest found from this machine",
    "promptsales:local": "the project's own image, built and loaded by `./promptsales k8s up`",
}
# Kinds that hold databases: never autoscaled.
DATABASE_WORKLOADS = {"mssql-ads", "mssql-crm", "mssql-restore", "postgres", "mongo", "redis", "redis-sentinel"}
PROBE_QUERIES = {  # database -> text its probes must run (a real query, not a TCP check)
    "mssql": "SELECT 1", "postgres": "SELECT 1", "mongod": "ping", "redis": "PING", "sentinel": "PING",
}


def name_of(obj: Obj) -> str:
    return f"{obj.get('kind')}/{obj.get('metadata', {}).get('name')}"


def pod_spec(obj: Obj) -> Obj | None:
    kind = obj.get("kind")
    if kind == "CronJob":
        return obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    if kind in WORKLOAD_KINDS:
        return obj["spec"]["template"]["spec"]
    return None


def pod_labels(obj: Obj) -> dict[str, str]:
    if obj.get("kind") == "CronJob":
        return obj["spec"]["jobTemplate"]["spec"]["template"]["metadata"].get("labels", {})
    return obj["spec"]["template"]["metadata"].get("labels", {})


def workloads(objs: list[Obj]) -> Iterator[Obj]:
    return (o for o in objs if o.get("kind") in WORKLOAD_KINDS)


def containers(spec: Obj) -> Iterator[tuple[str, Obj]]:
    for c in spec.get("initContainers", []) or []:
        yield "init", c
    for c in spec.get("containers", []) or []:
        yield "main", c


def matches(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(k) == v for k, v in selector.items())


def selector_labels(selector: Obj | None) -> dict[str, str]:
    """matchLabels of a LabelSelector (matchExpressions are not used in these manifests and are refused)."""
    if not selector:
        return {}
    if selector.get("matchExpressions"):
        raise ValueError("matchExpressions are not supported by these checks")
    return dict(selector.get("matchLabels") or {})


def all_pod_labels(objs: list[Obj]) -> list[tuple[str, dict[str, str]]]:
    return [(name_of(o), pod_labels(o)) for o in workloads(objs)]


# --------------------------------------------------------------------------- checks

def check_resources(objs: list[Obj]) -> list[str]:
    problems = []
    for o in workloads(objs):
        for _, c in containers(pod_spec(o) or {}):
            res = c.get("resources") or {}
            for section in ("requests", "limits"):
                for resource in ("cpu", "memory"):
                    value = (res.get(section) or {}).get(resource)
                    if value is None:
                        problems.append(f"{name_of(o)} container {c['name']}: no {section}.{resource}")
                    elif not QUANTITY.match(str(value)):
                        problems.append(f"{name_of(o)} container {c['name']}: invalid quantity {value!r}")
    return problems


def check_probes(objs: list[Obj]) -> list[str]:
    problems = []
    for o in workloads(objs):
        if o["kind"] not in LONG_RUNNING:
            continue
        for role, c in containers(pod_spec(o) or {}):
            if role == "init":
                continue
            for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
                if not c.get(probe):
                    problems.append(f"{name_of(o)} container {c['name']}: no {probe}")
            expected = PROBE_QUERIES.get(c["name"])
            if expected and o["kind"] == "StatefulSet":
                for probe in ("readinessProbe", "startupProbe"):
                    command = " ".join((c.get(probe) or {}).get("exec", {}).get("command", []))
                    if expected not in command:
                        problems.append(f"{name_of(o)} {probe} does not run the query {expected!r}")
    return problems


def check_security(objs: list[Obj]) -> list[str]:
    problems = []
    accounts = {o["metadata"]["name"]: o for o in objs if o.get("kind") == "ServiceAccount"}
    for o in workloads(objs):
        spec = pod_spec(o) or {}
        psc = spec.get("securityContext") or {}
        if psc.get("runAsNonRoot") is not True:
            problems.append(f"{name_of(o)}: pod securityContext.runAsNonRoot is not true")
        if (psc.get("seccompProfile") or {}).get("type") != "RuntimeDefault":
            problems.append(f"{name_of(o)}: pod seccompProfile is not RuntimeDefault")
        sa = spec.get("serviceAccountName")
        if not sa or sa == "default":
            problems.append(f"{name_of(o)}: uses the default ServiceAccount")
        elif sa not in accounts:
            problems.append(f"{name_of(o)}: ServiceAccount {sa} does not exist")
        if spec.get("automountServiceAccountToken") is not False:
            problems.append(f"{name_of(o)}: automountServiceAccountToken is not false")
        for _, c in containers(spec):
            sc = c.get("securityContext") or {}
            where = f"{name_of(o)} container {c['name']}"
            if sc.get("allowPrivilegeEscalation") is not False:
                problems.append(f"{where}: allowPrivilegeEscalation is not false")
            if (sc.get("capabilities") or {}).get("drop") != ["ALL"]:
                problems.append(f"{where}: capabilities are not dropped (drop: [ALL])")
            if sc.get("privileged"):
                problems.append(f"{where}: privileged")
            if sc.get("readOnlyRootFilesystem") is not True and (o["metadata"]["name"], c["name"]) not in WRITABLE_ROOT:
                problems.append(f"{where}: root filesystem writable without a documented reason")
    for name, sa in accounts.items():
        if sa.get("automountServiceAccountToken") is not False:
            problems.append(f"ServiceAccount/{name}: automountServiceAccountToken is not false")
    return problems


def check_selectors(objs: list[Obj]) -> list[str]:
    """Every workload selector matches its own template; every Service and PDB selects pods that exist."""
    problems = []
    pods = all_pod_labels(objs)
    for o in workloads(objs):
        if o["kind"] in LONG_RUNNING:
            sel = selector_labels(o["spec"].get("selector"))
            if not sel:
                problems.append(f"{name_of(o)}: empty selector")
            elif not matches(sel, pod_labels(o)):
                problems.append(f"{name_of(o)}: selector {sel} does not match its template labels {pod_labels(o)}")
        if o["kind"] == "StatefulSet":
            service = o["spec"].get("serviceName")
            if not any(s.get("kind") == "Service" and s["metadata"]["name"] == service for s in objs):
                problems.append(f"{name_of(o)}: serviceName {service} is not a Service")
    for o in objs:
        if o.get("kind") == "Service":
            sel = o["spec"].get("selector") or {}
            if not sel or not any(matches(sel, labels) for _, labels in pods):
                problems.append(f"{name_of(o)}: selector {sel} selects no pod")
        if o.get("kind") == "PodDisruptionBudget":
            sel = selector_labels(o["spec"].get("selector"))
            if not sel or not any(matches(sel, labels) for _, labels in pods):
                problems.append(f"{name_of(o)}: selector {sel} selects no pod")
    return problems


def _port_ok(port: Any) -> bool:
    return isinstance(port, int) and 1 <= port <= 65535


def check_names_ports_volumes(objs: list[Obj]) -> list[str]:
    problems = []
    for o in objs:
        name = o.get("metadata", {}).get("name", "")
        if not DNS1123.match(name) or len(name) > 63:
            problems.append(f"{name_of(o)}: invalid name")
        if o.get("kind") == "Service":
            for p in o["spec"].get("ports", []):
                if not _port_ok(p.get("port")):
                    problems.append(f"{name_of(o)}: invalid port {p.get('port')!r}")
        claims = []
        if o.get("kind") == "PersistentVolumeClaim":
            claims.append((name_of(o), o["spec"]))
        if o.get("kind") == "StatefulSet":
            claims += [(f"{name_of(o)} claim {t['metadata']['name']}", t["spec"])
                       for t in o["spec"].get("volumeClaimTemplates", [])]
        for where, spec in claims:
            size = str(((spec.get("resources") or {}).get("requests") or {}).get("storage", ""))
            if not QUANTITY.match(size) or size.startswith("0"):
                problems.append(f"{where}: invalid storage size {size!r}")
            modes = spec.get("accessModes") or []
            if not modes or any(m not in ACCESS_MODES for m in modes):
                problems.append(f"{where}: invalid access modes {modes}")
    for o in workloads(objs):
        spec = pod_spec(o) or {}
        volumes = {v["name"] for v in spec.get("volumes", []) or []}
        volumes |= {t["metadata"]["name"] for t in o["spec"].get("volumeClaimTemplates", [])} \
            if o["kind"] == "StatefulSet" else set()
        for _, c in containers(spec):
            for p in c.get("ports", []) or []:
                if not _port_ok(p.get("containerPort")):
                    problems.append(f"{name_of(o)} container {c['name']}: invalid port {p.get('containerPort')!r}")
            for m in c.get("volumeMounts", []) or []:
                if m["name"] not in volumes:
                    problems.append(f"{name_of(o)} container {c['name']}: mounts undefined volume {m['name']}")
        for v in spec.get("volumes", []) or []:
            if "emptyDir" in v and v["name"] in {"data", "backup"}:
                problems.append(f"{name_of(o)}: volume {v['name']} holds data but is an emptyDir")
            claim = (v.get("persistentVolumeClaim") or {}).get("claimName")
            if claim and not any(p.get("kind") == "PersistentVolumeClaim" and p["metadata"]["name"] == claim
                                 for p in objs):
                problems.append(f"{name_of(o)}: volume {v['name']} uses missing claim {claim}")
    return problems


def check_images(objs: list[Obj]) -> list[str]:
    problems = []
    for o in workloads(objs):
        for _, c in containers(pod_spec(o) or {}):
            image = c.get("image", "")
            if image in UNPINNED_IMAGES:
                continue
            if not DIGEST.match(image):
                problems.append(f"{name_of(o)} container {c['name']}: image {image!r} not pinned by tag and digest")
            if ":latest" in image:
                problems.append(f"{name_of(o)} container {c['name']}: image uses :latest")
    return problems


def _scrape_problems(hpa: Obj, target: Obj) -> list[str]:
    """A Pods metric comes from Prometheus scraping the target's pods: the template must say where (the
    prometheus.io annotations, port one of the container ports, path /metrics)."""
    notes = target["spec"]["template"]["metadata"].get("annotations") or {}
    ports = {str(p.get("containerPort")) for _, c in containers(pod_spec(target) or {}) for p in c.get("ports") or []}
    problems = []
    if notes.get("prometheus.io/scrape") != "true":
        problems.append(f"{name_of(hpa)}: pods of {name_of(target)} are not marked prometheus.io/scrape: \"true\"")
    if notes.get("prometheus.io/path") != "/metrics":
        problems.append(f"{name_of(hpa)}: pods of {name_of(target)} do not publish prometheus.io/path: /metrics")
    if notes.get("prometheus.io/port") not in ports:
        problems.append(f"{name_of(hpa)}: prometheus.io/port {notes.get('prometheus.io/port')!r} of "
                        f"{name_of(target)} is not a container port")
    return problems


def check_autoscaling(objs: list[Obj]) -> list[str]:
    """HPAs target existing Deployments (never a database) and scale on CPU, memory and a Pods metric whose
    pods are annotated for scraping."""
    problems = []
    for o in objs:
        if o.get("kind") != "HorizontalPodAutoscaler":
            continue
        ref = o["spec"]["scaleTargetRef"]
        if ref["kind"] != "Deployment" or ref["name"] in DATABASE_WORKLOADS:
            problems.append(f"{name_of(o)}: autoscales {ref['kind']}/{ref['name']} (databases are never autoscaled)")
        target = next((t for t in objs if t.get("kind") == ref["kind"] and t["metadata"]["name"] == ref["name"]),
                      None)
        if target is None:
            problems.append(f"{name_of(o)}: target {ref['kind']}/{ref['name']} does not exist")
        elif target["kind"] in WORKLOAD_KINDS and any(m["type"] == "Pods" for m in o["spec"].get("metrics", [])):
            problems += _scrape_problems(o, target)
        kinds = {(m["type"], (m.get("resource") or {}).get("name")) for m in o["spec"].get("metrics", [])}
        for wanted in (("Resource", "cpu"), ("Resource", "memory"), ("Pods", None)):
            if wanted not in kinds:
                problems.append(f"{name_of(o)}: no {wanted[0]} metric {wanted[1] or ''}".rstrip())
        if o["spec"].get("minReplicas", 1) < 1 or o["spec"]["maxReplicas"] < o["spec"].get("minReplicas", 1):
            problems.append(f"{name_of(o)}: invalid replica bounds")
    return problems


def check_session_affinity(objs: list[Obj]) -> list[str]:
    """Every MCP server Service keeps a client on one pod (sessionAffinity ClientIP with a timeout): the
    streamable HTTP session lives in the memory of the pod that opened it."""
    problems = []
    for o in objs:
        if o.get("kind") != "Service" or \
                (o["metadata"].get("labels") or {}).get("app.kubernetes.io/component") != "mcp-server":
            continue
        spec = o["spec"]
        if spec.get("sessionAffinity") != "ClientIP":
            problems.append(f"{name_of(o)}: MCP sessions are stateful but sessionAffinity is "
                            f"{spec.get('sessionAffinity', 'None')!r}, not 'ClientIP'")
            continue
        timeout = ((spec.get("sessionAffinityConfig") or {}).get("clientIP") or {}).get("timeoutSeconds")
        if not isinstance(timeout, int) or not 60 <= timeout <= 86400:
            problems.append(f"{name_of(o)}: session affinity timeout {timeout!r} is not 60..86400 seconds")
    if not any(o.get("kind") == "Service" and
               (o["metadata"].get("labels") or {}).get("app.kubernetes.io/component") == "mcp-server" for o in objs):
        problems.append("no MCP server Service (label app.kubernetes.io/component: mcp-server)")
    return problems


def check_secrets(objs: list[Obj], generated: set[str]) -> list[str]:
    """Every Secret in the output comes from the deploy-time generator (its base name is one the generator
    knows and kustomize appended a content hash); anything else is a committed value."""
    problems = []
    for o in objs:
        if o.get("kind") != "Secret":
            continue
        base, _, suffix = o["metadata"]["name"].rpartition("-")
        if base not in generated or not re.fullmatch(r"[a-z0-9]{10}", suffix):
            problems.append(f"{name_of(o)}: a Secret that the deploy-time generator did not produce")
    return problems


def check_backup_volumes(objs: list[Obj]) -> list[str]:
    """Where a backup really runs, its volume is mounted: BACKUP DATABASE runs inside the SQL Server pod, so
    every SQL Server StatefulSet mounts the claim at the path the backup CronJob passes as --server-dir, and
    the CronJob mounts the same claim at --local-dir to check the file arrived. Dump CronJobs write to a
    mounted claim, never to the container's filesystem or an emptyDir."""
    problems = []
    mssql_claims: dict[str, str] = {}  # claim -> mount path in the SQL Server pods
    backups: list[tuple[str, str, str]] = []  # (CronJob, claim it mounts at --local-dir, --server-dir)
    for o in workloads(objs):
        spec = pod_spec(o) or {}
        claims = {v["name"]: v["persistentVolumeClaim"]["claimName"] for v in spec.get("volumes", []) or []
                  if "persistentVolumeClaim" in v}
        for _, c in containers(spec):
            text = " ".join([*c.get("command", []), *c.get("args", [])])
            mounts = {m["mountPath"]: claims.get(m["name"]) for m in c.get("volumeMounts", []) or []}
            if o["kind"] == "StatefulSet" and c["name"] == "mssql":
                for path, claim in mounts.items():
                    if claim:
                        mssql_claims[claim] = path
                if not any(claim for claim in mounts.values()):
                    problems.append(f"{name_of(o)}: SQL Server mounts no backup claim")
            m = re.search(r"backup-mssql .*--server-dir (\S+) .*--local-dir (\S+)", text)
            if m:
                server_dir, local_dir = m.group(1), m.group(2)
                claim = mounts.get(local_dir)
                if claim is None:
                    problems.append(f"{name_of(o)}: --local-dir {local_dir} is not a mounted claim")
                else:
                    backups.append((name_of(o), claim, server_dir))
            for target in re.findall(r"(?:--file=|--archive=)(/[^\s$]*?)/daily_", text):
                if mounts.get(target) is None:
                    problems.append(f"{name_of(o)} container {c['name']}: writes backups to {target}, not a claim")
    for where, claim, server_dir in backups:
        if mssql_claims.get(claim) != server_dir:
            problems.append(f"{where}: SQL Server writes the backup to {server_dir}, but the SQL Server pods "
                            f"mount claim {claim} at {mssql_claims.get(claim)}")
    if not backups:
        problems.append("no SQL Server backup CronJob")
    return problems


# --------------------------------------------------------------------------- network policies

def _peer_pods(peer: Obj, pods: list[tuple[str, dict[str, str]]]) -> list[str] | None:
    """Workloads a NetworkPolicy peer selects in this namespace; None for a peer outside the namespace."""
    if "namespaceSelector" in peer or "ipBlock" in peer:
        return None
    sel = selector_labels(peer.get("podSelector"))
    return [name for name, labels in pods if matches(sel, labels)]


def _pod_names(sel: dict[str, str], pods: list[tuple[str, dict[str, str]]]) -> list[str]:
    return [name for name, labels in pods if matches(sel, labels)]


def allowed_flows(objs: list[Obj]) -> set[tuple[str, str, int]]:
    """(source app name, destination app name, port) allowed inside the namespace: the source's egress
    AND the destination's ingress must both allow it (default deny both ways)."""
    pods = [(labels.get("app.kubernetes.io/name", name), labels) for name, labels in all_pod_labels(objs)]
    policies = [o for o in objs if o.get("kind") == "NetworkPolicy"]
    egress: set[tuple[str, str, int]] = set()
    ingress: set[tuple[str, str, int]] = set()
    for pol in policies:
        owners = _pod_names(selector_labels(pol["spec"].get("podSelector")), pods)
        for rule in pol["spec"].get("egress", []) or []:
            for peer in rule.get("to", []) or []:
                for dst in _peer_pods(peer, pods) or []:
                    for port in rule.get("ports", []) or []:
                        egress |= {(src, dst, port["port"]) for src in owners}
        for rule in pol["spec"].get("ingress", []) or []:
            for peer in rule.get("from", []) or []:
                for src in _peer_pods(peer, pods) or []:
                    for port in rule.get("ports", []) or []:
                        ingress |= {(src, dst, port["port"]) for dst in owners}
    return egress & ingress


def check_network_policies(objs: list[Obj], expected: set[tuple[str, str, int]]) -> list[str]:
    problems = []
    policies = [o for o in objs if o.get("kind") == "NetworkPolicy"]
    pods = [(labels.get("app.kubernetes.io/name", name), labels) for name, labels in all_pod_labels(objs)]
    if not any(p["spec"].get("podSelector") == {} and set(p["spec"].get("policyTypes", [])) == {"Ingress", "Egress"}
               and not p["spec"].get("ingress") and not p["spec"].get("egress") for p in policies):
        problems.append("no default-deny NetworkPolicy (podSelector {}, Ingress and Egress, no rules)")
    for pol in policies:
        sel = selector_labels(pol["spec"].get("podSelector"))
        if sel and not _pod_names(sel, pods):
            problems.append(f"{name_of(pol)}: podSelector {sel} selects no pod")
        for direction, key in (("ingress", "from"), ("egress", "to")):
            for rule in pol["spec"].get(direction, []) or []:
                for peer in rule.get(key, []) or []:
                    ns = selector_labels(peer.get("namespaceSelector")) if "namespaceSelector" in peer else None
                    if ns == {"kubernetes.io/metadata.name": "kube-system"} and \
                            selector_labels(peer.get("podSelector")) != {"k8s-app": "kube-dns"}:
                        problems.append(f"{name_of(pol)}: DNS peer selector rewritten to "
                                        f"{selector_labels(peer.get('podSelector'))}")
                    if ns is None and "ipBlock" not in peer and not _peer_pods(peer, pods):
                        problems.append(f"{name_of(pol)}: {direction} peer {peer} selects no pod")
    flows = allowed_flows(objs)
    for flow in sorted(expected - flows):
        problems.append(f"flow {flow[0]} -> {flow[1]}:{flow[2]} is needed but not allowed")
    for flow in sorted(flows - expected):
        problems.append(f"flow {flow[0]} -> {flow[1]}:{flow[2]} is allowed but not in the architecture")
    return problems
