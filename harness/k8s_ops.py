"""Entry points of the Kubernetes Jobs and CronJobs that run the project's own image (k8s/base/loaders,
k8s/base/backups): `python -m harness.k8s_ops <command>`.

Every command reads the engine URLs from the same environment variables as the harness
(PROMPTSALES_POSTGRES_URL, PROMPTSALES_MONGO_URL, PROMPTSALES_MSSQL_<ROLE>_URL, PROMPTSALES_REDIS_URL),
waits by polling a real query, and is idempotent: a Job that runs twice changes nothing the second time
(the numbered scripts are re-runnable; initiating an initiated replica set or re-creating an existing user
is detected and skipped). Messages go to stderr; the exit code is 0 only when the work was done.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger("harness.k8s_ops")

BACKUP_NAME = re.compile(r"^daily_(?P<db>[A-Za-z0-9_]+)_(?P<stamp>\d{8}T\d{6}Z)\.(?P<ext>bak|dump|archive\.gz)$")
MSSQL_DATABASES = {"ads": "PromptAds", "crm": "PromptCrm"}


# --------------------------------------------------------------------------- waiting

def _provider(engine: str) -> Callable[[], Any]:
    from harness.engines import mongo, mssql, postgres, redis  # noqa: PLC0415

    if engine == "postgres":
        return lambda: postgres.from_url(os.environ[postgres.URL_ENV])
    if engine == "redis":
        return lambda: redis.from_url(os.environ[redis.URL_ENV])
    if engine == "mongo":
        return lambda: mongo.from_url(os.environ[mongo.URL_ENV])
    if engine.startswith("mssql_"):
        role = engine.removeprefix("mssql_")
        return lambda: mssql.from_url(role, os.environ[mssql.url_env(role)])  # type: ignore[arg-type]
    raise ValueError(f"unknown engine {engine!r}")


def wait_for(engines: list[str], timeout: float) -> dict[str, Any]:
    """Each engine's server once it answers its readiness query; TimeoutError naming the first that did not."""
    deadline = time.monotonic() + timeout
    ready: dict[str, Any] = {}
    for engine in engines:
        connect = _provider(engine)
        last: Exception | None = None
        while engine not in ready:
            try:
                ready[engine] = connect()  # from_url polls the engine's own probe query
            except KeyError as exc:
                raise SystemExit(f"environment variable {exc.args[0]} is not set") from None
            except Exception as exc:  # not ready yet; the loop decides when to give up
                last = exc
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{engine} did not answer within {timeout:.0f} s: {last}") from exc
        log.info("%s ready: %s", engine, ready[engine].describe())
    return ready


# --------------------------------------------------------------------------- retention

def expired_backups(directory: Path, keep_days: int, now: dt.datetime) -> list[Path]:
    """Backup files of this project in `directory` older than `keep_days`, judged by the UTC timestamp in
    their name (daily_<db>_<YYYYMMDDTHHMMSSZ>.<ext>), never by file times, which a copy or restore changes.
    Files with other names are never touched."""
    cutoff = now - dt.timedelta(days=keep_days)
    expired = []
    for path in sorted(directory.iterdir()):
        match = BACKUP_NAME.match(path.name)
        if match and path.is_file():
            stamp = dt.datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
            if stamp < cutoff:
                expired.append(path)
    return expired


def prune(directory: Path, keep_days: int, now: dt.datetime) -> list[Path]:
    if keep_days < 1:
        raise ValueError("keep_days must be at least 1")
    removed = expired_backups(directory, keep_days, now)
    for path in removed:
        path.unlink()
        log.info("removed expired backup %s", path.name)
    return removed


def backup_file_name(database: str, ext: str, now: dt.datetime) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_]+", database):
        raise ValueError(f"invalid database name {database!r}")
    return f"daily_{database}_{now.strftime('%Y%m%dT%H%M%SZ')}.{ext}"


# --------------------------------------------------------------------------- SQL Server

def _exhaust(cursor: Any) -> None:
    """Consume every result set and message: pyodbc returns from BACKUP/RESTORE before they finish
    otherwise, and an error raised late would go unnoticed."""
    while cursor.nextset():
        pass


