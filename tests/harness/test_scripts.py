"""Script discovery and sqlcmd-compatible batch splitting (no engine needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.scripts import DuplicateScriptNumber, discover, has_code, split_batches

pytestmark = [pytest.mark.static]


@pytest.mark.req("OPS-5")
def test_go_lines_split_batches_and_go_n_repeats_the_batch() -> None:
    """GO alone on a line ends a batch; `GO 3` (any case, trailing comment allowed) repeats it."""
    batches = split_batches("SELECT 1;\nGO\nINSERT t VALUES (1);\n  go 3   -- three rows\nPRINT 'x'\n")
    assert [(b.text, b.first_line, b.repeat) for b in batches] == [
        ("SELECT 1;", 1, 1), ("INSERT t VALUES (1);", 3, 3), ("PRINT 'x'", 5, 1)]


@pytest.mark.req("OPS-5")
def test_go_inside_strings_comments_and_identifiers_does_not_split() -> None:
    """A GO line inside a string, a nested block comment or a [bracketed] name belongs to the batch."""
    source = ("/* outer /* inner\nGO\n*/ still comment\nGO\n*/\nSELECT N'it''s\nGO\n' AS [a\nGO\n]\nGO\nSELECT 2\n")
    batches = split_batches(source)
    assert len(batches) == 2
    assert batches[0].text.endswith("]") and batches[0].first_line == 1
    assert (batches[1].text, batches[1].first_line) == ("SELECT 2", 12)


@pytest.mark.req("OPS-5")
def test_batches_of_only_comments_are_dropped() -> None:
    """A batch holding only comments and blank lines is not sent to the server."""
    assert split_batches("-- header\n/* note */\nGO\n\nGO\nSELECT 1\n")[0].first_line == 6
    assert len(split_batches("-- header\n/* note */\nGO\n\nGO\nSELECT 1\n")) == 1


@pytest.mark.req("OPS-5")
def test_discovery_orders_by_number_and_rejects_duplicate_numbers(tmp_path: Path) -> None:
    """Scripts run in numeric order; two scripts with one number stop discovery with both names."""
    for name in ("020_seed_b.sql", "010_create_a.sql", "notes.md", "100_demo_c.sql"):
        (tmp_path / name).write_text("-- x\n", encoding="utf-8")
    assert [s.name for s in discover(tmp_path, ("sql",))] == ["010_create_a.sql", "020_seed_b.sql", "100_demo_c.sql"]
    (tmp_path / "020_seed_again.sql").write_text("-- x\n", encoding="utf-8")
    with pytest.raises(DuplicateScriptNumber, match=r"020_seed_again\.sql and 020_seed_b\.sql share number 020"):
        discover(tmp_path, ("sql",))


@pytest.mark.req("OPS-5")
@pytest.mark.timeout(10)
def test_long_comment_rulers_split_without_catastrophic_backtracking() -> None:
    """Batches opening with long lines of dashes split at once (a regex once hung on them)."""
    ruler = "-" * 94
    source = "\n".join([ruler, "-- Section: reference data", ruler, "SELECT 1;", "GO",
                        ruler, ruler, "GO", f"/* {ruler} */", "SELECT 2;", "GO"] * 200)
    batches = split_batches(source)
    assert [b.text.splitlines()[-1] for b in batches[:2]] == ["SELECT 1;", "SELECT 2;"]
    assert len(batches) == 400


@pytest.mark.req("OPS-5")
def test_code_is_told_apart_from_comments() -> None:
    """Only whitespace, line comments and (nested) block comments count as 'no code'."""
    assert not has_code("-- a\n   /* b /* nested */ still */\n\t-- c")
    assert has_code("/* a */ SELECT 1")
    assert has_code("-- a\nPRINT 'x'")
