"""Command line: python -m harness up | status | down | run <folder> | shell <engine> | trace | stress."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from harness import state
from harness.engines.base import EngineUnavailable
from harness.folders import ENGINES, FOLDERS, folder
from harness.inventory import row_counts
from harness.platform import Platform, is_required
from harness.runner import ScriptError, run_folder, run_post_step, scripts_of
from harness.settings import Settings

console = Console(width=None if sys.stdout.isatty() else 140)


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(scale=getattr(args, "scale", None), as_of=getattr(args, "as_of", None),
                             seed=getattr(args, "seed", None))


def _recorded_platform() -> Platform:
    """Engines recorded by a previous `up` that still answer."""
    platform = Platform(persistent=True)
    for key, entry in state.load()["engines"].items():
        try:
            platform.adopt(key, state.reconnect(key, entry))
        except Exception:  # noqa: BLE001 - a recorded server that no longer answers is provisioned again
            continue
    return platform


def _main_rows(counts: dict[str, int]) -> str:
    if set(counts) == {"keys"}:
        return f"{counts['keys']:,} keys"
    top = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)[:3]
    total = sum(counts.values())
    return f"{total:,} in {len(counts)} tables" + ("" if not top else " (" + ", ".join(
        f"{name.split('.')[-1].strip('[]')} {rows:,}" for name, rows in top) + ")")


def cmd_up(args: argparse.Namespace) -> int:
    os.environ.setdefault("TESTCONTAINERS_RYUK_DISABLED", "true")  # containers outlive this process
    settings = _settings(args)
    wanted = [f for f in FOLDERS if not args.only or f.key in args.only.split(",")]
    started = time.perf_counter()
    platform = _recorded_platform()
    engine_keys = sorted({f.engine for f in wanted} | ({"mssql_restore"} if any(
        f.key == "crm" for f in wanted) else set()), key=ENGINES.index)
    with console.status("provisioning engines…"):
        for key in engine_keys:
            status = platform.status(key)
            mark = f"[green]{status.where}[/]" if status.engine else "[yellow]unavailable[/]"
            console.print(f"  {key:<14} {mark} {status.engine.describe() if status.engine else status.reason}")
    state.save(platform.available(), {"scale": settings.scale, "as_of": settings.as_of.isoformat()})
    missing_required = [k for k in engine_keys if platform.status(k).engine is None and is_required(k)]
    table = Table(title=f"PromptSales up (scale {settings.scale}, as of {settings.as_of})")
    for column in ("folder", "engine", "where", "scripts", "rows in main tables", "time (s)"):
        table.add_column(column)
    failed = False
    applied: set[str] = set()
    for f in wanted:
        status = platform.status(f.engine)
        missing = [r for r in f.requires if r not in applied]
        if status.engine is None or missing:
            why = "engine unavailable (reason above)" if status.engine is None else f"needs {', '.join(missing)}"
            table.add_row(f.path, f.engine, "unavailable", "-", f"[yellow]{why}[/]", "-")
            continue
        scripts = scripts_of(f)
        try:
            with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                          TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                          console=console, transient=True) as progress:
                task = progress.add_task(f.path, total=len(scripts))

                def advance(script: Any, task: Any = task, progress: Any = progress, path: str = f.path) -> None:
                    progress.update(task, description=f"{path}/{script.name}")
                    progress.advance(task)

                echo = console.print if args.verbose else None
                report = run_folder(f, platform.available(), settings, on_script=advance, echo=echo)
                if f.post:
                    post_started = time.perf_counter()
                    progress.update(task, description=f"{f.path}: python -m {f.post}")
                    run_post_step(f, platform.available(), settings, echo)
                    report.seconds += time.perf_counter() - post_started
            counts = row_counts(f, status.engine)
            table.add_row(f.path, f.engine, status.where, str(len(report.scripts)), _main_rows(counts),
                          f"{report.seconds:.1f}")
            applied.add(f.key)
        except ScriptError as exc:
            failed = True
            table.add_row(f.path, f.engine, status.where, "[red]failed[/]", f"[red]{exc}[/]", "-")
    console.print(table)
    _start_mcp_servers(platform, settings)
    if "sales" in applied and not getattr(args, "no_etl", False):
        failed = not _up_etl(platform.available()) or failed
    console.print(f"total wall time: {time.perf_counter() - started:.1f} s")
    if missing_required:
        console.print(f"[red]required engines unavailable (PROMPTSALES_REQUIRE): {', '.join(missing_required)}[/]")
    return 1 if failed or missing_required else 0


def _start_mcp_servers(platform: Platform, settings: Settings) -> None:
    """The MCP servers that can run on what `up` provisioned (issue 11), in their own table."""
    from harness.mcp import start_servers  # noqa: PLC0415

    with console.status("starting MCP servers…"):
        rows = start_servers(platform.available(), settings)
    table = Table(title="MCP servers (streamable HTTP; `./promptsales mcp <name>` for stdio)")
    for column in ("server", "url", "state", "log"):
        table.add_column(column)
    for row in rows:
        table.add_row(row["server"], row["url"], row["state"], row["log"])
    console.print(table)


def cmd_mcp(args: argparse.Namespace) -> int:
    """Run one MCP server over stdio on the engines `up` recorded (the command Claude Desktop launches)."""
    from harness.mcp import stdio_command  # noqa: PLC0415

    platform = _recorded_platform()
    try:
        argv, env = stdio_command(args.server, platform.available(), _settings(args))
    except RuntimeError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    os.execvpe(argv[0], argv, env)
    return 0  # pragma: no cover - exec does not return
_SOURCE_ENGINES = {"ads": "mssql_ads", "crm": "mssql_crm", "content": "mongo"}


def _etl_table(title: str, url: str | None, result: Any, summary: dict[str, Any],
               engines: dict[str, Any] | None = None) -> Table:
    table = Table(title=title)
    for column in ("source", "last run", "status", "batches", "rows moved", "watermark"):
        table.add_column(column)
    for source, info in summary.get("sources", {}).items():
        status = "[green]applied[/]"
        if info["failed"]:
            absent = engines is not None and _SOURCE_ENGINES[source] not in engines
            status = "[yellow]engine not provisioned[/]" if absent else "[red]failed (see etl.run_log)[/]"
        table.add_row(source, str(summary["last_started_at"])[:19], status, str(info["batches"]),
                      f"{info['rows_changed']:,}", str(info["watermark"]))
    caption = [f"n8n: {url}" if url else "n8n: not running"]
    if result is not None:
        caption.append(f"run once: {result.seconds:.1f} s, exit status {result.returncode}")
    if summary.get("next_due_at"):
        caption.append(f"next scheduled start: {str(summary['next_due_at'])[:19]}")
    table.caption = "; ".join(caption)
    return table


def _up_etl(engines: dict[str, Any]) -> bool:
    """Install n8n on first use, import credentials and the workflow, run it once, start it with the
    11-minute schedule active. A source that is not provisioned fails its branch visibly; that alone does
    not fail `up` (its engine is reported unavailable above)."""
    from harness import n8n  # noqa: PLC0415

    try:
        n8n.ensure_installed(console.print)
        n8n.stop()
        config = n8n.build_config(engines, n8n.default_home())
        with console.status("n8n: importing credentials and the workflow…"):
            n8n.import_all(config)
        with console.status("n8n: running the ETL once…"):
            result = n8n.execute(config, force=True)
        n8n.activate(config)
        with console.status(f"n8n: starting on {config.url}…"):
            n8n.start(config)
            owner = n8n.setup_owner(config)
    except Exception as exc:  # noqa: BLE001 - reported in the summary, `up` fails
        console.print(f"[red]n8n ETL failed to start: {exc}[/]")
        return False
    with engines["postgres"].connect(config.sales_database) as conn:
        summary = n8n.last_run_summary(conn)
    console.print(_etl_table("ETL in n8n (SAL-4)", config.url, result, summary, engines))
    console.print(f"n8n editor: {config.url} (user {owner}; password in .promptsales/secrets.json, "
                  "n8n_owner_password)")
    unexpected = [s for s, info in summary.get("sources", {}).items()
                  if info["failed"] and _SOURCE_ENGINES[s] in engines]
    if unexpected:
        console.print(f"[red]ETL branches failed although their engines are up: {', '.join(unexpected)}[/]")
    if result.error and not summary.get("sources"):
        console.print(f"[red]n8n run failed: {result.error[:300]}[/]")
        return False
    return not unexpected


def cmd_etl(args: argparse.Namespace) -> int:
    """`etl run`: the workflow once in the foreground (n8n execute), per-source result; `etl status`;
    `etl install`."""
    from harness import n8n  # noqa: PLC0415

    if args.action == "install":
        seconds = n8n.ensure_installed(console.print)
        console.print(f"n8n {'installed' if seconds else 'already installed'} ({n8n.N8N_DIR / 'node_modules'}, "
                      f"lock {n8n.lock_hash()})")
        return 0
    platform = _recorded_platform()
    engines = platform.available()
    if "postgres" not in engines:
        console.print("[red]PostgreSQL is not running: run ./promptsales up first[/]")
        return 2
    entry = n8n.recorded()
    if args.action == "status":
        with engines["postgres"].connect("promptsales") as conn:
            summary = n8n.last_run_summary(conn)
        url = entry["url"] if entry and n8n.is_up(entry["url"]) else None
        console.print(_etl_table("ETL in n8n (SAL-4)", url, None, summary, engines))
        return 0
    n8n.ensure_installed(console.print)
    config = n8n.build_config(engines, n8n.default_home(), port=entry["port"] if entry else None)
    if entry is None:
        n8n.import_all(config)
    result = n8n.execute(config, force=True)
    with engines["postgres"].connect(config.sales_database) as conn:
        summary = n8n.last_run_summary(conn)
    console.print(_etl_table("ETL run (n8n execute)", entry["url"] if entry else None, result, summary, engines))
    if result.error:
        console.print(f"[yellow]{result.error[:500]}[/]")
    return result.returncode


def cmd_status(_args: argparse.Namespace) -> int:
    recorded = state.load()
    table = Table(title="PromptSales engines")
    for column in ("engine", "where", "state", "server"):
        table.add_column(column)
    for key in ENGINES:
        entry = recorded["engines"].get(key)
        if entry is None:
            table.add_row(key, "-", "not started", "")
            continue
        try:
            engine = state.reconnect(key, entry)
            table.add_row(key, entry["where"], "[green]up[/]", engine.describe())
        except Exception as exc:  # noqa: BLE001
            table.add_row(key, entry["where"], "[red]down[/]", str(exc)[:80])
    from harness.mcp import recorded_servers  # noqa: PLC0415

    for row in recorded_servers():
        table.add_row(f"mcp-{row['server']}", "local", "[green]up[/]" if row["state"] == "up" else "[red]down[/]",
                      row["url"])
    console.print(table)
    from harness import n8n  # noqa: PLC0415

    entry = n8n.recorded()
    if entry:
        console.print(f"n8n: {entry['url']} " + ("[green]up[/]" if n8n.is_up(entry["url"]) else "[red]down[/]"))
    return 0


def cmd_down(_args: argparse.Namespace) -> int:
    from harness import n8n  # noqa: PLC0415
    from harness.mcp import stop_servers  # noqa: PLC0415

    if n8n.stop():
        console.print("stopped: n8n")
    stopped = stop_servers() + state.stop_recorded()
    console.print("stopped: " + (", ".join(stopped) if stopped else "nothing was running"))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    f = folder(args.folder)
    platform = _recorded_platform()
    try:
        for key in (f.engine, *(folder(r).engine for r in f.requires)):
            platform.engine(key)
    except EngineUnavailable as exc:
        console.print(f"[red]{f.engine} unavailable:[/] {exc}")
        return 2
    state.save(platform.available(), {})
    try:
        report = run_folder(f, platform.available(), _settings(args),
                            on_script=lambda s: console.print(f"→ {s.name}"), echo=console.print)
        if f.post:
            console.print(f"→ python -m {f.post}")
            run_post_step(f, platform.available(), _settings(args), console.print)
    except ScriptError as exc:
        console.print(f"[red]{exc}[/]")
        return 1
    console.print(f"{len(report.scripts)} scripts in {report.seconds:.1f} s")
    return 0


def cmd_shell(args: argparse.Namespace) -> int:
    """Open the engine's own client on a server recorded by `up`."""
    entry = state.load()["engines"].get(args.engine)
    if entry is None:
        console.print(f"{args.engine} is not running: run `python -m harness up` first")
        return 2
    engine: Any = state.reconnect(args.engine, entry)
    if args.engine == "postgres":
        from harness.engines.postgres import psql_binary  # noqa: PLC0415

        os.execvpe(psql_binary(), [psql_binary(), "-d", args.database or "promptsales"], engine.psql_env())
    if args.engine == "redis" and shutil.which("redis-cli"):
        os.execvp("redis-cli", ["redis-cli", "-u", engine.url])
    if args.engine == "mongo" and shutil.which("mongosh"):
        os.execvp("mongosh", ["mongosh", engine.url])
    if args.engine.startswith("mssql") and shutil.which("sqlcmd"):
        os.execvp("sqlcmd", ["sqlcmd", "-S", f"{engine.host},{engine.port}", "-U", engine.user,
                             "-P", engine.password, "-C"])
    return _python_sql_shell(engine, args)


