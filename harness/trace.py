"""Traceability: for every requirement ID of the brief, the tests that prove it (from their
@pytest.mark.req markers, read statically) and the scripts whose header names it."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

from harness import REPO_ROOT
from harness.folders import FOLDERS
from harness.runner import scripts_of

BRIEF = REPO_ROOT / "docs" / "brief" / "REQUIREMENTS.md"
OUTPUT = REPO_ROOT / "docs" / "trazabilidad.md"
_ID = re.compile(r"\*\*([A-Z]{2,3}(?:-[A-Z]+)?-?\d+)\*\*")
_MENTION = re.compile(r"\b([A-Z]{2,3}(?:-[A-Z]+)?-?\d+)\b")


def requirements() -> dict[str, str]:
    """ID -> first sentence of its text in the brief, in the brief's order."""
    result: dict[str, str] = {}
    for line in BRIEF.read_text(encoding="utf-8").splitlines():
        for match in _ID.finditer(line):
            rest = line[match.end():].strip()
            rest = re.split(r"\*\*[A-Z]", rest)[0].strip(" .")
            result.setdefault(match[1], rest if len(rest) <= 110 else rest[:110].rsplit(' ', 1)[0] + ' …')
    return result


def _req_args(node: ast.expr) -> list[str]:
    """IDs in a `pytest.mark.req("A", "B")` expression (or a list of marks)."""
    found: list[str] = []
    for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr == "req":
            found += [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    return found


def tests_by_requirement() -> dict[str, list[str]]:
    result: dict[str, list[str]] = defaultdict(list)
    for path in sorted((REPO_ROOT / "tests").rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_ids = [i for n in tree.body if isinstance(n, ast.Assign)
                      and any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in n.targets)
                      for i in _req_args(n.value)]
        rel = path.relative_to(REPO_ROOT)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                ids = module_ids + [i for d in node.decorator_list for i in _req_args(d)]
                for req in dict.fromkeys(ids):
                    result[req].append(f"{rel}::{node.name}")
    return result


def scripts_by_requirement() -> dict[str, list[str]]:
    result: dict[str, list[str]] = defaultdict(list)
    for folder in FOLDERS:
        for script in scripts_of(folder):
            head = "\n".join(script.path.read_text(encoding="utf-8").splitlines()[:40])
            for req in mentioned(head):
                result[req].append(str(script.path.relative_to(REPO_ROOT)))
    return result


def mentioned(text: str) -> list[str]:
    """Requirement IDs of the brief named in `text` (ranges such as `ADS-1..ADS-6` expanded); strings that
    merely look like IDs (AES-256, SHA2-256) are not requirements and are ignored."""
    known = requirements()
    return [i for i in dict.fromkeys(_expand(text)) if i in known]


def _expand(text: str) -> list[str]:
    """IDs mentioned in a header, expanding ranges written as `ADS-1..ADS-6` or `CRM-1 … CRM-13`."""
    ids = _MENTION.findall(text)
    for a, b in re.findall(r"\b([A-Z]{2,3}-\d+)\s*(?:\.\.|…|–)\s*([A-Z]{2,3}-\d+)\b", text):
        prefix, start, end = a.rsplit("-", 1)[0], int(a.rsplit("-", 1)[1]), int(b.rsplit("-", 1)[1])
        if prefix == b.rsplit("-", 1)[0]:
            ids += [f"{prefix}-{n}" for n in range(start, end + 1)]
    return ids


def render() -> str:
    reqs = requirements()
    tests, scripts = tests_by_requirement(), scripts_by_requirement()
    lines = ["# Trazabilidad de requisitos", "",
             "Generado por `python -m harness trace` a partir de los marcadores `@pytest.mark.req` de las pruebas y",
             "de los encabezados de los scripts numerados. No editar a mano: una prueba comprueba que está al día.",
             "", "| Requisito | Enunciado (resumen) | Pruebas | Scripts |", "|---|---|---|---|"]
    for req, text in reqs.items():
        lines.append(f"| {req} | {text.replace('|', '/')} | {len(tests.get(req, []))} | "
                     f"{len(scripts.get(req, []))} |")
    lines += ["", "## Detalle por requisito", ""]
    for req in reqs:
        if not tests.get(req) and not scripts.get(req):
            continue
        lines.append(f"### {req}")
        lines += [f"- prueba `{t}`" for t in tests.get(req, [])]
        lines += [f"- script `{s}`" for s in scripts.get(req, [])]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write(path: Path = OUTPUT) -> Path:
    path.write_text(render(), encoding="utf-8")
    return path
