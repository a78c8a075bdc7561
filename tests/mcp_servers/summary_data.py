"""A deterministic PromptSales summary fill for the SAL-5 tests, built only through etl.apply_delta batches.

`generate(seed)` derives, from the seed alone, a dozen portal campaigns of several companies with PromptAds
campaign rows, daily results, PromptCrm leads (some converted, with sales) and PromptContent publications on
several channels and markets, spread over 2024-07 .. 2026-01; then corrections (newer versions of some results),
deletions of some results and one campaign deleted at the source. `SummaryData.batches` are the delta batches in
the order they are applied; `SummaryData.facts` is the final state of every live source row, the Python ground
truth the tests aggregate independently of the SQL under test. `apply(conn, data)` sends the batches.

Reuse: `filled_connection(sales_db)` is a context manager for a module-scoped fixture: it yields a connection to
promptsales holding the fill inside a transaction that is rolled back on exit (nothing is ever committed).
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

SEED = 20250701
AS_OF = date(2026, 1, 31)
WINDOW_START = date(2024, 7, 1)
WINDOW_END = date(2026, 1, 31)

# Portal campaigns 1..1000 exist at every scale; campaign n belongs to company ((n - 1) % 200) + 1, so
# 1/201/401, 2/202 and 5/205 share a company (docs/promptsales.md, "Identidad de campañas").
CAMPAIGN_NUMBERS = (1, 2, 3, 5, 8, 13, 21, 34, 201, 202, 205, 401)
REMOVED_CAMPAIGN = "CMP-000034"   # deleted at the source after its results arrived: must vanish from answers
CHANNELS = ("facebook", "instagram", "tiktok", "email", "google_ads", "linkedin")
MARKETS = ("CR", "MX", "US", "CO", "ES", "PE")
MEASURES = ("reach", "impressions", "reactions", "interactions", "leads", "conversions", "sales", "cost")


def campaign_code(n: int) -> str:
    return f"CMP-{n:06d}"


def company_code_of(n: int) -> str:
    return f"CO-{((n - 1) % 200) + 1:04d}"


@dataclass(frozen=True)
class Fact:
    """The final contribution of one live source row to one daily summary cell."""

    key: str                 # source + source key
    campaign: str
    day: date
    channel: str
    market: str
    reach: int = 0
    impressions: int = 0
    reactions: int = 0
    interactions: int = 0
    leads: int = 0
    conversions: int = 0
    sales: Decimal = Decimal("0.00")
    cost: Decimal = Decimal("0.00")


@dataclass
class SummaryData:
    seed: int
    campaigns: dict[str, dict[str, Any]] = field(default_factory=dict)   # code -> start, end, company
    facts: list[Fact] = field(default_factory=list)
    batches: list[tuple[str, list[dict]]] = field(default_factory=list)

    def live_facts(self) -> list[Fact]:
        """Facts of campaigns not deleted at the source."""
        return [f for f in self.facts if f.campaign != REMOVED_CAMPAIGN]


def _money(rng: random.Random, lo: int, hi: int) -> Decimal:
    return Decimal(rng.randint(lo * 100, hi * 100)) / 100


def generate(seed: int = SEED) -> SummaryData:
    """Everything derives from `seed` (random.Random), never from the clock."""
    rng = random.Random(seed)
    data = SummaryData(seed=seed)
    version = 1000
    span = (WINDOW_END - WINDOW_START).days
    campaign_rows, results, leads, pubs = [], {}, {}, {}
    facts: dict[str, Fact] = {}
    for i, n in enumerate(CAMPAIGN_NUMBERS):
        code = campaign_code(n)
        if i == 0:          # the window's first month and its last month are always covered
            start = WINDOW_START + timedelta(days=2)
        elif i == 1:
            start = WINDOW_END - timedelta(days=75)
        else:
            start = WINDOW_START + timedelta(days=rng.randint(0, span - 40))
        end = min(start + timedelta(days=rng.randint(40, 210)), WINDOW_END - timedelta(days=1))
        if i == 1:
            end = WINDOW_END - timedelta(days=1)
        channels = rng.sample(CHANNELS, rng.randint(2, 4))
        markets = rng.sample(MARKETS, rng.randint(1, 3))
        data.campaigns[code] = {"start": start, "end": end, "company": company_code_of(n),
                                "channels": channels, "markets": markets}
        version += 1
        campaign_rows.append({
            "entity": "campaign", "op": "upsert", "version": version, "campaign_code": code,
            "company_code": company_code_of(n), "status_code": "closed" if end < AS_OF else "active",
            "status_changed_at": f"{end.isoformat()}T18:00:00Z", "start_date": start.isoformat(),
            "end_date": end.isoformat(), "budget_amount": str(_money(rng, 3000, 40000))})
        days = (end - start).days
        for _ in range(rng.randint(25, 45)):
            rid = 10_000 + len(results)
            day = start + timedelta(days=rng.randint(0, days))
            ch, mk = rng.choice(channels), rng.choice(markets)
            reach = rng.randint(200, 20000)
            row = {"entity": "result", "op": "upsert", "version": 0, "result_id": rid, "campaign_code": code,
                   "result_date": day.isoformat(), "channel_code": ch, "market_code": mk, "reach": reach,
                   "impressions": reach * rng.randint(2, 5), "reactions": rng.randint(0, reach // 10),
                   "interactions": rng.randint(0, reach // 20), "cost": str(_money(rng, 20, 1500))}
            results[rid] = row
        for _ in range(rng.randint(15, 35)):
            lid = 50_000 + len(leads)
            day = start + timedelta(days=rng.randint(0, days))
            converted = rng.random() < 0.45
            leads[lid] = {"entity": "lead", "op": "upsert", "version": 0, "lead_id": lid, "campaign_code": code,
                          "lead_date": day.isoformat(), "channel_code": rng.choice(channels),
                          "market_code": rng.choice(markets), "is_converted": converted,
                          "sales_amount": str(_money(rng, 300, 7000) if converted else Decimal("0.00"))}
        for _ in range(rng.randint(3, 8)):
            pid = f"pub-{seed}-{len(pubs):05d}"
            day = start + timedelta(days=rng.randint(0, days))
            pubs[pid] = {"entity": "publication", "op": "upsert", "version": 0, "publication_id": pid,
                         "campaign_code": code, "published_date": day.isoformat(),
                         "channel_code": rng.choice(channels), "market_code": rng.choice(markets),
                         "views": rng.randint(50, 5000), "reactions": rng.randint(0, 300)}

    def chunks(rows: list[dict], size: int) -> Iterator[list[dict]]:
        for k in range(0, len(rows), size):
            yield rows[k:k + size]

    def stamp(rows: list[dict]) -> list[dict]:
        nonlocal version
        out = []
        for r in rows:
            version += 1
            out.append({**r, "version": version})
        return out

    data.batches.append(("ads", campaign_rows))
    for part in chunks(list(results.values()), 150):
        data.batches.append(("ads", stamp(part)))
    for part in chunks(list(leads.values()), 120):
        data.batches.append(("crm", stamp(part)))
    data.batches.append(("content", stamp(list(pubs.values()))))

    # Corrections: newer versions of some results (a different reach and cost), then deletions.
    ids = sorted(results)
    corrected = rng.sample(ids, 12)
    for rid in corrected:
        results[rid] = {**results[rid], "reach": rng.randint(100, 9000), "cost": str(_money(rng, 10, 900))}
    data.batches.append(("ads", stamp([results[rid] for rid in corrected])))
    deleted = rng.sample([i for i in ids if i not in corrected], 8)
    data.batches.append(("ads", stamp([{"entity": "result", "op": "delete", "version": 0, "result_id": rid}
                                       for rid in deleted])))
    for rid in deleted:
        del results[rid]
    data.batches.append(("ads", stamp([{"entity": "campaign", "op": "delete", "version": 0,
                                        "campaign_code": REMOVED_CAMPAIGN}])))

    for rid, r in results.items():
        facts[f"ads:{rid}"] = Fact(f"ads:{rid}", r["campaign_code"], date.fromisoformat(r["result_date"]),
                                   r["channel_code"], r["market_code"], reach=r["reach"],
                                   impressions=r["impressions"], reactions=r["reactions"],
                                   interactions=r["interactions"], cost=Decimal(r["cost"]))
    for lid, r in leads.items():
        facts[f"crm:{lid}"] = Fact(f"crm:{lid}", r["campaign_code"], date.fromisoformat(r["lead_date"]),
                                   r["channel_code"], r["market_code"], leads=1,
                                   conversions=1 if r["is_converted"] else 0, sales=Decimal(r["sales_amount"]))
    for pid, r in pubs.items():
        facts[f"content:{pid}"] = Fact(f"content:{pid}", r["campaign_code"], date.fromisoformat(r["published_date"]),
                                       r["channel_code"], r["market_code"], impressions=r["views"],
                                       reactions=r["reactions"])
    data.facts = list(facts.values())
    return data


def apply(conn: Any, data: SummaryData) -> list[dict]:
    """Send every batch through etl.apply_delta on conn (the caller's transaction); return the answers."""
    answers = []
    for index, (source, rows) in enumerate(data.batches):
        run_id = str(uuid.UUID(int=data.seed * 1000 + index))
        batch = {"source": source, "run_id": run_id, "rows": rows}
        answer = conn.execute("SELECT etl.apply_delta(%s::jsonb)", (json.dumps(batch),)).fetchone()[0]
        if answer["status"] != "applied":
            raise AssertionError(f"batch {index} was not applied: {answer}")
        answers.append(answer)
    return answers


@contextmanager
def filled_connection(sales_db: Any, data: SummaryData | None = None) -> Iterator[Any]:
    """A connection to promptsales holding the fill in an open transaction, rolled back on exit.

    Use it from a module-scoped fixture: ``with filled_connection(sales_db) as conn: yield conn``."""
    conn = sales_db.connect("promptsales")
    try:
        apply(conn, data or generate(SEED))
        yield conn
    finally:
        conn.rollback()
        conn.close()
