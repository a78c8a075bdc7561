"""The psql runner on a real PostgreSQL: psql semantics, the run's parameters, errors with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.folders import Folder
from harness.runner import ScriptError, run_folder, run_psql_file
from harness.settings import Settings

pytestmark = [pytest.mark.postgres]


@pytest.fixture
def scratch_db(pg_server):
    pg_server.drop_database("harness_scratch")
    pg_server.create_database("harness_scratch")
    yield "harness_scratch"
    pg_server.drop_database("harness_scratch")


@pytest.mark.req("OPS-5")
def test_a_failing_statement_stops_the_script_and_names_file_and_line(pg_server, scratch_db, tmp_path: Path) -> None:
    """ON_ERROR_STOP: the error names the file and line, and the script's transaction leaves nothing."""
    script = tmp_path / "010_create_things.sql"
    script.write_text("BEGIN;\nCREATE TABLE public.thing (id int);\n\nINSERT INTO public.thing VALUES ('x');\n"
                      "COMMIT;\n", encoding="utf-8")
    with pytest.raises(ScriptError) as error:
        run_psql_file(pg_server, script, scratch_db, Settings(scale="small"))
    assert error.value.line == 4 and error.value.path.endswith("010_create_things.sql")
    assert "invalid input syntax for type integer" in error.value.message
    with pg_server.connect(scratch_db) as conn:
        assert conn.execute("SELECT to_regclass('public.thing')").fetchone()[0] is None


@pytest.mark.req("OPS-5")
def test_scripts_see_the_run_parameters_as_custom_settings(pg_server, scratch_db, tmp_path: Path) -> None:
    """Scale, as-of date and seed reach psql scripts through PGOPTIONS (current_setting)."""
    script = tmp_path / "010_create_params.sql"
    script.write_text("CREATE TABLE public.params AS SELECT current_setting('promptsales.scale', true) AS scale,"
                      " current_setting('promptsales.as_of', true)::date AS as_of,"
                      " current_setting('promptsales.seed', true)::int AS seed;\n", encoding="utf-8")
    run_psql_file(pg_server, script, scratch_db, Settings(scale="small", seed=7))
    with pg_server.connect(scratch_db) as conn:
        row = conn.execute("SELECT scale, as_of::text, seed FROM public.params").fetchone()
    assert row == ("small", "2026-01-31", 7)


@pytest.mark.req("OPS-5")
def test_a_folder_runs_in_numeric_order_and_stops_at_the_first_failing_script(
        pg_server, scratch_db, tmp_path: Path, monkeypatch) -> None:
    """020 runs after 010, 030 fails, 040 never runs; the error names 030 and its line."""
    (tmp_path / "010_create_log.sql").write_text("CREATE TABLE public.run_log (step text);\n", encoding="utf-8")
    (tmp_path / "020_seed_log.sql").write_text("INSERT INTO public.run_log VALUES ('020');\n", encoding="utf-8")
    (tmp_path / "030_seed_broken.sql").write_text("-- header\nSELECT * FROM public.missing;\n", encoding="utf-8")
    (tmp_path / "040_seed_late.sql").write_text("INSERT INTO public.run_log VALUES ('040');\n", encoding="utf-8")
    folder = Folder("scratch", str(tmp_path), "postgres", "psql", scratch_db)
    monkeypatch.setattr(Folder, "directory", property(lambda self: Path(self.path)))
    with pytest.raises(ScriptError, match=r"030_seed_broken.sql:2"):
        run_folder(folder, {"postgres": pg_server}, Settings(scale="small"))
    with pg_server.connect(scratch_db) as conn:
        assert conn.execute("SELECT array_agg(step) FROM public.run_log").fetchone()[0] == ["020"]


@pytest.mark.req("SAL-6", "CON-2")
def test_the_postgres_server_offers_pgvector_and_pg_stat_statements(pg_server) -> None:
    """pgvector (PromptContent's index) and pg_stat_statements (preloaded) are usable."""
    with pg_server.connect() as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        assert conn.execute("SELECT '[1,0]'::vector <=> '[0,1]'::vector").fetchone()[0] == pytest.approx(1.0)
        assert conn.execute("SHOW shared_preload_libraries").fetchone()[0].find("pg_stat_statements") >= 0
        assert conn.execute("SELECT count(*) >= 0 FROM pg_stat_statements").fetchone()[0] is True
        conn.rollback()
