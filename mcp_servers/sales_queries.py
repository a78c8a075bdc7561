"""SAL-5 query layer: campaign-performance figures from the PromptSales summaries, through fixed SQL only.

A caller (a typed MCP tool, or `ask` after `mcp_servers.nlq.parse_question`) describes what it wants as a
`MetricQuery`; `run_metric_query` validates it and runs ONE reviewed, parameterised SQL text chosen from the
query's shape (metric x dimension x plain/comparison). Every identifier or keyword in that text comes from the
closed whitelists below (`_METRICS`, `_DIMENSIONS`, `_ORDER`); every value (dates, codes, limits) is a bound
parameter. No text of a user or a model ever becomes SQL. Filters given by name (company, channel, market,
campaign) are first resolved to codes by one fixed catalogue query; an unknown or ambiguous name is a
`ValueError` with a clear message, never an empty answer that looks like data.

Sources (postgres_sales/085_create_sales_query_views.sql, readable by ``promptsales_mcp_reader``):

- ``summary.v_sales_daily``: one row per campaign x day x channel x market. Daily-additive metrics (reach,
  impressions, reactions, interactions, leads, conversions, sales, cost, and everything derived from their sums:
  ROI, conversion %, number of campaigns with activity) are computed here and a period filters ``metric_date``.
- ``summary.v_sales_campaign``: one row per campaign. Campaign-level metrics (``success_pct`` = 100 x sales /
  sales goal, and ``sales_goal``) exist only for a whole campaign: a campaign is attributed to a period, month,
  quarter or year by its START DATE (PromptAds' start date, or the portal's planned start when the ETL has not
  delivered one yet), and all its sales count against its whole goal. They cannot be split or filtered by
  channel or market (the goal is not set per channel or market): such a query is a ValueError.

Ratios are always computed from sums, never averaged: ROI = (Σ sales − Σ cost) / Σ cost (NULL when the cost is
0), success % = 100 x Σ sales / Σ goal, conversion % = 100 x Σ conversions / Σ leads.

Periods are inclusive (``date_from`` .. ``date_to``); either end may be open. A comparison gives the value in the
main period (``date_from`` .. ``date_to``) and in the comparison period (``compare_from`` .. ``compare_to``), the
absolute change (main − comparison) and the % change relative to the comparison period.

Ordering: with ``top`` the rows are the N best (``order="desc"``) or worst (``"asc"``) by the metric (NULLs
last, ties by the group key). Without ``top``, months/quarters/years come in time order and other groups by the
metric in ``order``. Results are capped at ``max_rows`` (``truncated`` says so). Every statement runs with a
server-side ``statement_timeout`` (SET LOCAL in the function's own transaction or savepoint) and, when the
function opens the transaction itself, ``READ ONLY``; it is never prepared and always planned with its values
(``plan_cache_mode = force_custom_plan``), because the optional filters ``(%(x)s IS NULL OR ...)`` fold only then.

Shape of the SQL: an inner query aggregates the source by the group key only (a code, a date truncated to the
month or quarter, a year); an outer query formats the key, looks the name up in ``summary.v_sales_catalogue``
for the few aggregated rows, computes a comparison's change, orders and limits (figures in docs/mcp_ask.md).

Values in ``QueryResult.rows``: ``int`` for counts, ``Decimal`` for money and ratios, ``str`` for codes, names
and time keys (``2025-01``, ``2025-Q1``), ``int`` for years. ``QueryResult.params`` holds the bound parameters
with dates as ISO strings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Literal, get_args

import psycopg
from psycopg import sql
from psycopg.pq import TransactionStatus

Metric = Literal["reach", "success_pct", "sales", "roi", "cost", "reactions", "impressions", "interactions",
                 "leads", "conversions", "campaigns", "conversion_pct", "sales_goal"]
Dimension = Literal["campaign", "company", "channel", "market", "month", "quarter", "year"]

METRICS: tuple[str, ...] = get_args(Metric)
DIMENSIONS: tuple[str, ...] = get_args(Dimension)
TIME_DIMENSIONS = ("month", "quarter", "year")
CAMPAIGN_LEVEL_METRICS = ("success_pct", "sales_goal")

# What each metric and dimension means, for tool schemas and answers (English, like the code).
METRIC_DESCRIPTIONS: dict[str, str] = {
    "reach": "people reached, summed day by day as the source reports it",
    "success_pct": "100 x sales / sales goal of the campaigns (campaign-level; attributed by start date)",
    "sales": "sales amount of the leads that converted",
    "roi": "(sum of sales - sum of cost) / sum of cost",
    "cost": "advertising cost",
    "reactions": "reactions (likes and similar)",
    "impressions": "impressions (ad impressions plus content views)",
    "interactions": "interactions (clicks, comments, shares)",
    "leads": "leads captured",
    "conversions": "leads that converted into a sale",
    "campaigns": "number of distinct campaigns with activity",
    "conversion_pct": "100 x conversions / leads",
    "sales_goal": "sum of the campaigns' sales goals (campaign-level; attributed by start date)",
}
DIMENSION_DESCRIPTIONS: dict[str, str] = {
    "campaign": "per campaign (code and name)", "company": "per client company (code and name)",
    "channel": "per channel (code and name)", "market": "per market / country (ISO code and name)",
    "month": "per calendar month (YYYY-MM)", "quarter": "per calendar quarter (YYYY-Qn)",
    "year": "per calendar year",
}

DEFAULT_TIMEOUT_MS = 5000
MAX_ROWS_LIMIT = 5000
MAX_TOP = 1000
MAX_FILTER_LENGTH = 160


@dataclass(frozen=True)
class MetricQuery:
    """What to compute: one metric, optionally grouped, filtered, ranked or compared between two periods."""

    metric: Metric
    group_by: Dimension | None = None
    date_from: date | None = None
    date_to: date | None = None
    company: str | None = None      # company code or name
    channel: str | None = None
    market: str | None = None
    campaign: str | None = None
    top: int | None = None          # ranking size
    order: Literal["desc", "asc"] = "desc"
    compare_from: date | None = None   # comparison period (both or neither)
    compare_to: date | None = None


@dataclass(frozen=True)
class QueryResult:
    """Rows of the answer, the SQL text that produced them and its bound parameters."""

    columns: list[str]
    rows: list[dict]
    sql: str
    params: dict
    truncated: bool


# --------------------------------------------------------------------------- closed whitelists
# Each metric: an aggregate over the source alias f, with {flt} standing for an optional FILTER clause.
_DAILY_METRICS: dict[str, str] = {
    "reach": "coalesce(sum(f.reach){flt}, 0)::bigint",
    "impressions": "coalesce(sum(f.impressions){flt}, 0)::bigint",
    "reactions": "coalesce(sum(f.reactions){flt}, 0)::bigint",
    "interactions": "coalesce(sum(f.interactions){flt}, 0)::bigint",
    "leads": "coalesce(sum(f.leads){flt}, 0)::bigint",
    "conversions": "coalesce(sum(f.conversions){flt}, 0)::bigint",
    "sales": "coalesce(sum(f.sales_amount){flt}, 0)::numeric(19, 2)",
    "cost": "coalesce(sum(f.cost){flt}, 0)::numeric(19, 2)",
    "roi": "round((sum(f.sales_amount){flt} - sum(f.cost){flt}) / nullif(sum(f.cost){flt}, 0), 4)",
    "conversion_pct": "round(100.0 * sum(f.conversions){flt} / nullif(sum(f.leads){flt}, 0), 2)",
    "campaigns": "count(DISTINCT f.campaign_code){flt}::bigint",
}
_CAMPAIGN_METRICS: dict[str, str] = {
    "success_pct": "round(100.0 * sum(f.sales_amount){flt} / nullif(sum(f.sales_goal_amount){flt}, 0), 2)",
    "sales_goal": "coalesce(sum(f.sales_goal_amount){flt}, 0)::numeric(19, 2)",
}
_METRICS = {**_DAILY_METRICS, **_CAMPAIGN_METRICS}

# Each dimension: group key column, its expression over the source row f (grouped on a date or a code, which
# hashes and sorts fast), how the outer query shows it, and the column of the name looked up in the catalogue.
_DIMENSIONS: dict[str, tuple[str, str, str | None, str | None]] = {
    "campaign": ("campaign_code", "f.campaign_code", None, "campaign_name"),
    "company": ("company_code", "f.company_code", None, "company_name"),
    "channel": ("channel_code", "f.channel_code", None, "channel_name"),
    "market": ("market_code", "f.market_code", None, "market_name"),
    "month": ("month", "date_trunc('month', f.{date})::date", "to_char(g.\"month\", 'YYYY-MM')", None),
    "quarter": ("quarter", "date_trunc('quarter', f.{date})::date", "to_char(g.\"quarter\", 'YYYY-\"Q\"Q')", None),
    "year": ("year", "extract(YEAR FROM f.{date})::integer", None, None),
}
_SOURCES = {
    "daily": ("summary", "v_sales_daily", "metric_date"),
    "campaign": ("summary", "v_sales_campaign", "start_date"),
}
_ORDER = {"desc": sql.SQL("DESC"), "asc": sql.SQL("ASC")}

# Filters: bound parameter -> condition. Channel and market exist only in the daily source.
_FILTERS = {
    "company": "(%(company)s::text IS NULL OR f.company_code = %(company)s::text)",
    "campaign": "(%(campaign)s::text IS NULL OR f.campaign_code = %(campaign)s::text)",
    "channel": "(%(channel)s::text IS NULL OR f.channel_code = %(channel)s::text)",
    "market": "(%(market)s::text IS NULL OR f.market_code = %(market)s::text)",
}

# Codes compare upper-cased (they are ASCII); names through summary.search_key. A campaign given by its code
# skips the name comparison altogether (the pattern test is a constant the planner folds), so the thousands of
# campaign names are not folded on every call.
_RESOLVE_SQL = sql.SQL("""SELECT kind, code, name
FROM summary.v_sales_catalogue AS c
WHERE (c.kind = 'company' AND %(company)s::text IS NOT NULL
       AND (upper(c.code) = upper(%(company)s::text)
            OR c.search_key = summary.search_key(%(company)s::text)))
   OR (c.kind = 'channel' AND %(channel)s::text IS NOT NULL
       AND (upper(c.code) = upper(%(channel)s::text)
            OR c.search_key = summary.search_key(%(channel)s::text)))
   OR (c.kind = 'market' AND %(market)s::text IS NOT NULL
       AND (upper(c.code) = upper(%(market)s::text)
            OR c.search_key = summary.search_key(%(market)s::text)))
   OR (c.kind = 'campaign' AND %(campaign)s::text IS NOT NULL
       AND (upper(c.code) = upper(%(campaign)s::text)
            OR (%(campaign)s::text !~* '^CMP-[0-9]{6}$'
                AND c.search_key = summary.search_key(%(campaign)s::text))))
