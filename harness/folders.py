"""The script folders, the engine and database each targets, and the order they run in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from harness import REPO_ROOT

Kind = Literal["tsql", "psql", "mongo", "redis"]


@dataclass(frozen=True)
class Folder:
    key: str                  # short name used on the command line: `python -m harness run ads`
    path: str                 # relative to the repository root
    engine: str               # key of the engine it runs on
    kind: Kind
    database: str | None      # database the scripts run in (T-SQL scripts switch with USE themselves)
    requires: tuple[str, ...] = ()
    # A module run as `python -m <post> --pg-uri … [--mongo-uri …]` after the scripts, by `up` and `run`:
    # work a SQL script cannot do (computing embeddings). Tests build what they need themselves.
    post: str | None = None

    @property
    def directory(self) -> Path:
        return REPO_ROOT / self.path

    @property
    def script_dir(self) -> Path:
        """Where the numbered scripts are: the folder itself, or lua/ for Redis (redis.conf sits beside it)."""
        return self.directory / "lua" if self.kind == "redis" else self.directory


FOLDERS: tuple[Folder, ...] = (
    Folder("redis", "redis", "redis", "redis", None),
    Folder("sales", "postgres_sales", "postgres", "psql", "promptsales"),
    Folder("content", "mongo_content", "mongo", "mongo", "promptcontent"),
    Folder("content_vectors", "mongo_content/pgvector", "postgres", "psql", "promptcontent",
           post="promptcontent.index"),
    Folder("ads", "sqlserver_ads", "mssql_ads", "tsql", "PromptAds"),
    Folder("crm", "sqlserver_crm", "mssql_crm", "tsql", "PromptCrm", requires=("ads",)),
)

BY_KEY = {f.key: f for f in FOLDERS}
ENGINES = ("postgres", "redis", "mongo", "mssql_ads", "mssql_crm", "mssql_restore")


def folder(key: str) -> Folder:
    try:
        return BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown folder {key!r}; choose one of {', '.join(BY_KEY)}") from None
