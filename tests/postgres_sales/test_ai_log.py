"""LOG-1: the AI-usage log (bitacora_ia.md) as the table audit.ai_usage_log."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

pytestmark = pytest.mark.postgres

BITACORA = Path(__file__).resolve().parents[2] / "bitacora_ia.md"
FIELDS = ["logged_at", "author", "prompt", "result", "validation_method", "optimisations"]

SAMPLE = """# Bitácora

| Fecha y hora (UTC) | Autor | Prompt | Resultado | Método de validación | Optimizaciones y anti-hardcoding |
|---|---|---|---|---|---|
| 2026-11-25 01:10 | Ana Mora | Generar el ETL con `a \\| b` | Funciones etl.* | pytest | Parámetros por GUC |
| 2026-11-25 02:00 UTC | Luis Leiva | Revisar RLS | Políticas | SET ROLE | Sin valores fijos |

| Otra tabla | x |
|---|---|
| no | se carga |
"""


@pytest.mark.req("LOG-1")
def test_the_loader_reads_every_row_of_the_log_table_with_all_six_fields(sales_conn) -> None:
    """Two rows load with an escaped pipe kept inside a cell; other tables of the file are ignored."""
    loaded = sales_conn.execute("SELECT audit.load_ai_log(%s)", (SAMPLE,)).fetchone()[0]
    rows = sales_conn.execute(f"SELECT {', '.join(FIELDS)} FROM audit.ai_usage_log ORDER BY entry_no").fetchall()
    assert loaded == 2
    assert rows[0][2] == "Generar el ETL con `a | b`"
    assert rows[1][0].isoformat() == "2026-11-25T02:00:00+00:00"
    assert all(all(v not in (None, "") for v in row) for row in rows)


@pytest.mark.req("LOG-1")
def test_loading_the_same_log_twice_keeps_one_row_per_entry(sales_conn) -> None:
    """The table mirrors the file: a second load changes nothing, a shorter file removes the extra rows."""
    sales_conn.execute("SELECT audit.load_ai_log(%s)", (SAMPLE,))
    first = sales_conn.execute("SELECT entry_no, row_checksum, loaded_at FROM audit.ai_usage_log ORDER BY 1"
                               ).fetchall()
    sales_conn.execute("SELECT audit.load_ai_log(%s)", (SAMPLE,))
    second = sales_conn.execute("SELECT entry_no, row_checksum, loaded_at FROM audit.ai_usage_log ORDER BY 1"
                                ).fetchall()
    shorter = "\n".join(line for line in SAMPLE.splitlines() if "Luis Leiva" not in line)
    sales_conn.execute("SELECT audit.load_ai_log(%s)", (shorter,))
    assert first == second
    assert sales_conn.execute("SELECT count(*) FROM audit.ai_usage_log").fetchone()[0] == 1


@pytest.mark.req("LOG-1")
@pytest.mark.parametrize("bad_line", [
    "| 2026-11-25 01:10 | Ana Mora | Prompt | Resultado | pytest |",
    "| ayer | Ana Mora | Prompt | Resultado | pytest | nada |",
    "| 2026-11-25 01:10 | Ana Mora |  | Resultado | pytest | nada |",
])
def test_a_row_with_a_missing_field_or_a_bad_date_is_rejected_with_ps030(sales_conn, bad_line) -> None:
    """A malformed row stops the load (nothing is half-loaded) with SQLSTATE PS030."""
    header = SAMPLE.split("\n")[2:4]
    with pytest.raises(psycopg.Error) as raised, sales_conn.transaction():
        sales_conn.execute("SELECT audit.load_ai_log(%s)", ("\n".join([*header, bad_line]),))
    assert raised.value.sqlstate == "PS030"


@pytest.mark.req("LOG-1")
def test_the_repository_bitacora_is_loaded_and_every_row_has_every_field(sales_conn) -> None:
    """110_load_ai_log.sql loaded bitacora_ia.md: as many rows as the file's table, none with an empty field."""
    if not BITACORA.exists():
        pytest.skip("bitacora_ia.md is not in the repository yet")
    text = BITACORA.read_text(encoding="utf-8")
    preloaded = sales_conn.execute("SELECT count(*) FROM audit.ai_usage_log").fetchone()[0]
    expected = sales_conn.execute("SELECT audit.load_ai_log(%s)", (text,)).fetchone()[0]
    rows = sales_conn.execute(f"SELECT {', '.join(FIELDS)} FROM audit.ai_usage_log ORDER BY entry_no").fetchall()
    assert expected >= 1
    assert preloaded == expected
    assert len(rows) == expected
    assert [r for r in rows if any(v is None or (isinstance(v, str) and not v.strip()) for v in r)] == []