def backup_mssql(role: str, server_dir: str, local_dir: Path, keep_days: int, now: dt.datetime) -> Path:
    """BACKUP DATABASE on the SQL Server pod (which writes into its own mount of the shared backup volume),
    then check the file through this pod's mount of the same volume and prune what is older than keep_days."""
    database = MSSQL_DATABASES[role]
    server = wait_for([f"mssql_{role}"], timeout=600)[f"mssql_{role}"]
    name = backup_file_name(database, "bak", now)
    with server.connect("master") as conn:
        _exhaust(conn.execute(f"BACKUP DATABASE [{database}] TO DISK = ? WITH COMPRESSION, CHECKSUM, INIT, "
                              "NAME = ?", f"{server_dir.rstrip('/')}/{name}", f"PromptSales daily {database}"))
        _exhaust(conn.execute("RESTORE VERIFYONLY FROM DISK = ? WITH CHECKSUM", f"{server_dir.rstrip('/')}/{name}"))
    written = local_dir / name
    if not written.is_file() or written.stat().st_size == 0:
        raise RuntimeError(f"SQL Server reported success but {written} is not on the backup volume: the "
                           "SQL Server pod and this Job do not mount the same volume")
    prune(local_dir, keep_days, now)
    return written


def _literal(text: str) -> str:
    """A T-SQL Unicode string literal (quotes doubled): DDL such as CREATE CERTIFICATE takes no parameters."""
    return "N'" + text.replace("'", "''") + "'"


def _join(directory: str, name: str) -> str:
    return directory.rstrip("/") + "/" + name.replace("\\", "/").rsplit("/", 1)[-1]


def restore_drill(server_dir: str, master_key_password: str, cert_backup_password: str) -> dict[str, Any]:
    """Restore the newest daily PromptCrm backup on the restore instance as PromptCrm_drill, check it
    (DBCC CHECKDB, row count of crm.Client) and drop it: proves the backups can really be restored (NFR-F4,
    CRM-6), including the TDE certificate chain, whose files crm.KeyBackup records (050_create_encryption)."""
    servers = wait_for(["mssql_crm", "mssql_restore"], timeout=600)
    with servers["mssql_crm"].connect("master") as crm:
        row = crm.execute(
            "SELECT TOP (1) f.physical_device_name FROM msdb.dbo.backupset AS s "
            "JOIN msdb.dbo.backupmediafamily AS f ON f.media_set_id = s.media_set_id "
            "WHERE s.database_name = N'PromptCrm' AND f.physical_device_name LIKE N'%daily[_]PromptCrm[_]%' "
            "ORDER BY s.backup_finish_date DESC").fetchone()
        if row is None:
            raise RuntimeError("no daily PromptCrm backup recorded in msdb on the crm instance yet")
        keys = crm.execute("SELECT k.CertificateFile, k.PrivateKeyFile, CONVERT(nvarchar(64), c.thumbprint, 2) "
                           "FROM PromptCrm.crm.KeyBackup AS k JOIN master.sys.certificates AS c "
                           "ON c.name = k.KeyName WHERE k.KeyName = N'PromptCrmServerCert'").fetchone()
        if keys is None:
            raise RuntimeError("crm.KeyBackup has no backup of PromptCrmServerCert (050_create_encryption.sql)")
    backup = _join(server_dir, row[0])
    cert_file, key_file, thumbprint = _join(server_dir, keys[0]), _join(server_dir, keys[1]), keys[2]
    with servers["mssql_restore"].connect("master") as restore:
        restore.execute("IF NOT EXISTS (SELECT 1 FROM sys.symmetric_keys WHERE name = N'##MS_DatabaseMasterKey##') "
                        f"CREATE MASTER KEY ENCRYPTION BY PASSWORD = {_literal(master_key_password)};")
        present = restore.execute("SELECT CONVERT(nvarchar(64), thumbprint, 2) FROM sys.certificates "
                                  "WHERE name = N'PromptCrmServerCert'").fetchone()
        restore.execute("IF DB_ID(N'PromptCrm_drill') IS NOT NULL DROP DATABASE PromptCrm_drill;")
        if present is not None and present[0] != thumbprint:
            restore.execute("DROP CERTIFICATE PromptCrmServerCert;")  # an older certificate of a previous chain
        if present is None or present[0] != thumbprint:
            restore.execute(f"CREATE CERTIFICATE PromptCrmServerCert FROM FILE = {_literal(cert_file)} "
                            f"WITH PRIVATE KEY (FILE = {_literal(key_file)}, "
                            f"DECRYPTION BY PASSWORD = {_literal(cert_backup_password)});")
        files = restore.execute(f"RESTORE FILELISTONLY FROM DISK = {_literal(backup)}").fetchall()
        data_path = restore.execute("SELECT CAST(SERVERPROPERTY('InstanceDefaultDataPath') AS nvarchar(400))"
                                    ).fetchval()
        moves = ", ".join(f"MOVE {_literal(f[0])} TO {_literal(_join(data_path, f'PromptCrm_drill_{i}'))}"
                          for i, f in enumerate(files))
        _exhaust(restore.execute(f"RESTORE DATABASE PromptCrm_drill FROM DISK = {_literal(backup)} "
                                 f"WITH {moves}, CHECKSUM, RECOVERY;"))
        _exhaust(restore.execute("DBCC CHECKDB (N'PromptCrm_drill') WITH NO_INFOMSGS;"))
        clients = restore.execute("SELECT COUNT_BIG(*) FROM PromptCrm_drill.crm.Client").fetchval()
        restore.execute("DROP DATABASE PromptCrm_drill;")
    if not clients:
        raise RuntimeError(f"restored {backup} but crm.Client is empty")
    return {"backup": backup, "clients": int(clients)}


