"""Discovery of numbered scripts and sqlcmd-compatible batch splitting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SCRIPT_NAME = re.compile(r"^(?P<number>\d{3})_(?P<verb>[a-z0-9]+)(?:_[a-z0-9]+)*(?:-\d+)?\.(?P<ext>sql|py|lua)$")
GO_LINE = re.compile(r"^\s*go(?:\s+(?P<count>\d+))?\s*(?:--.*)?$", re.IGNORECASE)


class DuplicateScriptNumber(ValueError):
    """Two scripts of one folder share a number, so their order would be ambiguous."""


@dataclass(frozen=True)
class Script:
    number: int
    path: Path

    @property
    def name(self) -> str:
        return self.path.name


def discover(directory: Path, extensions: tuple[str, ...]) -> list[Script]:
    """Numbered scripts of `directory` (not recursive), in order; rejects duplicate numbers."""
    if not directory.is_dir():
        return []
    scripts: dict[int, Script] = {}
    for path in sorted(directory.iterdir()):
        match = SCRIPT_NAME.match(path.name)
        if not path.is_file() or not match or match["ext"] not in extensions:
            continue
        number = int(match["number"])
        if number in scripts:
            raise DuplicateScriptNumber(
                f"{directory.name}: {scripts[number].name} and {path.name} share number {number:03d}")
        scripts[number] = Script(number, path)
    return [scripts[n] for n in sorted(scripts)]


@dataclass(frozen=True)
class Batch:
    text: str
    first_line: int  # 1-based line of the file where the batch starts
    repeat: int = 1  # GO n runs the batch n times


def split_batches(source: str) -> list[Batch]:
    """Split T-SQL on GO lines as sqlcmd does: GO alone on its line (optionally `GO n` and a trailing
    `--` comment), case-insensitive, never inside a string, a bracketed or quoted identifier, or a
    (nestable) block comment. Batches holding only whitespace and comments are dropped."""
    batches: list[Batch] = []
    current: list[str] = []
    start = 1
    depth = 0          # block-comment nesting depth
    closer = ""        # closing char of an open string or identifier: ', ] or "
    for number, line in enumerate(source.splitlines(), start=1):
        if depth == 0 and not closer and (m := GO_LINE.match(line)):
            _flush(batches, current, start, int(m["count"] or 1))
            current, start = [], number + 1
            continue
        current.append(line)
        depth, closer = _scan(line, depth, closer)
    _flush(batches, current, start, 1)
    return batches


def _scan(line: str, depth: int, closer: str) -> tuple[int, str]:
    """Advance the lexical state over one line."""
    i, n = 0, len(line)
    while i < n:
        pair = line[i:i + 2]
        if depth:
            if pair == "/*":
                depth, i = depth + 1, i + 2
            elif pair == "*/":
                depth, i = depth - 1, i + 2
            else:
                i += 1
        elif closer:
            if line[i] == closer:
                if line[i + 1:i + 2] == closer:  # doubled closer is an escape
                    i += 2
                    continue
                closer = ""
            i += 1
        elif pair == "--":
            break
        elif pair == "/*":
            depth, i = 1, i + 2
        elif line[i] in "'[\"":
            closer = {"'": "'", "[": "]", '"': '"'}[line[i]]
            i += 1
        else:
            i += 1
    return depth, closer


def has_code(text: str) -> bool:
    """Whether `text` holds anything but whitespace and comments (a linear scan: a regex over comment
    runs backtracks catastrophically on long lines of dashes)."""
    depth = 0
    for line in text.splitlines():
        i, n = 0, len(line)
        while i < n:
            pair = line[i:i + 2]
            if depth:
                depth += 1 if pair == "/*" else -1 if pair == "*/" else 0
                i += 2 if pair in ("/*", "*/") else 1
            elif pair == "--":
                break
            elif pair == "/*":
                depth, i = 1, i + 2
            elif line[i].isspace():
                i += 1
            else:
                return True
    return False


def _flush(batches: list[Batch], lines: list[str], start: int, repeat: int) -> None:
    text = "\n".join(lines)
    if has_code(text):
        batches.append(Batch(text, start, repeat))