def _python_sql_shell(engine: Any, args: argparse.Namespace) -> int:
    """Fallback when the engine's client is not installed: a line-based shell (T-SQL batches end at GO)."""
    from harness.runner import run_tsql  # noqa: PLC0415

    if not args.engine.startswith("mssql"):
        console.print(f"no client installed for {args.engine}; connect with: {getattr(engine, 'url', '')}")
        return 2
    conn = engine.connect(args.database or "master")
    console.print(f"{engine.describe()} — end a batch with GO, quit with EOF (Ctrl-D)")
    buffer: list[str] = []
    for line in sys.stdin:
        if line.strip().upper() == "GO":
            try:
                for rows in run_tsql(conn, "\n".join(buffer), echo=console.print):
                    for row in rows:
                        console.print(row)
            except ScriptError as exc:
                console.print(f"[red]{exc}[/]")
            buffer = []
        else:
            buffer.append(line.rstrip("\n"))
    return 0


def cmd_trace(_args: argparse.Namespace) -> int:
    from harness.trace import write  # noqa: PLC0415

    console.print(f"written {write().relative_to(Path.cwd()) if Path.cwd() in write().parents else write()}")
    return 0


def stress_parser(p: argparse.ArgumentParser) -> None:
    from harness.stress import build_parser as build  # noqa: PLC0415

    build(p)


