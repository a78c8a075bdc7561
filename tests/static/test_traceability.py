"""The traceability table is generated from the code and kept current."""

from __future__ import annotations

import pytest

from harness import trace

pytestmark = [pytest.mark.static]


@pytest.mark.req("LOG-1", "OPS-5")
def test_traceability_table_matches_the_current_tests_and_scripts() -> None:
    """docs/trazabilidad.md equals what `python -m harness trace` generates now."""
    assert trace.OUTPUT.read_text(encoding="utf-8") == trace.render(), "run: python -m harness trace"


@pytest.mark.req("OPS-5")
def test_the_traceability_reader_finds_this_very_test() -> None:
    """The static marker reader sees module and function markers (it would miss tests if broken)."""
    found = trace.tests_by_requirement()
    assert "tests/static/test_traceability.py::test_the_traceability_reader_finds_this_very_test" in found["OPS-5"]
    assert set(found) <= set(trace.requirements())
