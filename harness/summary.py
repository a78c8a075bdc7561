"""The end-of-run summary of the test suite: which engines ran for real and where, skips by reason, tests per
requirement. pytest prints it (tests/conftest.py); with PROMPTSALES_SUMMARY_FILE set it is also written there as
Markdown, which the full-engine workflow uploads as an artifact and appends to the job summary."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from harness.folders import ENGINES

SUMMARY_FILE_ENV = "PROMPTSALES_SUMMARY_FILE"


@dataclass
class RunSummary:
    """engines: key -> (state, detail) with state one of "real", "unavailable", "not provisioned";
    outcomes: requirement ID -> Counter of "passed"/"skipped"/"failed"; totals: pytest's counts per outcome."""

    engines: dict[str, tuple[str, str]]
    skip_reasons: Counter[str] = field(default_factory=Counter)
    outcomes: Mapping[str, Counter[str]] = field(default_factory=dict)
    totals: Mapping[str, int] = field(default_factory=dict)

    def engine_lines(self) -> list[str]:
        return [f"{key:<14} {self._engine_text(key)}" for key in ENGINES]

    def requirement_lines(self) -> list[str]:
        return [f"{req:<10} {c['passed']:>4} passed {c['skipped']:>4} skipped {c['failed']:>4} failed"
                for req, c in self.outcomes.items()]

    def _engine_text(self, key: str) -> str:
        state, detail = self.engines.get(key, ("not provisioned", "no selected test got as far as needing it"))
        return f"{state}: {detail}"

    def markdown(self) -> str:
        def cell(text: str) -> str:
            return text.replace("|", "\\|").replace("\n", " ")

        totals = ", ".join(f"{n} {outcome}" for outcome, n in self.totals.items() if n) or "no tests ran"
        lines = ["## PromptSales test summary", "", f"**Result:** {totals}", "", "### Engines", "",
                 "| Engine | State | Where / reason |", "|---|---|---|"]
        for key in ENGINES:
            state, detail = self.engines.get(key, ("not provisioned", "no selected test got as far as needing it"))
            lines.append(f"| `{key}` | {cell(state)} | {cell(detail)} |")
        if self.skip_reasons:
            lines += ["", "### Skipped tests by reason", "", "| Tests | Reason |", "|---:|---|"]
            lines += [f"| {n} | {cell(reason)} |" for reason, n in self.skip_reasons.most_common()]
        lines += ["", "### Tests per requirement", "", "| Requirement | Passed | Skipped | Failed |",
                  "|---|---:|---:|---:|"]
        lines += [f"| {req} | {c['passed']} | {c['skipped']} | {c['failed']} |" for req, c in self.outcomes.items()]
        return "\n".join(lines) + "\n"


def write_summary_file(summary: RunSummary, environ: Mapping[str, str] = os.environ) -> Path | None:
    """Write the Markdown summary to $PROMPTSALES_SUMMARY_FILE (parents created); nothing when it is unset."""
    target = environ.get(SUMMARY_FILE_ENV, "").strip()
    if not target:
        return None
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(summary.markdown(), encoding="utf-8")
    return path