ORDER BY kind, code
LIMIT 20""")

_CATALOGUE_SQL = sql.SQL("""SELECT kind, code, name
FROM summary.v_sales_catalogue
WHERE kind IN ('company', 'channel', 'market')
ORDER BY kind, code""")


# --------------------------------------------------------------------------- text keys

def search_key(text: str) -> str:
    """Lower case, accents dropped, blanks collapsed: Python's twin of SQL summary.search_key()."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not ("\u0300" <= ch <= "\u036f"))
    return re.sub(r"\s+", " ", stripped.lower()).strip()


# --------------------------------------------------------------------------- validation

def _check_date(name: str, value: object) -> None:
    if value is None:
        return
    if not isinstance(value, date) or hasattr(value, "hour"):
        raise ValueError(f"{name} must be a date (YYYY-MM-DD), got {type(value).__name__}")
    if not 2000 <= value.year <= 2100:
        raise ValueError(f"{name} {value.isoformat()} is outside the years 2000..2100")


def validate(q: MetricQuery, max_rows: int = 500) -> None:
    """Raise ValueError with a clear message when q is not a query this layer answers."""
    if not isinstance(q, MetricQuery):
        raise ValueError("expected a MetricQuery")
    if q.metric not in METRICS:
        raise ValueError(f"unknown metric {q.metric!r}; one of: {', '.join(METRICS)}")
    if q.group_by is not None and q.group_by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {q.group_by!r}; one of: {', '.join(DIMENSIONS)}")
    if q.order not in _ORDER:
        raise ValueError(f"order must be 'desc' or 'asc', got {q.order!r}")
    for name in ("date_from", "date_to", "compare_from", "compare_to"):
        _check_date(name, getattr(q, name))
    if q.date_from and q.date_to and q.date_from > q.date_to:
        raise ValueError(f"date_from {q.date_from} is after date_to {q.date_to}")
    if (q.compare_from is None) != (q.compare_to is None):
        raise ValueError("a comparison needs both compare_from and compare_to")
    if q.compare_from is not None:
        if q.date_from is None or q.date_to is None:
            raise ValueError("a comparison needs the main period too: date_from and date_to")
        if q.compare_from > q.compare_to:
            raise ValueError(f"compare_from {q.compare_from} is after compare_to {q.compare_to}")
        if q.group_by in TIME_DIMENSIONS:
            raise ValueError("a comparison between two periods cannot also be grouped by month, quarter or year")
    for name in ("company", "channel", "market", "campaign"):
        value = getattr(q, name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ValueError(f"{name} must be text (a code or a name)")
        if not value.strip() or len(value) > MAX_FILTER_LENGTH:
            raise ValueError(f"{name} must be a code or a name of 1..{MAX_FILTER_LENGTH} characters")
        if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") for ch in value):
            raise ValueError(f"{name} contains control or invisible characters")
    if q.top is not None:
        if isinstance(q.top, bool) or not isinstance(q.top, int) or not 1 <= q.top <= MAX_TOP:
            raise ValueError(f"top must be a whole number between 1 and {MAX_TOP}")
        if q.group_by is None:
            raise ValueError("a ranking (top) needs a dimension to rank: campaign, company, channel, market, ...")
    if q.metric in CAMPAIGN_LEVEL_METRICS:
        if q.group_by in ("channel", "market") or q.channel is not None or q.market is not None:
            raise ValueError(f"{q.metric} is a campaign-level metric (sales against the campaign's goal): "
                             "it cannot be split or filtered by channel or market")
    if isinstance(max_rows, bool) or not isinstance(max_rows, int) or not 1 <= max_rows <= MAX_ROWS_LIMIT:
        raise ValueError(f"max_rows must be between 1 and {MAX_ROWS_LIMIT}")


# --------------------------------------------------------------------------- SQL construction

def _metric_sql(metric: str, flt: str) -> sql.Composable:
    return sql.SQL(_METRICS[metric].replace("{flt}", flt))


def build_sql(q: MetricQuery) -> sql.Composed:
    """The fixed SQL text for q's shape (metric x dimension x plain/comparison); values stay parameters.

    The inner query aggregates the source by the group key only; names (campaign, company, channel, market)
    are looked up afterwards in summary.v_sales_catalogue for the few aggregated rows, not for every daily
    row. A comparison computes the change over the inner query's two columns."""
    source = "campaign" if q.metric in CAMPAIGN_LEVEL_METRICS else "daily"
    schema, view, date_col = _SOURCES[source]
    dims = _DIMENSIONS[q.group_by] if q.group_by else ()
    date_ident = sql.Identifier(date_col)
    metric_col = sql.Identifier(q.metric)
    conditions = [sql.SQL(_FILTERS[name]) for name in ("company", "campaign")]
    if source == "daily":
        conditions += [sql.SQL(_FILTERS[name]) for name in ("channel", "market")]

    if q.compare_from is None:
        conditions.insert(0, sql.SQL("(%(date_from)s::date IS NULL OR f.{d} >= %(date_from)s::date)").format(
            d=date_ident))
        conditions.insert(1, sql.SQL("(%(date_to)s::date IS NULL OR f.{d} <= %(date_to)s::date)").format(
            d=date_ident))
        measures = [sql.SQL("{} AS {}").format(_metric_sql(q.metric, ""), metric_col)]
        outer_measures = [sql.SQL("g.{}").format(metric_col)]
    else:
        in_main = f" FILTER (WHERE f.{date_col} BETWEEN %(date_from)s::date AND %(date_to)s::date)"
        in_cmp = f" FILTER (WHERE f.{date_col} BETWEEN %(compare_from)s::date AND %(compare_to)s::date)"
        conditions.insert(0, sql.SQL(
            "(f.{d} BETWEEN %(date_from)s::date AND %(date_to)s::date"
            " OR f.{d} BETWEEN %(compare_from)s::date AND %(compare_to)s::date)").format(d=date_ident))
        measures = [sql.SQL("{} AS main_value").format(_metric_sql(q.metric, in_main)),
                    sql.SQL("{} AS compare_value").format(_metric_sql(q.metric, in_cmp))]
        outer_measures = [
            sql.SQL("g.main_value AS {}").format(metric_col),
            sql.SQL("g.compare_value AS {}").format(sql.Identifier(f"{q.metric}_compare")),
            sql.SQL("g.main_value - g.compare_value AS change"),
            sql.SQL("round(100.0 * (g.main_value - g.compare_value) / nullif(abs(g.compare_value), 0), 2)"
                    " AS change_pct"),
        ]

    key_name, key_expr, shown_expr, name_col = dims if dims else (None, None, None, None)
    key = sql.Identifier(key_name) if dims else None
    inner_cols = ([sql.SQL("{} AS {}").format(sql.SQL(key_expr.replace("{date}", date_col)), key)]
                  if dims else []) + measures
    query = sql.SQL("SELECT {cols}\nFROM {schema}.{view} AS f\nWHERE {conds}").format(
        cols=sql.SQL(", ").join(inner_cols), schema=sql.Identifier(schema), view=sql.Identifier(view),
        conds=sql.SQL("\n  AND ").join(conditions))
    if dims:
        query += sql.SQL("\nGROUP BY {}").format(key)

    if dims or q.compare_from is not None:
        outer_cols = []
        if dims:
            outer_cols.append(sql.SQL("{} AS {}").format(sql.SQL(shown_expr), key) if shown_expr
                              else sql.SQL("g.{}").format(key))
        if name_col:
            outer_cols.append(sql.SQL("coalesce(n.name, g.{}) AS {}").format(key, sql.Identifier(name_col)))
        query = sql.SQL("SELECT {cols}\nFROM ({inner}) AS g").format(
            cols=sql.SQL(", ").join(outer_cols + outer_measures), inner=query)
        if name_col:
            query += sql.SQL("\nLEFT JOIN summary.v_sales_catalogue AS n ON n.kind = {kind} AND n.code = g.{key}"
                             ).format(kind=sql.Literal(q.group_by), key=key)
    if dims:
        if q.top is None and q.group_by in TIME_DIMENSIONS:
            order = sql.SQL("{} ASC").format(key)
        else:
            order = sql.SQL("{} {} NULLS LAST, {} ASC").format(metric_col, _ORDER[q.order], key)
        query += sql.SQL("\nORDER BY {}\nLIMIT %(row_limit)s").format(order)
    return query


# --------------------------------------------------------------------------- execution

def _run(conn: psycopg.Connection, query: sql.Composable, params: dict, timeout_ms: int) -> tuple[list, list]:
    """Run one statement with a local statement_timeout; read-only when this function owns the transaction.

    The statement is never prepared (prepare=False) and the plan cache is told to plan with the values
    (plan_cache_mode = force_custom_plan): the fixed texts rely on `(%(x)s IS NULL OR ...)` folding at plan
    time; a generic plan cannot fold them (measured: 6.6 s instead of 0.5 s at 1M daily cells)."""
    status = conn.info.transaction_status
    if status not in (TransactionStatus.IDLE, TransactionStatus.INTRANS):
        raise ValueError("the connection is not usable (a failed or active transaction); roll it back first")
    owns = status == TransactionStatus.IDLE
    with conn.transaction():
        previous = None
        if owns:
            conn.execute("SET TRANSACTION READ ONLY", prepare=False)
        else:
            previous = conn.execute("SELECT current_setting('statement_timeout'), "
                                    "current_setting('plan_cache_mode')", prepare=False).fetchone()
        conn.execute("SELECT set_config('statement_timeout', %s, true), "
                     "set_config('plan_cache_mode', 'force_custom_plan', true)", (f"{int(timeout_ms)}ms",),
                     prepare=False)
        cur = conn.execute(query, params, prepare=False)
        columns = [d.name for d in cur.description]
        rows = cur.fetchall()
        if previous is not None:
            conn.execute("SELECT set_config('statement_timeout', %s, true), set_config('plan_cache_mode', %s, true)",
                         previous, prepare=False)
    return columns, rows


def resolve_filters(conn: psycopg.Connection, q: MetricQuery, *, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> dict:
    """Codes for the company/channel/market/campaign filters of q (code or name, any case or accents).

    Raises ValueError when a filter names nothing the portal knows, or more than one thing."""
    wanted = {name: getattr(q, name) for name in ("company", "channel", "market", "campaign")}
    resolved: dict[str, str | None] = dict.fromkeys(wanted)
    if all(v is None for v in wanted.values()):
        return resolved
    _, rows = _run(conn, _RESOLVE_SQL, {k: (v.strip() if v else None) for k, v in wanted.items()}, timeout_ms)
    found: dict[str, list[tuple[str, str]]] = {}
    for kind, code, name in rows:
        found.setdefault(kind, []).append((code, name))
    for kind, text in wanted.items():
        if text is None:
            continue
        matches = found.get(kind, [])
        if not matches:
            hint = {"company": "a code like CO-0001 or the exact company name",
                    "channel": "a code like facebook, email, google_ads or its name",
                    "market": "a country code like CR, MX, US or its Spanish name",
                    "campaign": "a code like CMP-000001 or the exact campaign name"}[kind]
            raise ValueError(f"unknown {kind} {text.strip()[:60]!r}: use {hint}")
        if len(matches) > 1:
            names = "; ".join(f"{c} {n}" for c, n in matches[:5])
            raise ValueError(f"{kind} {text.strip()[:60]!r} is ambiguous ({names}): use its code")
        resolved[kind] = matches[0][0]
    return resolved


def run_metric_query(conn: psycopg.Connection, q: MetricQuery, *, max_rows: int = 500,
                     timeout_ms: int = DEFAULT_TIMEOUT_MS) -> QueryResult:
    """Validate q (ValueError with a clear message), resolve its name filters to codes, and run ONE fixed,
    reviewed, parameterised SQL text chosen from q's shape against the summary views. See the module docstring
    for how periods, campaign-level metrics, ordering and limits behave."""
    validate(q, max_rows)
    if isinstance(timeout_ms, bool) or not isinstance(timeout_ms, int) or not 1 <= timeout_ms <= 60_000:
        raise ValueError("timeout_ms must be between 1 and 60000")
    codes = resolve_filters(conn, q, timeout_ms=timeout_ms)
    limit = min(q.top, max_rows) if q.top is not None else max_rows
    params: dict[str, Any] = {"date_from": q.date_from, "date_to": q.date_to, **codes}
    if q.compare_from is not None:
        params.update(compare_from=q.compare_from, compare_to=q.compare_to)
    if q.group_by:
        params["row_limit"] = limit + 1
    query = build_sql(q)
    columns, raw = _run(conn, query, params, timeout_ms)
    truncated = len(raw) > limit
    rows = [dict(zip(columns, r, strict=True)) for r in raw[:limit]]
    if q.top is not None and q.top <= max_rows:
        truncated = False
    shown = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in params.items()}
    if q.group_by:
        shown["row_limit"] = limit
    return QueryResult(columns=columns, rows=rows, sql=query.as_string(conn), params=shown, truncated=truncated)


def load_catalogue(conn: psycopg.Connection, *, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> list[tuple[str, str, str]]:
    """(kind, code, name) of every company, channel and market the portal knows: the nlq parser's catalogue."""
    _, rows = _run(conn, _CATALOGUE_SQL, {}, timeout_ms)
    return [(k, c, n) for k, c, n in rows]


def describe(q: MetricQuery) -> dict:
    """q as a JSON-friendly dict (dates as ISO strings, unset fields left out except the metric)."""
    out: dict[str, Any] = {}
    for f in fields(q):
        value = getattr(q, f.name)
        if f.name == "metric" or (value is not None and not (f.name == "order" and value == "desc")):
            out[f.name] = value.isoformat() if isinstance(value, date) else value
    return out
