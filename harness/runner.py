"""Runs numbered scripts on their engines: T-SQL batch by batch like sqlcmd, PostgreSQL through psql
itself (so `psql -f` semantics hold exactly), MongoDB modules through their `up(db)`, Redis Lua scripts
through SCRIPT LOAD. Stops at the first error, naming the file and the line."""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from harness import REPO_ROOT
from harness.folders import Folder
from harness.scripts import Script, discover, split_batches
from harness.settings import Settings

log = logging.getLogger("harness")

EXTENSIONS = {"tsql": ("sql",), "psql": ("sql",), "mongo": ("py",), "redis": ("lua",)}
Printer = Callable[[str], None]


class ScriptError(RuntimeError):
    """A script failed; carries the file and the line of the failing batch or statement."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = str(path), line, message.strip()
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {self.message}")


@dataclass
class FolderReport:
    folder: Folder
    scripts: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- T-SQL

_ODBC_PREFIX = re.compile(r"^(?:\[[^\]]*\])+\s*")


def _clean_odbc(text: str) -> str:
    """'[01000] [Microsoft][ODBC Driver 18 for SQL Server][SQL Server]msg (50000)' -> 'msg'."""
    text = _ODBC_PREFIX.sub("", str(text))
    return re.sub(r"\s*\(\d+\)\s*(\(SQL\w+\))?\s*$", "", text)


def set_session_context(conn: Any, values: dict[str, str]) -> None:
    cursor = conn.cursor()
    for key, value in values.items():
        cursor.execute("EXEC sys.sp_set_session_context @key = ?, @value = ?", key, value)


def run_tsql(conn: Any, sql_text: str, source: str = "inline", echo: Printer | None = None,
             first_line: int = 1) -> list[list[tuple[Any, ...]]]:
    """Run T-SQL split on GO lines; returns the rows of every result set; PRINT/RAISERROR messages go to
    `echo`. Raises ScriptError naming `source` and the first line of the failing batch."""
    import pyodbc  # noqa: PLC0415

    results: list[list[tuple[Any, ...]]] = []
    cursor = conn.cursor()
    for batch in split_batches(sql_text):
        for _ in range(batch.repeat):
            line = first_line + batch.first_line - 1
            try:
                cursor.execute(batch.text)
                while True:
                    for _kind, message in cursor.messages or []:
                        if echo:
                            echo(_clean_odbc(message))
                    if cursor.description:
                        results.append([tuple(r) for r in cursor.fetchall()])
                    if not cursor.nextset():
                        break
            except pyodbc.Error as exc:
                message = _clean_odbc(exc.args[1] if len(exc.args) > 1 else exc)
                raise ScriptError(source, line, f"batch starting at line {line} failed: {message}") from exc
    return results


def _run_tsql_script(engine: Any, script: Script, settings: Settings, echo: Printer | None) -> None:
    with engine.connect("master", autocommit=True) as conn:
        set_session_context(conn, settings.session_context())
        run_tsql(conn, script.path.read_text(encoding="utf-8"), _rel(script.path), echo)


# --------------------------------------------------------------------------- psql

_PSQL_ERROR = re.compile(r"^psql:(?P<file>[^:]+):(?P<line>\d+):\s*(?P<msg>(?:ERROR|FATAL|error).*)$", re.MULTILINE)


def run_psql_file(engine: Any, path: Path, database: str, settings: Settings,
                  echo: Printer | None = None) -> str:
    """`psql -X -v ON_ERROR_STOP=1 -f path` with the run's GUCs in PGOPTIONS, from the repository root."""
    from harness.engines.postgres import psql_binary  # noqa: PLC0415

    psql = psql_binary(tls=bool(getattr(engine, "tls_ca", None)))  # a TLS-only server needs an OpenSSL libpq
    cmd = [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-f", str(path)]
    proc = subprocess.run(cmd, check=False, cwd=REPO_ROOT, env=engine.psql_env(settings.pg_options()),
                          capture_output=True, text=True)
    if echo:
        for text in (proc.stdout, proc.stderr):
            for line in text.splitlines():
                if line.strip():
                    echo(line)
    if proc.returncode != 0:
        match = _PSQL_ERROR.search(proc.stderr)
        if match:
            detail = proc.stderr[match.start():].strip()
            raise ScriptError(_rel(path), int(match["line"]), detail)
        raise ScriptError(_rel(path), None, proc.stderr.strip() or f"psql exited with {proc.returncode}")
    return proc.stdout


# --------------------------------------------------------------------------- MongoDB and Redis

@contextmanager
def _environ(values: dict[str, str]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def load_module(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(f"promptsales_script_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ScriptError(_rel(path), None, "cannot be imported")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run_mongo_script(engine: Any, script: Script, database: str, settings: Settings) -> None:
    module = load_module(script.path)
    if not hasattr(module, "up"):
        raise ScriptError(_rel(script.path), None, "has no up(db) function")
    with _environ(settings.environ()), engine.client() as client:
        try:
            module.up(client[database])
        except Exception as exc:
            raise ScriptError(_rel(script.path), None, f"{type(exc).__name__}: {exc}") from exc


def _run_redis_script(engine: Any, script: Script) -> str:
    """Compile-check and cache a Lua script on the server; returns its SHA1."""
    import redis as redis_lib  # noqa: PLC0415

    try:
        return str(engine.client().script_load(script.path.read_text(encoding="utf-8")))
    except redis_lib.ResponseError as exc:
        raise ScriptError(_rel(script.path), None, str(exc)) from exc


# --------------------------------------------------------------------------- dispatch

def scripts_of(folder: Folder) -> list[Script]:
    return discover(folder.script_dir, EXTENSIONS[folder.kind])


def _dispatch(engine: Any, script: Script, folder: Folder, database: str | None, settings: Settings,
              echo: Printer | None) -> None:
    if folder.kind == "tsql":
        _run_tsql_script(engine, script, settings, echo)
    elif folder.kind == "psql":
        run_psql_file(engine, script.path, database, settings, echo)
    elif folder.kind == "mongo":
        _run_mongo_script(engine, script, database, settings)
    else:
        _run_redis_script(engine, script)


def run_script(engine: Any, path: Path | str, folder: Folder | None = None, database: str | None = None,
               settings: Settings | None = None, echo: Printer | None = None) -> None:
    """Run one script file on `engine`, the way its folder's kind requires (creating the PostgreSQL
    database first when it does not exist)."""
    path = Path(path)
    folder = folder or _folder_of(path)
    database = database or folder.database
    if folder.kind == "psql":
        engine.create_database(database)
    script = Script(int(path.name[:3]) if path.name[:3].isdigit() else 0, path)
    _dispatch(engine, script, folder, database, settings or Settings.from_env(), echo)


def _folder_of(path: Path) -> Folder:
    from harness.folders import FOLDERS  # noqa: PLC0415

    parent = path.resolve().parent
    for f in FOLDERS:
        if f.script_dir.resolve() == parent:
            return f
    raise ScriptError(_rel(path), None, "is not in a known script folder")


def settings_for(folder: Folder, settings: Settings, engines: dict[str, Any]) -> Settings:
    """Topology-dependent parameters: the CRM linked server points at the Ads instance actually running."""
    ads = engines.get("mssql_ads")
    if folder.key == "crm" and ads is not None:
        return replace(settings, ads_link_server=ads.peer_address, backup_dir=engines["mssql_crm"].backup_dir)
    return settings


def run_post_step(folder: Folder, engines: dict[str, Any], settings: Settings,
                  echo: Printer | None = None) -> None:
    """Run the folder's post module (e.g. the embedding index build) as a child process."""
    if folder.post is None:
        return
    import sys  # noqa: PLC0415

    cmd = [sys.executable, "-m", folder.post, "--pg-uri", engines["postgres"].uri(folder.database)]
    if "mongo" in engines:
        cmd += ["--mongo-uri", engines["mongo"].url]
    env = dict(os.environ, **settings.environ(), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    if "redis" in engines:  # a refreshed index invalidates the MCP cache there (INTERFACES.md, RED-1)
        env.setdefault("PROMPTSALES_MCP_REDIS_URL", engines["redis"].url)
    proc = subprocess.run(cmd, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False)
    if echo:
        for line in (proc.stdout + proc.stderr).splitlines():
            echo(line)
    if proc.returncode != 0:
        raise ScriptError(f"python -m {folder.post}", None, proc.stderr.strip()[-2000:])


def run_folder(folder: Folder, engines: dict[str, Any], settings: Settings,
               on_script: Callable[[Script], None] | None = None, echo: Printer | None = None,
               database: str | None = None) -> FolderReport:
    """Run every numbered script of `folder` in order; the first failure stops the run."""
    engine = engines[folder.engine]
    settings = settings_for(folder, settings, engines)
    report = FolderReport(folder)
    started = time.perf_counter()
    database = database or folder.database
    if folder.kind == "psql":
        engine.create_database(database)  # once per folder, even when it has no scripts yet
    for script in scripts_of(folder):
        if on_script:
            on_script(script)
        _dispatch(engine, script, folder, database, settings, echo)
        report.scripts.append(script.name)
    report.seconds = time.perf_counter() - started
    return report
