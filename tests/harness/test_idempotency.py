"""Running a folder twice in a row leaves the same end state (objects, definitions, data checksums)."""

from __future__ import annotations

import pytest

from harness.folders import folder
from harness.inventory import fingerprint
from harness.runner import run_folder


def _diff(before: dict[str, str], after: dict[str, str]) -> list[str]:
    keys = sorted(set(before) | set(after))
    return [f"{k}: {before.get(k)!r} -> {after.get(k)!r}" for k in keys if before.get(k) != after.get(k)][:20]


def _rerun_changes(key: str, engines: dict, settings) -> list[str]:
    """Fingerprint an applied folder, apply it again, and list what changed."""
    f = folder(key)
    engine = engines[f.engine]
    first = fingerprint(f, engine)
    run_folder(f, engines, settings)
    return _diff(first, fingerprint(f, engine))


@pytest.mark.postgres
@pytest.mark.req("OPS-5", "SAL-1")
@pytest.mark.parametrize("key", ["sales", "content_vectors"])
def test_postgres_folder_applied_twice_leaves_the_same_end_state(key, pg_server, settings) -> None:
    """A fresh database gets the folder twice; the second run changes no object and no row."""
    f = folder(key)
    database = f"idem_{key}"
    pg_server.drop_database(database)
    try:
        run_folder(f, {"postgres": pg_server}, settings, database=database)
        first = fingerprint(f, pg_server, database)
        run_folder(f, {"postgres": pg_server}, settings, database=database)
        assert _diff(first, fingerprint(f, pg_server, database)) == []
    finally:
        pg_server.drop_database(database)


@pytest.mark.mongo
@pytest.mark.req("OPS-5", "CON-1")
def test_mongo_folder_applied_twice_leaves_the_same_end_state(content_db, mongo_server, settings) -> None:
    """mongo_content/ again on the applied database: same collections, validators, indexes and documents."""
    assert _rerun_changes("content", {"mongo": mongo_server}, settings) == []


@pytest.mark.mssql
@pytest.mark.req("OPS-5", "ADS-2")
def test_ads_folder_applied_twice_leaves_the_same_end_state(ads_db, settings) -> None:
    """sqlserver_ads/ again on the applied instance: same objects, definitions and table checksums."""
    assert _rerun_changes("ads", {"mssql_ads": ads_db}, settings) == []


@pytest.mark.mssql
@pytest.mark.req("OPS-5", "CRM-1")
def test_crm_folder_applied_twice_leaves_the_same_end_state(crm_db, ads_db, settings) -> None:
    """sqlserver_crm/ again on the applied instance: same objects, definitions and table checksums."""
    assert _rerun_changes("crm", {"mssql_ads": ads_db, "mssql_crm": crm_db}, settings) == []