# --------------------------------------------------------------------------- PostgreSQL

def set_login_password(database: str, role: str, password: str) -> bool:
    """Give an existing role LOGIN and `password` (the MCP readers are created without one by the scripts);
    False when the role does not exist (its folder has not created it)."""
    from psycopg import sql  # noqa: PLC0415

    server = wait_for(["postgres"], timeout=600)["postgres"]
    with server.connect(database, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is None:
            log.warning("role %s does not exist in the cluster: nothing to do", role)
            return False
        conn.execute(sql.SQL("ALTER ROLE {} WITH LOGIN PASSWORD {}").format(
            sql.Identifier(role), sql.Literal(password)))
    return True


def audit_retention(as_of: dt.date, days: int) -> list[str]:
    """NFR-SEC4: drop the audit partitions (and default-partition rows) older than `days` before `as_of`
    with the function of postgres_sales/050_create_audit.sql."""
    if days < 1:
        raise ValueError("days must be at least 1")
    server = wait_for(["postgres"], timeout=600)["postgres"]
    with server.connect("promptsales", autocommit=True) as conn:
        rows = conn.execute("SELECT audit.drop_expired_partitions(%s, %s)", (as_of, days)).fetchall()
    return [r[0] for r in rows]


# --------------------------------------------------------------------------- MongoDB

MCP_ROLE = "promptcontentMcpInsert"
MCP_USER = "promptcontent_mcp"


def mongo_init(members: list[str], mcp_password: str | None) -> str:
    """Initiate replica set rs0 once (error 23 AlreadyInitialized means done), wait for a primary, and
    create the MCP user that may only insert into content_requests and campaign_logs."""
    import pymongo  # noqa: PLC0415

    url = os.environ["PROMPTSALES_MONGO_INIT_URL"]  # the first member alone (the set has no primary yet)
    deadline = time.monotonic() + 600
    while True:
        direct = pymongo.MongoClient(url, directConnection=True, serverSelectionTimeoutMS=10_000)
        try:
            direct.admin.command("replSetInitiate", {
                "_id": "rs0", "members": [{"_id": i, "host": h} for i, h in enumerate(members)]})
            log.info("replica set rs0 initiated with %s", ", ".join(members))
            break
        except pymongo.errors.OperationFailure as exc:
            if exc.code != 23:
                raise
            log.info("replica set rs0 already initiated")
            break
        except pymongo.errors.ConnectionFailure as exc:  # the first member is not up yet: poll again
            if time.monotonic() > deadline:
                raise TimeoutError(f"{members[0]} did not answer within 600 s: {exc}") from exc
        finally:
            direct.close()
    server = wait_for(["mongo"], timeout=600)["mongo"]
    with server.client() as client:
        deadline = time.monotonic() + 300
        while not client.admin.command("hello").get("isWritablePrimary"):
            if time.monotonic() > deadline:
                raise TimeoutError("replica set rs0 elected no primary within 300 s")
            time.sleep(1)  # polling the election, not guessing readiness
        db = client["promptcontent"]
        privileges = [{"resource": {"db": "promptcontent", "collection": c}, "actions": ["insert"]}
                      for c in ("content_requests", "campaign_logs")]
        if db.command("rolesInfo", MCP_ROLE)["roles"]:
            db.command("updateRole", MCP_ROLE, privileges=privileges, roles=[])
        else:
            db.command("createRole", MCP_ROLE, privileges=privileges, roles=[])
        if mcp_password:
            if db.command("usersInfo", MCP_USER)["users"]:
                db.command("updateUser", MCP_USER, pwd=mcp_password, roles=[MCP_ROLE])
            else:
                db.command("createUser", MCP_USER, pwd=mcp_password, roles=[MCP_ROLE])
        return str(client.admin.command("hello").get("primary"))


# --------------------------------------------------------------------------- command line

def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)  # an operational timestamp (backup names), not generated data


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    parser = argparse.ArgumentParser(prog="python -m harness.k8s_ops", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    wait = sub.add_parser("wait", help="wait until each engine answers its readiness query")
    wait.add_argument("engines", nargs="+",
                      choices=["postgres", "redis", "mongo", "mssql_ads", "mssql_crm", "mssql_restore"])
    wait.add_argument("--timeout", type=float, default=900)
    bak = sub.add_parser("backup-mssql", help="BACKUP DATABASE on the SQL Server pod, check, prune")
    bak.add_argument("--role", choices=sorted(MSSQL_DATABASES), required=True)
    bak.add_argument("--server-dir", default="/var/opt/mssql/backup", help="the volume as SQL Server sees it")
    bak.add_argument("--local-dir", type=Path, required=True, help="the same volume as this pod sees it")
    bak.add_argument("--keep-days", type=int, default=30)
    pr = sub.add_parser("prune", help="delete this project's backup files older than --keep-days")
    pr.add_argument("--dir", type=Path, required=True)
    pr.add_argument("--keep-days", type=int, default=30)
    sub.add_parser("restore-drill", help="restore the newest CRM backup on the restore instance and check it")
    pg = sub.add_parser("pg-login", help="set the password of an existing PostgreSQL role (LOGIN)")
    pg.add_argument("--database", default="postgres")
    pg.add_argument("--role", required=True)
    pg.add_argument("--password-env", required=True, help="environment variable holding the password")
    audit = sub.add_parser("audit-retention", help="drop audit partitions older than --days (NFR-SEC4)")
    audit.add_argument("--days", type=int, default=90)
    audit.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="default: today (UTC)")
    mi = sub.add_parser("mongo-init", help="initiate rs0 and create the MCP insert-only user")
    mi.add_argument("--members", nargs="+", required=True)
    mi.add_argument("--mcp-password-env", default="PROMPTSALES_MCP_CONTENT_MONGO_PASSWORD")
    args = parser.parse_args(argv)
    try:
        if args.command == "wait":
            wait_for(args.engines, args.timeout)
        elif args.command == "backup-mssql":
            print(backup_mssql(args.role, args.server_dir, args.local_dir, args.keep_days, _utc_now()))
        elif args.command == "prune":
            for path in prune(args.dir, args.keep_days, _utc_now()):
                print(path)
        elif args.command == "restore-drill":
            from harness.settings import secret  # noqa: PLC0415

            print(restore_drill(os.environ.get("PROMPTSALES_MSSQL_BACKUP_DIR", "/var/opt/mssql/backup"),
                                secret("master_key_password"), secret("cert_backup_password")))
        elif args.command == "pg-login":
            password = os.environ.get(args.password_env)
            if not password:
                raise SystemExit(f"environment variable {args.password_env} is empty")
            set_login_password(args.database, args.role, password)
        elif args.command == "audit-retention":
            as_of = args.as_of or _utc_now().date()
            for name in audit_retention(as_of, args.days):
                print(f"dropped {name}")
        elif args.command == "mongo-init":
            print(mongo_init(args.members, os.environ.get(args.mcp_password_env)))
    except (TimeoutError, RuntimeError, ValueError) as exc:
        log.error("%s", exc)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
