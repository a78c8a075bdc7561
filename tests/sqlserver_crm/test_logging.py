"""CRM-10: the logging procedure and what happens to a log row when the caller's transaction rolls back."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pyodbc
import pytest
from crm_helpers import execute_all, fetch_all

pytestmark = pytest.mark.mssql


@pytest.mark.req("CRM-10")
def test_write_log_stores_severity_source_message_json_context_and_correlation_id(
    crm_conn: Any, clean_log: int
) -> None:
    """One call, one row with every field of the course template, the id returned as OUTPUT."""
    correlation = uuid.uuid4()
    row = fetch_all(crm_conn, """
        DECLARE @Id bigint;
        EXEC crm.CRMSP_WriteLog @Severity = 'warning', @Source = N'tests', @Message = N'stock bajo',
            @Context = N'{"sku":"A-1","left":3}', @CorrelationId = ?, @LogId = @Id OUTPUT;
        SELECT LogId, Severity, Source, Message, Context, CorrelationId, SessionId, @@SPID
        FROM crm.Log WHERE LogId = @Id;""", str(correlation))[0]
    assert row[0] > clean_log
    assert row[1:4] == ("WARNING", "tests", "stock bajo")
    assert json.loads(row[4]) == {"sku": "A-1", "left": 3}
    assert str(row[5]).lower() == str(correlation)
    assert row[6] == row[7]


@pytest.mark.req("CRM-10")
def test_context_that_is_not_json_is_kept_wrapped_instead_of_failing(crm_conn: Any, clean_log: int) -> None:
    """Logging never becomes the reason an operation fails: invalid JSON is stored as {"raw": ...}."""
    context = fetch_all(crm_conn, """
        DECLARE @Id bigint;
        EXEC crm.CRMSP_WriteLog @Severity = 'INFO', @Source = N'tests', @Message = N'x',
            @Context = N'no es json', @LogId = @Id OUTPUT;
        SELECT Context FROM crm.Log WHERE LogId = @Id;""")[0][0]
    assert json.loads(context) == {"raw": "no es json"}


@pytest.mark.req("CRM-10")
def test_a_log_row_written_inside_a_transaction_that_rolls_back_disappears(crm_conn: Any, clean_log: int) -> None:
    """Decision: the row belongs to the caller's transaction; ROLLBACK removes it like any other write."""
    correlation = str(uuid.uuid4())
    execute_all(crm_conn, """
        BEGIN TRANSACTION;
        EXEC crm.CRMSP_WriteLog @Severity = 'INFO', @Source = N'tests', @Message = N'se revierte',
            @CorrelationId = ?;
        ROLLBACK TRANSACTION;""", correlation)
    assert fetch_all(crm_conn, "SELECT COUNT(*) FROM crm.Log WHERE CorrelationId = ?", correlation)[0][0] == 0


@pytest.mark.req("CRM-10")
def test_entries_captured_in_a_table_variable_survive_the_rollback(crm_conn: Any, clean_log: int) -> None:
    """The crm.LogEntryList pattern: captured during the transaction, flushed after ROLLBACK, kept."""
    correlation = str(uuid.uuid4())
    execute_all(crm_conn, """
        DECLARE @Captured crm.LogEntryList;
        BEGIN TRANSACTION;
        INSERT INTO @Captured (Severity, Source, Message, Context, CorrelationId)
        VALUES ('INFO', N'tests', N'paso 1', N'{"paso":1}', ?), ('ERROR', N'tests', N'paso 2', NULL, ?);
        ROLLBACK TRANSACTION;
        EXEC crm.CRMSP_WriteLogBatch @Entries = @Captured;""", correlation, correlation)
    rows = fetch_all(crm_conn, "SELECT Severity, Message FROM crm.Log WHERE CorrelationId = ? ORDER BY LogId",
                     correlation)
    assert rows == [("INFO", "paso 1"), ("ERROR", "paso 2")]


@pytest.mark.req("CRM-10")
def test_a_failing_procedure_rolls_back_logs_the_real_error_and_raises_the_friendly_one(
    crm_conn: Any, clean_log: int, sale_row: dict[str, int]
) -> None:
    """Course template, own transaction: amount unchanged, log row with error 547, caller sees 60001."""
    before = fetch_all(crm_conn, "SELECT Amount FROM crm.Sale WHERE SaleId = ?", sale_row["sale"])[0][0]
    with pytest.raises(pyodbc.Error) as raised:
        execute_all(crm_conn, "EXEC crm.CRMSP_AdjustSaleAmount @SaleId = ?, @NewAmount = -1.00", sale_row["sale"])
    logged = fetch_all(crm_conn, "SELECT Severity, ErrorNumber, CorrelationId FROM crm.Log "
                                 "WHERE LogId > ? AND Source = N'crm.CRMSP_AdjustSaleAmount'", clean_log)
    after = fetch_all(crm_conn, "SELECT Amount FROM crm.Sale WHERE SaleId = ?", sale_row["sale"])[0][0]
    assert "60001" in str(raised.value)
    assert len(logged) == 1 and logged[0][:2] == ("ERROR", 547)
    assert str(logged[0][2]).lower() in str(raised.value).lower()
    assert after == before


@pytest.mark.req("CRM-10")
def test_inside_a_callers_transaction_the_original_error_reaches_the_owner_which_logs_after_rollback(
    crm_conn: Any, clean_log: int, sale_row: dict[str, int]
) -> None:
    """Nested call: the procedure does not log (its row would be rolled back) and re-throws 547 unchanged."""
    result = fetch_all(crm_conn, """
        DECLARE @Number int;
        BEGIN TRANSACTION;
        BEGIN TRY
            EXEC crm.CRMSP_AdjustSaleAmount @SaleId = ?, @NewAmount = -1.00;
        END TRY
        BEGIN CATCH
            SET @Number = ERROR_NUMBER();
            IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
            EXEC crm.CRMSP_WriteLog @Severity = 'ERROR', @Source = N'tests.owner', @Message = N'owner logs',
                @ErrorNumber = @Number;
        END CATCH;
        SELECT @Number, @@TRANCOUNT,
            (SELECT COUNT(*) FROM crm.Log WHERE LogId > ? AND Source = N'crm.CRMSP_AdjustSaleAmount'),
            (SELECT COUNT(*) FROM crm.Log WHERE LogId > ? AND Source = N'tests.owner' AND ErrorNumber = 547);""",
                       sale_row["sale"], clean_log, clean_log)[0]
    assert tuple(result) == (547, 0, 0, 1)