def cmd_stress(args: argparse.Namespace) -> int:
    from harness.stress import main_args  # noqa: PLC0415

    return main_args(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m harness", description="PromptSales data platform harness")
    sub = parser.add_subparsers(dest="command", required=True)

    def run_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--scale", choices=("small", "full"), default=None, help="data volume (default full)")
        p.add_argument("--as-of", type=date.fromisoformat, default=None, help="'today' of the generated data")
        p.add_argument("--seed", type=int, default=None, help="seed of every generator")
        p.add_argument("-v", "--verbose", action="store_true", help="show PRINT / NOTICE output")

    up = sub.add_parser("up", help="provision every engine that can be had and run every folder in order")
    run_options(up)
    up.add_argument("--only", help="comma-separated folders: " + ",".join(f.key for f in FOLDERS))
    up.add_argument("--no-etl", action="store_true", help="do not install, start or run n8n (SAL-4)")
    up.set_defaults(func=cmd_up)
    sub.add_parser("status", help="engines recorded by up and whether they answer").set_defaults(func=cmd_status)
    sub.add_parser("down", help="stop what up started").set_defaults(func=cmd_down)
    run = sub.add_parser("run", help="run one folder's scripts in order")
    run.add_argument("folder", choices=[f.key for f in FOLDERS])
    run_options(run)
    run.set_defaults(func=cmd_run)
    shell = sub.add_parser("shell", help="open a SQL shell on an engine")
    shell.add_argument("engine", choices=ENGINES)
    shell.add_argument("--database", default=None)
    shell.set_defaults(func=cmd_shell)
    etl = sub.add_parser("etl", help="the n8n ETL: `etl run` runs it once in the foreground, `etl status`, "
                         "`etl install` installs n8n (n8n/package-lock.json) if missing")
    etl.add_argument("action", choices=("run", "status", "install"))
    etl.set_defaults(func=cmd_etl)
    sub.add_parser("trace", help="regenerate docs/trazabilidad.md (requirement -> tests and scripts)"
                   ).set_defaults(func=cmd_trace)
    from harness import k8s  # noqa: PLC0415 - the Kubernetes subcommand lives in its own module

    k8s.register(sub)
    stress = sub.add_parser("stress", help="run every concurrency test many times under CPU load; runs/failures")
    stress_parser(stress)
    stress.set_defaults(func=cmd_stress)
    mcp = sub.add_parser("mcp", help="run one MCP server over stdio (for Claude Desktop) on the engines of up")
    mcp.add_argument("server", choices=("content", "ads", "crm", "sales"))
    mcp.set_defaults(func=cmd_mcp)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))
