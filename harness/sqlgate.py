"""Static SQL gate: every .sql parses with sqlfluff (tsql / postgres) with no unparsable section.

sqlfluff 4.5 cannot parse a few T-SQL statements. A script may declare them in its header with
`-- sqlfluff-unparsable: CREATE CERTIFICATE, BACKUP CERTIFICATE`; then, in that script only, an unparsable
section is accepted when every statement it covers is of a declared kind, and every declared kind is in
ALLOWED. Everything else must parse.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ALLOWED = {
    "CREATE CERTIFICATE": r"CREATE\s+CERTIFICATE\b",
    "CREATE SYMMETRIC KEY": r"CREATE\s+SYMMETRIC\s+KEY\b",
    "CLOSE SYMMETRIC KEY": r"CLOSE\s+SYMMETRIC\s+KEY\b",
    "CLOSE ALL SYMMETRIC KEYS": r"CLOSE\s+ALL\s+SYMMETRIC\s+KEYS\b",
    "OPEN MASTER KEY": r"OPEN\s+MASTER\s+KEY\b",
    "CREATE MASTER KEY": r"CREATE\s+MASTER\s+KEY\b",
    "BACKUP CERTIFICATE": r"BACKUP\s+CERTIFICATE\b",
    "BACKUP MASTER KEY": r"BACKUP\s+MASTER\s+KEY\b",
    "BACKUP DATABASE": r"BACKUP\s+DATABASE\b",
    "RESTORE": r"RESTORE\b",
    "SET QUERY_STORE": r"ALTER\s+DATABASE\s+\S+\s+SET\s+QUERY_STORE\b",
    "CREATE DATABASE ENCRYPTION KEY": r"CREATE\s+DATABASE\s+ENCRYPTION\s+KEY\b",
}
DECLARATION = re.compile(r"^--\s*sqlfluff-unparsable:\s*(?P<kinds>.+)$", re.MULTILINE | re.IGNORECASE)
_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
_LEADING = re.compile(r"^(?:(?:BEGIN|END|ELSE)\b\s*)+", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    line: int
    message: str


@lru_cache(maxsize=2)
def _linter(dialect: str):  # sqlfluff is imported lazily: it is slow to import
    from sqlfluff.core import FluffConfig, Linter  # noqa: PLC0415

    # Our header line "-- sqlfluff-unparsable: …" looks like an inline sqlfluff directive to sqlfluff,
    # which warns about it; the gate reads that line itself.
    logging.getLogger("sqlfluff").setLevel(logging.ERROR)

    return Linter(config=FluffConfig(overrides={"dialect": dialect}))


def declared_kinds(source: str) -> tuple[set[str], list[str]]:
    kinds: set[str] = set()
    unknown: list[str] = []
    for match in DECLARATION.finditer(source):
        for kind in (k.strip().upper() for k in match["kinds"].split(",")):
            (kinds.add if kind in ALLOWED else unknown.append)(kind)
    return kinds, unknown


_GO = re.compile(r"^\s*GO(?:\s+\d+)?\s*$", re.IGNORECASE | re.MULTILINE)


def _split_statements(text: str) -> list[str]:
    """Split on semicolons and GO lines outside quotes, brackets and comments."""
    parts, current, closer, i = [], [], "", 0
    text = _GO.sub(";", _COMMENTS.sub(" ", text))
    while i < len(text):
        ch = text[i]
        if closer:
            current.append(ch)
            if ch == closer:
                closer = ""
        elif ch in "'[\"":
            closer = {"'": "'", "[": "]", '"': '"'}[ch]
            current.append(ch)
        elif ch == ";":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return [p for p in (_LEADING.sub("", p.strip()) for p in parts) if p]


def check(path: Path, dialect: str) -> list[Finding]:
    """Problems sqlfluff finds in `path` that the declaration does not excuse."""
    source = path.read_text(encoding="utf-8")
    kinds, unknown = declared_kinds(source)
    findings = [Finding(1, f"declares {k!r}, which is not an allowed unparsable kind") for k in unknown]
    if kinds and dialect != "tsql":
        findings.append(Finding(1, "sqlfluff-unparsable declarations are only for T-SQL scripts"))
    parsed = _linter(dialect).parse_string(source, fname=str(path))
    if parsed.tree is None:
        return [*findings, Finding(1, f"sqlfluff could not parse the file: {parsed.violations[:1]}")]
    for violation in parsed.violations:
        if "unparsable" not in str(violation).lower():
            findings.append(Finding(getattr(violation, "line_no", 1), str(violation)))
    patterns = [re.compile(rf"(?:IF\b.*?(?:\)|\bBEGIN)\s*)?{ALLOWED[k]}", re.IGNORECASE | re.DOTALL)
                for k in kinds]
    for segment in parsed.tree.recursive_crawl("unparsable"):
        line = segment.pos_marker.working_line_no if segment.pos_marker else 1
        statement = next((step.segment for step in reversed(parsed.tree.path_to(segment))
                          if step.segment.is_type("statement")), None)
        stop = segment.pos_marker.source_slice.stop
        # The section may start mid-statement (CLOSE SYMMETRIC |KEY k) or inside a guard (IF … |CREATE
        # CERTIFICATE): it is excused when, read from its own start or from its statement's start, every
        # statement it covers is of a declared kind.
        starts = {segment.pos_marker.source_slice.start}
        if statement is not None:
            starts.add(statement.pos_marker.source_slice.start)
        leftovers = [[s for s in _split_statements(source[start:stop]) if not any(p.match(s) for p in patterns)]
                     for start in sorted(starts)]
        if all(leftovers):
            snippet = re.sub(r"\s+", " ", leftovers[0][0])[:70]
            findings.append(Finding(line, f"unparsable section not covered by a declaration: {snippet!r}"))
    return findings
