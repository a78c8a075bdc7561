"""Every .sql parses with sqlfluff: tsql for the SQL Server folders, postgres for PostgreSQL folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import REPO_ROOT
from harness.folders import FOLDERS
from harness.scripts import has_code, split_batches
from harness.sqlgate import check

pytestmark = [pytest.mark.static]

DIALECT = {"tsql": "tsql", "psql": "postgres"}
SQL_FILES = [(f.kind, p) for f in FOLDERS if f.kind in DIALECT for p in sorted(f.directory.glob("**/*.sql"))
             if f.kind == "tsql" or p.parent == f.directory]


@pytest.mark.req("OPS-5")
@pytest.mark.parametrize(("kind", "path"), SQL_FILES, ids=[str(p.relative_to(REPO_ROOT)) for _, p in SQL_FILES])
def test_sql_file_parses_with_sqlfluff_without_unparsable_sections(kind: str, path: Path) -> None:
    """sqlfluff parses the whole file; unparsable sections only where declared and of an allowed kind."""
    findings = check(path, DIALECT[kind])
    assert [f"line {f.line}: {f.message}" for f in findings] == []


@pytest.mark.req("OPS-5")
def test_gate_rejects_an_unparsable_statement_hidden_behind_a_declared_one(tmp_path: Path) -> None:
    """A declared CREATE CERTIFICATE does not excuse a broken SELECT in the same section."""
    script = tmp_path / "010_create_certificate.sql"
    script.write_text("-- sqlfluff-unparsable: CREATE CERTIFICATE\nCREATE CERTIFICATE c WITH SUBJECT = 'c';\n"
                      "SELECT 1 FROM sys.objects WHERE (( nonsense;\nGO\n", encoding="utf-8")
    assert [f.line for f in check(script, "tsql")] == [2]


@pytest.mark.req("OPS-5")
def test_gate_accepts_declared_statements_even_behind_an_if_guard(tmp_path: Path) -> None:
    """Declared kinds are accepted alone, mid-statement (CLOSE SYMMETRIC KEY) and under IF NOT EXISTS."""
    script = tmp_path / "010_create_certificate.sql"
    script.write_text(
        "-- sqlfluff-unparsable: CREATE CERTIFICATE, CLOSE SYMMETRIC KEY, RESTORE\nUSE master;\nGO\n"
        "IF NOT EXISTS (SELECT 1 FROM sys.certificates WHERE name = N'c')\n"
        "    CREATE CERTIFICATE c WITH SUBJECT = 'c';\nGO\nCLOSE SYMMETRIC KEY k;\nGO\n"
        "RESTORE DATABASE d\n    FROM DISK = N'/x.bak' WITH REPLACE;\nGO\n", encoding="utf-8")
    assert check(script, "tsql") == []


@pytest.mark.req("OPS-5")
def test_gate_rejects_an_undeclared_unparsable_statement(tmp_path: Path) -> None:
    """Without a declaration, BACKUP DATABASE (which sqlfluff cannot parse) fails the gate."""
    script = tmp_path / "900_demo_backup.sql"
    script.write_text("BACKUP DATABASE d TO DISK = N'/x.bak';\n", encoding="utf-8")
    assert len(check(script, "tsql")) == 1


@pytest.mark.req("OPS-5")
@pytest.mark.timeout(30)
def test_every_tsql_script_splits_into_batches_the_way_sqlcmd_would() -> None:
    """Every T-SQL script splits on GO quickly and has code in every batch (catches splitter hangs here,
    where no SQL Server runs the scripts)."""
    for kind, path in SQL_FILES:
        if kind == "tsql":
            batches = split_batches(path.read_text(encoding="utf-8"))
            assert batches, path
            assert all(has_code(b.text) for b in batches), path
