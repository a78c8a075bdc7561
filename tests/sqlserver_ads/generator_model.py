"""A Python model of the formulas of ads.ADSSP_GenerateHistory (sqlserver_ads/110) that decide which ads get a
planted ADS-5 scenario and when: campaign dates, company, channels, eligibility and the scenario choice.

It runs without SQL Server, so the spacing of the planted scenarios can be checked on every machine; the SQL
Server tests compare it with what the procedure actually wrote (test_negative_sentiment.py). Every function
names the part of 110 it mirrors; change both together.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

WINDOW_START = date(2024, 7, 1)
# ads.Channel as 120 inserts it (identity in VALUES order): 12 channels, 10-12 are the influencer channels, each
# with 10 influencers. The SQL Server test passes the ids the engine actually assigned.
CHANNEL_IDS = tuple(range(1, 13))
INFLUENCER_CHANNEL_IDS = frozenset({10, 11, 12})


def seeded(seed: int, stream: str, k1: int, k2: int = 0, k3: int = 0) -> tuple[int, ...]:
    """ads.ufn_SeededNumbers: eight big-endian 32-bit numbers of SHA2-256 over 'seed:stream:k1:k2:k3'."""
    digest = hashlib.sha256(f"{seed}:{stream}:{k1}:{k2}:{k3}".encode("ascii")).digest()
    return tuple(int.from_bytes(digest[i:i + 4], "big") for i in range(0, 32, 4))


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, 1)


def _days_in_month(d: date) -> int:
    return (_add_months(d, 1) - timedelta(days=1)).day


@dataclass(frozen=True)
class Campaign:
    ordinal: int
    company_id: int
    is_active: bool
    start: date
    last_result: date
    channel_ids: frozenset[int]

    @property
    def result_days(self) -> int:
        return (self.last_result - self.start).days + 1


@dataclass(frozen=True)
class Scenario:
    ordinal: int
    company_id: int
    starts_on: date
    ends_on: date

    @property
    def company_code(self) -> str:
        return f"CO-{self.company_id:04d}"


def campaigns(seed: int, as_of: date, count: int, scale: str,
              channel_ids: tuple[int, ...] = CHANNEL_IDS) -> list[Campaign]:
    """#Month and #Campaign of 110 (months by weight, active split, dates) plus #CampaignChannel's picks."""
    min_days, max_days, min_links, max_links = (7, 45, 1, 3) if scale == "small" else (14, 120, 2, 6)
    window_end = min(as_of, date(2026, 1, 31))
    active_count = int(Fraction(count * 3, 10) + Fraction(1, 2))   # ROUND(@CampaignCount * 0.3, 0): half away
    finished_count = count - active_count
    months = []
    f_total = a_total = 0
    for index in range((window_end.year - WINDOW_START.year) * 12 + window_end.month - WINDOW_START.month + 1):
        start = _add_months(WINDOW_START, index)
        f_weight = 16 if start.month in (12, 1, 5) else 3
        a_weight = {0: 5, 1: 4, 2: 1}.get((window_end.year - start.year) * 12 + window_end.month - start.month, 0)
        days = window_end.day if (start.year, start.month) == (window_end.year, window_end.month) \
            and _days_in_month(start) > window_end.day else _days_in_month(start)
        months.append((start, days, f_total, f_total + f_weight, a_total, a_total + a_weight))
        f_total += f_weight
        a_total += a_weight

    base = {n: seeded(seed, "campaign", n) for n in range(1, count + 1)}
    by_r1 = sorted(base, key=lambda n: (base[n][0], n))
    active = set(by_r1[:active_count])
    rank: dict[int, int] = {}
    for group in (active, set(base) - active):
        for position, n in enumerate(sorted(group, key=lambda n: (base[n][1], n)), start=1):
            rank[n] = position

    result = []
    for n in range(1, count + 1):
        r = base[n]
        is_active = n in active
        position = (Fraction(2 * rank[n] - 1, 2) * (a_total if is_active else f_total)
                    / (active_count if is_active else finished_count))
        (month_start, days, *_), = [m for m in months
                                    if (m[4] <= position < m[5] if is_active else m[2] <= position < m[3])]
        q = seeded(seed, "campaign-size", n)
        channel_count = min_links + q[0] % (max_links - min_links + 1)
        raw_start = month_start + timedelta(days=r[2] % days)
        if is_active or raw_start <= as_of - timedelta(days=min_days):
            start = raw_start
        else:
            start = as_of - timedelta(days=min_days + r[3] % 14)
        if is_active:
            last_result = as_of
        else:
            end = start + timedelta(days=min_days + r[4] % (max_days - min_days + 1) - 1)
            last_result = end if end < as_of else as_of - timedelta(days=1)
        picks = sorted(channel_ids, key=lambda c: (seeded(seed, "campaign-channel", n, c)[0], c))
        result.append(Campaign(n, (n - 1) % 200 + 1, is_active, start, last_result,
                               frozenset(picks[:channel_count])))
    return result


def _eligible(seed: int, as_of: date, count: int, scale: str, channel_ids: tuple[int, ...],
              influencer_channel_ids: frozenset[int]) -> list[Campaign]:
    """eligible in 110: an influencer channel among the campaign's channels (every channel gets a placement of
    one of the first ChannelCount ads) and at least 28 days of results."""
    return [c for c in campaigns(seed, as_of, count, scale, channel_ids)
            if c.channel_ids & influencer_channel_ids and c.result_days >= 28]


def planted_scenarios(seed: int, as_of: date, count: int, scale: str, channel_ids: tuple[int, ...] = CHANNEL_IDS,
                      influencer_channel_ids: frozenset[int] = INFLUENCER_CHANNEL_IDS) -> list[Scenario]:
    """The #Scenario block of 110: of the eligible campaigns, at most one per brand (the one with the lowest
    'scenario' number), then the @ScenarioCount = max(3, count / 50) lowest of those."""
    scenario_count = max(3, count // 50)
    eligible = _eligible(seed, as_of, count, scale, channel_ids, influencer_channel_ids)
    key = {c.ordinal: (seeded(seed, "scenario", c.ordinal)[0], c.ordinal) for c in eligible}
    first_of_brand: dict[int, Campaign] = {}
    for c in sorted(eligible, key=lambda c: key[c.ordinal]):
        first_of_brand.setdefault(c.company_id, c)
    chosen = sorted(first_of_brand.values(), key=lambda c: key[c.ordinal])[:scenario_count]
    return [Scenario(c.ordinal, c.company_id, c.start + timedelta(days=c.result_days // 2),
                     c.start + timedelta(days=c.result_days // 2 + 9)) for c in chosen]


def planted_scenarios_before_the_fix(seed: int, as_of: date, count: int, scale: str) -> list[Scenario]:
    """The choice as it was before issue 14 (no limit per brand): kept to show the model reproduces the defect."""
    scenario_count = max(3, count // 50)
    eligible = _eligible(seed, as_of, count, scale, CHANNEL_IDS, INFLUENCER_CHANNEL_IDS)
    chosen = sorted(eligible, key=lambda c: (seeded(seed, "scenario", c.ordinal)[0], c.ordinal))[:scenario_count]
    return [Scenario(c.ordinal, c.company_id, c.start + timedelta(days=c.result_days // 2),
                     c.start + timedelta(days=c.result_days // 2 + 9)) for c in chosen]
