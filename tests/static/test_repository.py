"""Static gates on the repository itself: encodings, script naming and numbering, headers, Python lint."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from harness import REPO_ROOT
from harness.folders import FOLDERS
from harness.runner import scripts_of
from harness.scripts import SCRIPT_NAME
from harness.trace import mentioned

pytestmark = [pytest.mark.static]

TEXT_SUFFIXES = {".sql", ".py", ".md", ".yaml", ".yml", ".json", ".lua", ".conf", ".sh", ".toml", ".txt",
                 ".cfg", ".ini", ".j2", ".csv"}


def tracked_files() -> list[Path]:
    """Files git tracks or would track (untracked but not ignored): what a clone would contain."""
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=REPO_ROOT,
                         capture_output=True, text=True, check=True).stdout
    return [REPO_ROOT / line for line in out.splitlines() if (REPO_ROOT / line).is_file()]


def text_files() -> list[Path]:
    return [p for p in tracked_files() if p.suffix in TEXT_SUFFIXES or p.name in {".gitignore", "run"}]


@pytest.mark.req("OPS-5")
def test_every_text_file_is_utf8_without_bom_with_lf_endings() -> None:
    """Every text file is UTF-8 without BOM and uses LF line endings (no UTF-16, no cp1252, no CRLF)."""
    problems = []
    for path in text_files():
        data = path.read_bytes()
        rel = path.relative_to(REPO_ROOT)
        if data.startswith(b"\xef\xbb\xbf"):
            problems.append(f"{rel}: BOM")
        if b"\r" in data:
            problems.append(f"{rel}: CR")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(f"{rel}: not UTF-8 ({exc})")
    assert problems == []


@pytest.mark.req("OPS-5")
def test_no_path_in_the_repository_contains_spaces() -> None:
    """Paths have no spaces, so every script can be named on a command line unquoted."""
    assert [str(p.relative_to(REPO_ROOT)) for p in tracked_files() if " " in str(p.relative_to(REPO_ROOT))] == []


@pytest.mark.req("OPS-5")
@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.path)
def test_script_folders_hold_only_uniquely_numbered_well_named_scripts(folder) -> None:
    """Scripts are NNN_verb_object files, no two share a number (discovery raises otherwise)."""
    scripts = scripts_of(folder)  # raises DuplicateScriptNumber on a clash
    ext = {"tsql": ".sql", "psql": ".sql", "mongo": ".py", "redis": ".lua"}[folder.kind]
    candidates = [p for p in folder.script_dir.glob(f"*{ext}") if p.is_file() and not p.name.startswith("_")]
    misnamed = [p.name for p in candidates if not SCRIPT_NAME.match(p.name)]
    assert misnamed == []
    assert len({s.number for s in scripts}) == len(scripts)


HEADER_LINES = 5


def _header(path: Path) -> list[str]:
    """Leading comment lines (`--`, `/* … */`, Lua `--[[ … ]]`, `#`, or a Python docstring)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header: list[str] = []
    in_block = False
    for line in lines:
        stripped = line.strip()
        if in_block:
            header.append(stripped)
            if "*/" in stripped or stripped.endswith(('"""', "]]")):
                in_block = False
            continue
        if stripped.startswith("--[["):
            header.append(stripped)
            in_block = not stripped.endswith("]]")
        elif stripped.startswith(("--", "#")):
            header.append(stripped)
        elif stripped.startswith(("/*", '"""')):
            header.append(stripped)
            closed = stripped.endswith("*/") or (stripped.count('"""') >= 2)
            in_block = not closed
        elif stripped == "" and header:
            continue
        else:
            break
    return header


@pytest.mark.req("OPS-5")
@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.path)
def test_every_numbered_script_starts_with_a_header_naming_its_requirements(folder) -> None:
    """Each script opens with a header of several lines that names a requirement ID of the brief."""
    problems = []
    for script in scripts_of(folder):
        header = _header(script.path)
        if len(header) < HEADER_LINES:
            problems.append(f"{script.name}: header of {len(header)} lines")
        elif not mentioned("\n".join(header)):
            problems.append(f"{script.name}: header names no requirement ID")
    assert problems == []


@pytest.mark.req("OPS-5")
def test_tsql_scripts_need_no_sqlcmd_mode() -> None:
    """T-SQL scripts use no sqlcmd-only commands (:setvar, :r, $(var)), so SSMS runs them unchanged."""
    problems = []
    for folder in (f for f in FOLDERS if f.kind == "tsql"):
        for script in scripts_of(folder):
            for number, line in enumerate(script.path.read_text(encoding="utf-8").splitlines(), 1):
                if re.match(r"^\s*:(setvar|r|on|connect|out|error)\b", line, re.I) or re.search(r"\$\(\w+\)", line):
                    problems.append(f"{script.name}:{number}")
    assert problems == []


@pytest.mark.req("OPS-5")
def test_python_code_is_ruff_clean() -> None:
    """ruff finds nothing in the repository's Python (configuration in pyproject.toml)."""
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=REPO_ROOT,
                          capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.req("NFR-SEC5")
def test_no_environment_files_or_private_keys_are_committed() -> None:
    """No .env files, key material or certificate backups are part of the repository."""
    forbidden = re.compile(r"(^|/)\.env(\..*)?$|\.(pem|key|pvk|cer|bak|pfx)$")
    assert [str(p.relative_to(REPO_ROOT)) for p in tracked_files()
            if forbidden.search(str(p.relative_to(REPO_ROOT)))] == []
