"""Session fixtures: one server per engine, each folder applied once, per-test isolation.

Engines come from the harness (URL → Docker → local). An engine that cannot be had skips the tests that
need it, with the reason, unless PROMPTSALES_REQUIRE names it (CI: postgres,redis): then they fail.
At the end the summary says which engines ran for real and where, and how many tests passed per
requirement ID of REQUIREMENTS.md.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import pytest

from harness.folders import folder
from harness.platform import Platform, is_required
from harness.runner import ScriptError, run_folder
from harness.settings import Settings
from harness.summary import RunSummary, write_summary_file
from harness.trace import requirements

_platform: Platform | None = None
_requirement_of: dict[str, tuple[str, ...]] = {}
_outcomes: dict[str, Counter[str]] = defaultdict(Counter)
_skip_reasons: Counter[str] = Counter()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test must name the requirement(s) it proves, with IDs that exist in the brief."""
    known = set(requirements())  # every ID the brief defines, e.g. CRM-6 or NFR-SEC5
    problems = []
    for item in items:
        ids = tuple(arg for m in item.iter_markers("req") for arg in m.args)
        if not ids:
            problems.append(f"{item.nodeid}: no @pytest.mark.req(...)")
        unknown = [i for i in ids if i not in known]
        if unknown:
            problems.append(f"{item.nodeid}: unknown requirement ID(s) {unknown}")
        _requirement_of[item.nodeid] = ids
    if problems:
        raise pytest.UsageError("requirement markers:\n  " + "\n  ".join(problems))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" or (report.when == "setup" and not report.passed):
        for req in _requirement_of.get(item.nodeid, ()):
            _outcomes[req][report.outcome] += 1
        if report.skipped and isinstance(report.longrepr, tuple):
            _skip_reasons[report.longrepr[2].removeprefix("Skipped: ")] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    tr = terminalreporter
    summary = _run_summary(tr)
    tr.section("PromptSales engines")
    for line in summary.engine_lines():
        tr.write_line(line)
    if _skip_reasons:
        tr.section("Skipped tests by reason")
        for reason, count in _skip_reasons.most_common():
            tr.write_line(f"{count:>4}  {reason}")
    tr.section("Tests per requirement (passed / skipped / failed)")
    for line in summary.requirement_lines():
        tr.write_line(line)
    written = write_summary_file(summary)
    if written:
        tr.write_line(f"summary written to {written}")


def _run_summary(tr: Any) -> RunSummary:
    statuses = _platform.statuses if _platform else {}
    engines = {}
    for key, status in statuses.items():
        if status.engine is not None:
            engines[key] = (f"real ({status.where})", status.engine.describe())
        else:
            engines[key] = ("unavailable", status.reason or "")
    outcomes = {req: _outcomes[req] for req in sorted(_outcomes, key=_req_sort_key)}
    totals = {k: len(tr.stats.get(k, [])) for k in ("passed", "failed", "error", "skipped", "xfailed", "xpassed")}
    return RunSummary(engines, _skip_reasons, outcomes, totals)


def _req_sort_key(req: str) -> tuple[str, int]:
    """ADS-2 before ADS-10, NFR-SEC4 before NFR-SEC5."""
    match = re.match(r"^(.*?)(\d+)$", req)
    return (match[1], int(match[2])) if match else (req, 0)


# --------------------------------------------------------------------------- engines

@pytest.fixture(scope="session")
def platform() -> Iterator[Platform]:
    global _platform
    _platform = Platform()
    yield _platform
    _platform.stop_all()


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Parameters of the test run: small scale, the fixed as-of date and seed."""
    return Settings.from_env(scale="small")


def _engine(platform: Platform, key: str) -> Any:
    status = platform.status(key)
    if status.engine is None:
        message = f"{key} unavailable: {status.reason}"
        if is_required(key):
            pytest.fail(f"required engine (PROMPTSALES_REQUIRE) {message}", pytrace=False)
        pytest.skip(message)
    return status.engine


def _apply(key: str, engines: dict[str, Any], settings: Settings) -> None:
    try:
        run_folder(folder(key), engines, settings)
    except ScriptError as exc:
        pytest.fail(f"applying {folder(key).path} failed: {exc}", pytrace=False)


@pytest.fixture(scope="session")
def pg_server(platform: Platform) -> Any:
    return _engine(platform, "postgres")


@pytest.fixture(scope="session")
def redis_server(platform: Platform) -> Any:
    return _engine(platform, "redis")


@pytest.fixture(scope="session")
def mongo_server(platform: Platform) -> Any:
    return _engine(platform, "mongo")


@pytest.fixture(scope="session")
def mssql_ads(platform: Platform) -> Any:
    return _engine(platform, "mssql_ads")


@pytest.fixture(scope="session")
def mssql_crm(platform: Platform) -> Any:
    return _engine(platform, "mssql_crm")


@pytest.fixture(scope="session")
def mssql_restore(platform: Platform) -> Any:
    return _engine(platform, "mssql_restore")


# --------------------------------------------------------------------------- databases with their scripts

@pytest.fixture(scope="session")
def sales_db(pg_server: Any, settings: Settings) -> Any:
    """PostgreSQL with database promptsales and postgres_sales/ applied once."""
    _apply("sales", {"postgres": pg_server}, settings)
    return pg_server


@pytest.fixture
def sales_conn(sales_db: Any) -> Iterator[Any]:
    """A connection to promptsales inside a transaction rolled back after the test."""
    conn = sales_db.connect("promptsales")
    try:
        yield conn
    finally:
        conn.rollback()
        conn.close()


@pytest.fixture(scope="session")
def content_vectors_db(pg_server: Any, settings: Settings) -> Any:
    """PostgreSQL with database promptcontent and mongo_content/pgvector/ applied once."""
    _apply("content_vectors", {"postgres": pg_server}, settings)
    return pg_server


@pytest.fixture(scope="session")
def content_db(mongo_server: Any, settings: Settings) -> Iterator[Any]:
    """MongoDB database promptcontent after mongo_content/ was applied."""
    _apply("content", {"mongo": mongo_server}, settings)
    client = mongo_server.client()
    yield client[folder("content").database]
    client.close()


@pytest.fixture(scope="session")
def ads_db(mssql_ads: Any, settings: Settings) -> Any:
    """The Ads instance after sqlserver_ads/ was applied once (scale small)."""
    _apply("ads", {"mssql_ads": mssql_ads}, settings)
    return mssql_ads


@pytest.fixture(scope="session")
def crm_db(ads_db: Any, mssql_crm: Any, settings: Settings) -> Any:
    """The CRM instance after sqlserver_ads/ (on ads) and sqlserver_crm/ (on crm) were applied."""
    _apply("crm", {"mssql_ads": ads_db, "mssql_crm": mssql_crm}, settings)
    return mssql_crm


@pytest.fixture
def redis_client(redis_server: Any) -> Iterator[Any]:
    """A client on a scratch database (15), flushed after the test."""
    client = redis_server.client(db=15)
    client.flushdb()
    try:
        yield client
    finally:
        client.flushdb()
        client.close()
