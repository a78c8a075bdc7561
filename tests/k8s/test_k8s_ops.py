"""The Job entry points of the project's image (harness/k8s_ops.py) where they can run here: backup
retention (NFR-F4), the 90-day audit retention (NFR-SEC4) on a real PostgreSQL, and waiting by query."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from harness import k8s_ops

NOW = dt.datetime(2026, 3, 1, 2, 30, tzinfo=dt.UTC)  # explicit "now": retention is decided by file names


def _touch(directory: Path, name: str) -> Path:
    path = directory / name
    path.write_bytes(b"backup")
    return path


@pytest.mark.req("NFR-F4")
def test_prune_keeps_thirty_days_of_daily_backups_and_nothing_else_is_touched(tmp_path: Path) -> None:
    """Files older than 30 days (by the UTC stamp in their name) go; newer ones, the 30-day boundary, other
    files (e.g. the TDE certificate backups of CRM-6) and directories stay."""
    old = _touch(tmp_path, "daily_PromptCrm_20260129T023000Z.bak")        # 31 days
    boundary = _touch(tmp_path, "daily_PromptCrm_20260130T023000Z.bak")   # exactly 30 days
    recent = _touch(tmp_path, "daily_promptsales_20260228T024500Z.dump")
    mongo_old = _touch(tmp_path, "daily_promptcontent_20251201T030000Z.archive.gz")
    cert = _touch(tmp_path, "PromptCrmServerCert_ABCDEF.pvk")
    manual = _touch(tmp_path, "PromptCrm_crm6.bak")
    (tmp_path / "daily_PromptAds_20200101T000000Z.bak").mkdir()
    removed = k8s_ops.prune(tmp_path, 30, NOW)
    assert sorted(removed) == sorted([old, mongo_old])
    assert all(p.exists() for p in (boundary, recent, cert, manual))
    assert not old.exists() and not mongo_old.exists()
    assert k8s_ops.prune(tmp_path, 30, NOW) == []  # a second run changes nothing


@pytest.mark.req("NFR-F4")
def test_prune_refuses_a_retention_below_one_day(tmp_path: Path) -> None:
    """keep_days 0 (which would delete today's backup) is an error and deletes nothing."""
    kept = _touch(tmp_path, "daily_PromptAds_20260301T021500Z.bak")
    with pytest.raises(ValueError, match="at least 1"):
        k8s_ops.prune(tmp_path, 0, NOW)
    assert kept.exists()


@pytest.mark.req("NFR-F4")
@pytest.mark.parametrize("database", ["PromptCrm; DROP DATABASE x", "../etc/passwd", "Prompt Crm", ""])
def test_backup_file_names_refuse_hostile_database_names(database: str) -> None:
    """A database name that could escape the file name or the T-SQL identifier is refused."""
    with pytest.raises(ValueError, match="invalid database name"):
        k8s_ops.backup_file_name(database, "bak", NOW)


@pytest.mark.req("NFR-F4")
def test_backup_file_name_round_trips_through_the_retention_pattern() -> None:
    """The name a backup is written with is the name the retention recognises, with its UTC stamp."""
    name = k8s_ops.backup_file_name("PromptAds", "bak", NOW)
    assert name == "daily_PromptAds_20260301T023000Z.bak"
    match = k8s_ops.BACKUP_NAME.match(name)
    assert match and match["db"] == "PromptAds" and match["stamp"] == "20260301T023000Z"


@pytest.mark.req("NFR-SEC4")
@pytest.mark.postgres
def test_audit_retention_job_drops_partitions_older_than_ninety_days(sales_db: Any,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The CronJob's command, pointed at a real PromptSales database through PROMPTSALES_POSTGRES_URL, drops
    a 2019 audit partition when run as of 2019-12-31 and keeps the one inside the 90 days."""
    with sales_db.connect("promptsales", autocommit=True) as conn:
        conn.execute("SELECT audit.ensure_partition('2019-03-15'), audit.ensure_partition('2019-11-20')")
    monkeypatch.setenv("PROMPTSALES_POSTGRES_URL", sales_db.uri("postgres"))
    dropped = k8s_ops.audit_retention(dt.date(2019, 12, 31), 90)
    assert dropped == ["audit.event_y2019m03"]
    with sales_db.connect("promptsales", autocommit=True) as conn:
        left = {r[0] for r in conn.execute("SELECT relname FROM pg_class WHERE relname LIKE 'event_y2019m%' "
                                                    "AND relkind IN ('r', 'p')")}
        assert left == {"event_y2019m11"}
        conn.execute("DROP TABLE audit.event_y2019m11")
    assert k8s_ops.main(["audit-retention", "--days", "0"]) == 1  # refused, nothing run


@pytest.mark.req("OPS-1")
@pytest.mark.redis
def test_wait_returns_once_the_engine_answers_its_query(redis_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """`k8s_ops wait redis` returns the server after its readiness query (PING/INFO) succeeded."""
    monkeypatch.setenv("PROMPTSALES_REDIS_URL", redis_server.url)
    ready = k8s_ops.wait_for(["redis"], timeout=30)
    assert ready["redis"].version


@pytest.mark.req("OPS-1")
def test_wait_names_the_missing_url_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the engine's URL the Job stops with the variable's name instead of waiting forever."""
    monkeypatch.delenv("PROMPTSALES_MONGO_URL", raising=False)
    with pytest.raises(SystemExit, match="PROMPTSALES_MONGO_URL"):
        k8s_ops.wait_for(["mongo"], timeout=5)


@pytest.mark.req("NFR-F4", "CRM-6")
def test_restore_drill_quotes_secrets_and_paths_for_tsql() -> None:
    """A password with quotes cannot end the literal of CREATE MASTER KEY / CERTIFICATE, and file names
    recorded with Windows or POSIX separators land in the backup directory as SQL Server sees it."""
    assert k8s_ops._literal("Ps'x'); DROP DATABASE PromptCrm;--") == "N'Ps''x''); DROP DATABASE PromptCrm;--'"
    assert k8s_ops._join("/var/opt/mssql/backup/", r"C:\backups\PromptCrmServerCert_AB.cer") == \
        "/var/opt/mssql/backup/PromptCrmServerCert_AB.cer"
    assert k8s_ops._join("/var/opt/mssql/backup", "/other/daily_PromptCrm_20260301T023000Z.bak") == \
        "/var/opt/mssql/backup/daily_PromptCrm_20260301T023000Z.bak"
