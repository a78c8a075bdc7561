"""The T-SQL runner on a real SQL Server: GO batches, PRINT output, session context, error lines."""

from __future__ import annotations

import pytest

from harness.runner import ScriptError, run_tsql, set_session_context
from harness.settings import Settings

pytestmark = [pytest.mark.mssql]


@pytest.mark.req("OPS-5")
def test_batches_run_in_order_with_go_n_and_print_messages_are_shown(mssql_ads) -> None:
    """GO 3 runs its batch three times; PRINT text reaches the echo callback."""
    printed: list[str] = []
    with mssql_ads.connect() as conn:
        results = run_tsql(conn, "CREATE TABLE #t (n int);\nGO\nINSERT #t VALUES (1);\nGO 3\n"
                                 "PRINT 'rows inserted';\nSELECT COUNT(*) FROM #t;\n", echo=printed.append)
    assert results[-1] == [(3,)]
    assert "rows inserted" in printed


@pytest.mark.req("OPS-5")
def test_a_failing_batch_is_reported_with_its_first_line(mssql_ads) -> None:
    """The error names the source and the line where the failing batch starts, with the server message."""
    with mssql_ads.connect() as conn, pytest.raises(ScriptError) as error:
        run_tsql(conn, "SELECT 1;\nGO\n-- comment\nSELECT * FROM dbo.no_such_table;\nGO\n", source="x.sql")
    assert error.value.line == 3 and error.value.path == "x.sql"
    assert "no_such_table" in error.value.message


@pytest.mark.req("OPS-5")
def test_scripts_read_the_run_parameters_from_session_context(mssql_ads) -> None:
    """SESSION_CONTEXT carries scale, as-of date and seed to the T-SQL scripts."""
    with mssql_ads.connect() as conn:
        set_session_context(conn, Settings(scale="small", seed=11).session_context())
        rows = run_tsql(conn, "SELECT CAST(SESSION_CONTEXT(N'promptsales.scale') AS nvarchar(10)), "
                              "CAST(SESSION_CONTEXT(N'promptsales.as_of') AS nvarchar(10)), "
                              "CAST(SESSION_CONTEXT(N'promptsales.seed') AS nvarchar(10));")
    assert rows == [[("small", "2026-01-31", "11")]]
