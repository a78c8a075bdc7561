"""Python ground truth for SAL-5 answers: aggregates the generated source rows, independently of the SQL under test.

It knows the portal facts it needs (names, goals) from `portal_info`, read straight from the portal tables, and
the generated rows of `summary_data`; it never reads the summary tables or the views the query layer uses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from summary_data import REMOVED_CAMPAIGN, SummaryData

from mcp_servers.sales_queries import MetricQuery


@dataclass(frozen=True)
class PortalInfo:
    campaign_name: dict[str, str]
    campaign_company: dict[str, str]
    campaign_goal: dict[str, Decimal]
    company_name: dict[str, str]
    channel_name: dict[str, str]
    market_name: dict[str, str]


def portal_info(conn: Any) -> PortalInfo:
    """Names and goals straight from the portal tables (as the owner)."""
    campaigns = conn.execute("""SELECT c.campaign_code, c.name, cc.company_code, c.sales_goal_amount
                                FROM portal.campaign c JOIN portal.client_company cc USING (company_id)""").fetchall()
    return PortalInfo(
        campaign_name={r[0]: r[1] for r in campaigns},
        campaign_company={r[0]: r[2] for r in campaigns},
        campaign_goal={r[0]: r[3] for r in campaigns},
        company_name=dict(conn.execute("SELECT company_code, name FROM portal.client_company").fetchall()),
        channel_name=dict(conn.execute("SELECT channel_code, name FROM portal.channel").fetchall()),
        market_name=dict(conn.execute("SELECT country_code, name FROM portal.country").fetchall()),
    )


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _time_key(dim: str, day: date) -> Any:
    if dim == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if dim == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return day.year


def _group(dim: str | None, campaign: str, day: date, channel: str | None, market: str | None,
           info: PortalInfo) -> tuple:
    if dim is None:
        return ()
    if dim == "campaign":
        return (("campaign_code", campaign), ("campaign_name", info.campaign_name[campaign]))
    if dim == "company":
        company = info.campaign_company[campaign]
        return (("company_code", company), ("company_name", info.company_name[company]))
    if dim == "channel":
        return (("channel_code", channel), ("channel_name", info.channel_name.get(channel, channel)))
    if dim == "market":
        return (("market_code", market), ("market_name", info.market_name.get(market, market)))
    return ((dim, _time_key(dim, day)),)


def _daily_value(metric: str, facts: list) -> Any:
    total = {m: sum((getattr(f, m) for f in facts), start=Decimal(0) if m in ("sales", "cost") else 0)
             for m in ("reach", "impressions", "reactions", "interactions", "leads", "conversions", "sales", "cost")}
    if metric in total:
        return _round(total[metric], 2) if metric in ("sales", "cost") else total[metric]
    if metric == "roi":
        return _round((total["sales"] - total["cost"]) / total["cost"], 4) if total["cost"] else None
    if metric == "conversion_pct":
        return _round(Decimal(100) * total["conversions"] / total["leads"], 2) if total["leads"] else None
    if metric == "campaigns":
        return len({f.campaign for f in facts})
    raise AssertionError(metric)


def _campaign_value(metric: str, campaigns: list[str], sales: dict[str, Decimal], info: PortalInfo) -> Any:
    goal = sum((info.campaign_goal[c] for c in campaigns), start=Decimal(0))
    if metric == "sales_goal":
        return _round(goal, 2)
    total = sum((sales[c] for c in campaigns), start=Decimal(0))
    return _round(Decimal(100) * total / goal, 2) if goal else None


def _in(day: date, lo: date | None, hi: date | None) -> bool:
    return (lo is None or day >= lo) and (hi is None or day <= hi)


def expected(q: MetricQuery, data: SummaryData, info: PortalInfo, codes: dict[str, str | None]) -> list[dict]:
    """The rows run_metric_query must return for q, in order. `codes` are the resolved filter codes."""
    campaign_level = q.metric in ("success_pct", "sales_goal")
    periods = [(q.date_from, q.date_to)]
    if q.compare_from is not None:
        periods.append((q.compare_from, q.compare_to))

    def keep_filters(campaign: str, channel: str | None, market: str | None) -> bool:
        return ((codes["company"] is None or info.campaign_company[campaign] == codes["company"])
                and (codes["campaign"] is None or campaign == codes["campaign"])
                and (codes["channel"] is None or channel == codes["channel"])
                and (codes["market"] is None or market == codes["market"]))

    # items: (campaign, day, channel, market, payload) of the source the metric lives in
    if campaign_level:
        sales: dict[str, Decimal] = defaultdict(Decimal)
        for f in data.live_facts():
            sales[f.campaign] += f.sales
        items = [(c, meta["start"], None, None, c) for c, meta in data.campaigns.items() if c != REMOVED_CAMPAIGN]
    else:
        items = [(f.campaign, f.day, f.channel, f.market, f) for f in data.live_facts()]
    items = [i for i in items if keep_filters(i[0], i[2], i[3]) and any(_in(i[1], lo, hi) for lo, hi in periods)]

    groups: dict[tuple, list[list]] = defaultdict(lambda: [[] for _ in periods])
    for campaign, day, channel, market, payload in items:
        key = _group(q.group_by, campaign, day, channel, market, info)
        for k, (lo, hi) in enumerate(periods):
            if _in(day, lo, hi):
                groups[key][k].append(payload)
    if q.group_by is None and not groups:
        groups[()] = [[] for _ in periods]

    def value(payloads: list) -> Any:
        return _campaign_value(q.metric, payloads, sales, info) if campaign_level else _daily_value(q.metric, payloads)

    rows = []
    for key, per_period in groups.items():
        row = dict(key)
        row[q.metric] = value(per_period[0])
        if q.compare_from is not None:
            main, cmp_ = row[q.metric], value(per_period[1])
            row[f"{q.metric}_compare"] = cmp_
            row["change"] = None if main is None or cmp_ is None else main - cmp_
            row["change_pct"] = (None if row["change"] is None or not cmp_
                                 else _round(Decimal(100) * row["change"] / abs(Decimal(cmp_)), 2))
        rows.append(row)

    if q.group_by is not None:
        key_col = next(iter(rows[0])) if rows else None
        if q.top is None and q.group_by in ("month", "quarter", "year"):
            rows.sort(key=lambda r: r[key_col])
        else:
            sign = -1 if q.order == "desc" else 1
            rows.sort(key=lambda r: r[key_col])
            rows.sort(key=lambda r: (r[q.metric] is None, sign * r[q.metric] if r[q.metric] is not None else 0))
        if q.top is not None:
            rows = rows[:q.top]
    return rows
