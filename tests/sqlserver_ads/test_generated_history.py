"""ADS-2 / ADS-3: the generated history (130_seed_campaign_history.sql at scale small): counts, statuses, the
date window and its peaks, N channels / markets / ads per campaign, daily results consistent with dates and
status, believable numbers, realistic text and reproducibility from the seed. Read-only except the
reproducibility test, which regenerates inside a transaction and rolls it back."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from ads_helpers import fetch_all, fetch_value

pytestmark = [pytest.mark.mssql]

PEAKS = {(2024, 12), (2025, 1), (2025, 5), (2025, 12), (2026, 1)}


def _campaigns(conn: Any) -> list[tuple[Any, ...]]:
    return fetch_all(conn, """
        SELECT c.CampaignCode, co.CompanyCode, c.StatusCode, c.StartDate, c.EndDate, c.Budget
        FROM ads.Campaign AS c INNER JOIN ads.Company AS co ON c.CompanyId = co.CompanyId
        WHERE c.Origin = 'GENERATOR'""")


@pytest.mark.req("ADS-2")
def test_one_thousand_campaigns_follow_the_shared_codes_and_company_rule(ads_conn: Any) -> None:
    """CMP-000001..CMP-001000 exist and campaign n belongs to company ((n - 1) % 200) + 1 (contract)."""
    rows = _campaigns(ads_conn)
    assert sorted(r[0] for r in rows) == [f"CMP-{n:06d}" for n in range(1, 1001)]
    for code, company, *_ in rows:
        n = int(code[4:])
        assert company == f"CO-{(n - 1) % 200 + 1:04d}"


@pytest.mark.req("ADS-2")
def test_exactly_thirty_percent_are_active_and_seventy_finished_on_the_as_of_date(ads_conn: Any, as_of: date) -> None:
    """300 ACTIVE (started by the as-of date, ending after it) and 700 FINISHED (ended before it)."""
    rows = _campaigns(ads_conn)
    status = Counter(r[2] for r in rows)
    assert status == {"ACTIVE": 300, "FINISHED": 700}
    for _code, _company, state, start, end, _budget in rows:
        if state == "ACTIVE":
            assert start <= as_of < end
        else:
            assert end < as_of


@pytest.mark.req("ADS-2")
def test_start_dates_stay_in_the_window_with_peaks_in_december_january_and_may(ads_conn: Any, as_of: date) -> None:
    """Every start is in 2024-07-01..2026-01-31; each peak month has at least 1.5x any other month."""
    rows = _campaigns(ads_conn)
    starts = [r[3] for r in rows]
    assert min(starts) >= date(2024, 7, 1)
    assert max(starts) <= min(as_of, date(2026, 1, 31))
    per_month = Counter((s.year, s.month) for s in starts)
    peak_low = min(per_month[m] for m in PEAKS)
    others = [count for month, count in per_month.items() if month not in PEAKS]
    assert peak_low >= 1.5 * max(others), (per_month, peak_low)
    by_calendar_month = Counter(s.month for s in starts)
    assert {m for m, _ in by_calendar_month.most_common(3)} == {12, 1, 5}


@pytest.mark.req("ADS-3")
def test_each_campaign_has_a_varying_number_of_channels_markets_and_ads_all_used(ads_conn: Any) -> None:
    """N channels, markets and ads per campaign (N varies); every one of them carries at least one placement."""
    sizes = fetch_all(ads_conn, """
        SELECT c.CampaignId,
            (SELECT COUNT(*) FROM ads.CampaignChannel AS x WHERE x.CampaignId = c.CampaignId),
            (SELECT COUNT(*) FROM ads.CampaignMarket AS x WHERE x.CampaignId = c.CampaignId),
            (SELECT COUNT(*) FROM ads.Ad AS x WHERE x.CampaignId = c.CampaignId)
        FROM ads.Campaign AS c WHERE c.Origin = 'GENERATOR'""")
    assert all(min(r[1:]) >= 1 for r in sizes)
    for column in (1, 2, 3):
        assert len({r[column] for r in sizes}) >= 3
    unused = fetch_all(ads_conn, """
        SELECT 'channel', cc.CampaignChannelId FROM ads.CampaignChannel AS cc
        WHERE NOT EXISTS (SELECT 1 FROM ads.AdPlacement AS p WHERE p.CampaignChannelId = cc.CampaignChannelId)
        UNION ALL
        SELECT 'market', cm.CampaignMarketId FROM ads.CampaignMarket AS cm
        WHERE NOT EXISTS (SELECT 1 FROM ads.AdPlacement AS p WHERE p.CampaignMarketId = cm.CampaignMarketId)
        UNION ALL
        SELECT 'ad', a.AdId FROM ads.Ad AS a
        WHERE NOT EXISTS (SELECT 1 FROM ads.AdPlacement AS p WHERE p.AdId = a.AdId)""")
    assert unused == []


@pytest.mark.req("ADS-3")
def test_daily_results_cover_every_day_from_start_to_end_or_to_the_as_of_date(ads_conn: Any, as_of: date) -> None:
    """Finished campaigns stop on their end date; active ones run up to the as-of date; no gaps, nothing later."""
    rows = fetch_all(ads_conn, """
        SELECT c.StatusCode, c.StartDate, c.EndDate, MIN(dr.ResultDate), MAX(dr.ResultDate), COUNT(*),
               COUNT(DISTINCT p.AdPlacementId)
        FROM ads.Campaign AS c
        INNER JOIN ads.AdPlacement AS p ON c.CampaignId = p.CampaignId
        INNER JOIN ads.DailyResult AS dr ON p.AdPlacementId = dr.AdPlacementId
        WHERE c.Origin = 'GENERATOR'
        GROUP BY c.CampaignId, c.StatusCode, c.StartDate, c.EndDate""")
    assert len(rows) == 1000
    for status, start, end, first, last, count, placements in rows:
        expected_last = as_of if status == "ACTIVE" else end
        assert (first, last) == (start, expected_last)
        assert count == placements * ((expected_last - start).days + 1)


@pytest.mark.req("ADS-3")
def test_results_are_believable_funnels_with_revenue_from_the_price_and_cost_within_budget(ads_conn: Any) -> None:
    """views >= reach, views >= interactions >= reactions >= likes, interactions >= sales, revenue = sales x
    price, exposure hours present, and no campaign spends more than its budget."""
    broken = fetch_value(ads_conn, """
        SELECT COUNT(*)
        FROM ads.DailyResult AS dr
        INNER JOIN ads.Campaign AS c ON dr.CampaignId = c.CampaignId
        INNER JOIN ads.Product AS pr ON c.ProductId = pr.ProductId
        WHERE NOT (
            dr.Views >= dr.AudienceReached AND dr.Views >= dr.Interactions AND dr.Interactions >= dr.Reactions
            AND dr.Reactions >= dr.Likes AND dr.Interactions >= dr.Sales AND dr.Revenue = dr.Sales * pr.UnitPrice
        )""")
    assert broken == 0
    totals = fetch_all(ads_conn, """
        SELECT c.Budget, SUM(dr.Cost), SUM(dr.Views), SUM(dr.Sales), SUM(dr.ExposureHours)
        FROM ads.Campaign AS c INNER JOIN ads.DailyResult AS dr ON c.CampaignId = dr.CampaignId
        WHERE c.Origin = 'GENERATOR' GROUP BY c.CampaignId, c.Budget""")
    assert all(cost <= budget for budget, cost, *_ in totals)
    assert all(views > 0 and hours > 0 for _b, _c, views, _s, hours in totals)
    assert sum(1 for t in totals if t[3] > 0) >= 900


@pytest.mark.req("ADS-3")
def test_influencer_placements_have_reactions(ads_conn: Any) -> None:
    """Campaigns on influencer channels exist and their posts collect reactions and likes."""
    rows = fetch_all(ads_conn, """
        SELECT COUNT(DISTINCT cc.CampaignId), SUM(CAST(dr.Reactions AS bigint)), SUM(CAST(dr.Likes AS bigint))
        FROM ads.CampaignChannel AS cc
        INNER JOIN ads.AdPlacement AS p ON cc.CampaignChannelId = p.CampaignChannelId
        INNER JOIN ads.DailyResult AS dr ON p.AdPlacementId = dr.AdPlacementId
        WHERE cc.InfluencerId IS NOT NULL""")
    campaigns, reactions, likes = rows[0]
    assert campaigns >= 100
    assert reactions > likes > 0


PLACEHOLDER = re.compile(r"\b(promo|ad|anuncio|campaign|campaña|test|prueba|lorem|ipsum|item|name)\s*#?\d+\b", re.I)


@pytest.mark.req("ADS-3")
def test_campaign_and_ad_texts_are_realistic_not_placeholders(ads_conn: Any) -> None:
    """No 'Promo 1'-style names; varied headlines and bodies in Spanish and English; brand names per contract."""
    texts = fetch_all(ads_conn, """
        SELECT c.CampaignName, a.AdName, a.Headline, a.BodyText, a.CallToAction, a.LanguageCode
        FROM ads.Ad AS a INNER JOIN ads.Campaign AS c ON a.CampaignId = c.CampaignId
        WHERE c.Origin = 'GENERATOR'""")
    assert texts
    assert not [t for t in texts if any(PLACEHOLDER.search(str(x)) for x in t[:5])]
    assert len({t[2].strip() for t in texts}) >= 100
    assert len({t[3] for t in texts}) >= 100
    assert {t[5] for t in texts} == {"es", "en"}
    companies = dict(fetch_all(
        ads_conn, "SELECT CompanyCode, CompanyName FROM ads.Company WHERE CompanyId IN (1, 21, 200)"))
    assert companies == {"CO-0001": "Aurora Alimentos", "CO-0021": "Aurora Tecnología", "CO-0200": "Volcán Cosmética"}


@pytest.mark.req("ADS-2")
def test_status_history_dates_follow_each_campaign(ads_conn: Any) -> None:
    """Generated history: created (SCHEDULED) before the start, ACTIVE on the start, FINISHED the day after the end."""
    rows = fetch_all(ads_conn, """
        SELECT c.CampaignId, c.StatusCode, c.StartDate, c.EndDate, h.NewStatusCode, h.ChangedAt
        FROM ads.Campaign AS c INNER JOIN ads.CampaignStatusHistory AS h ON c.CampaignId = h.CampaignId
        WHERE c.Origin = 'GENERATOR'""")
    history: dict[int, dict[str, Any]] = defaultdict(dict)
    for campaign_id, status, start, end, new_status, changed_at in rows:
        history[campaign_id]["row"] = (status, start, end)
        history[campaign_id][new_status] = changed_at
    assert len(history) == 1000
    for item in history.values():
        status, start, end = item["row"]
        assert item["SCHEDULED"].date() < start
        assert item["ACTIVE"].date() == start
        if status == "FINISHED":
            assert item["FINISHED"].date() == end + timedelta(days=1)
        else:
            assert "FINISHED" not in item


FINGERPRINT = """
SELECT
    (SELECT CHECKSUM_AGG(CHECKSUM(CampaignCode, CompanyId, StartDate, EndDate, Budget, StatusCode, CampaignName))
     FROM ads.Campaign WHERE Origin = 'GENERATOR'),
    (SELECT CHECKSUM_AGG(CHECKSUM(c.CampaignCode, dr.ResultDate, dr.Views, dr.Sales, dr.Cost, dr.Reactions))
     FROM ads.DailyResult AS dr INNER JOIN ads.Campaign AS c ON dr.CampaignId = c.CampaignId),
    (SELECT COUNT_BIG(*) FROM ads.DailyResult),
    (SELECT COUNT_BIG(*) FROM ads.SentimentEvent)
"""


@pytest.mark.req("ADS-2", "ADS-3")
def test_the_same_seed_regenerates_the_same_history_and_another_seed_does_not(
    ads_conn: Any, settings: Any
) -> None:
    """Inside a rolled-back transaction: regenerating with the run's parameters gives identical business data,
    a different seed gives different data (the generator is seeded, never the wall clock)."""
    before = tuple(fetch_all(ads_conn, FINGERPRINT)[0])
    call = ("EXEC ads.ADSSP_GenerateHistory @CampaignCount = 1000, @Seed = ?, @AsOfDate = ?, @Scale = ?, "
            "@Force = 1;")
    ads_conn.cursor().execute("BEGIN TRANSACTION;")
    try:
        fetch_all(ads_conn, call, settings.seed, settings.as_of.isoformat(), settings.scale)
        same = tuple(fetch_all(ads_conn, FINGERPRINT)[0])
        fetch_all(ads_conn, call, settings.seed + 1, settings.as_of.isoformat(), settings.scale)
        other = tuple(fetch_all(ads_conn, FINGERPRINT)[0])
    finally:
        ads_conn.cursor().execute("IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;")
    assert same == before
    assert other[:2] != before[:2]
    assert tuple(fetch_all(ads_conn, FINGERPRINT)[0]) == before


@pytest.mark.req("ADS-2")
def test_the_generator_is_seeded_by_a_deterministic_hash(ads_conn: Any) -> None:
    """ads.ufn_SeededNumbers returns the same eight numbers for the same input and others for another seed."""
    rows = fetch_all(ads_conn, """
        SELECT a.R1, a.R8, b.R1, b.R8, c.R1
        FROM ads.ufn_SeededNumbers(20250701, 'campaign', 1, 0, 0) AS a
        CROSS JOIN ads.ufn_SeededNumbers(20250701, 'campaign', 1, 0, 0) AS b
        CROSS JOIN ads.ufn_SeededNumbers(20250702, 'campaign', 1, 0, 0) AS c""")
    a1, a8, b1, b8, c1 = rows[0]
    assert (a1, a8) == (b1, b8)
    assert a1 != c1
    assert 0 <= a1 < 2**32


@pytest.mark.req("ADS-3", "CRM-3")
def test_the_crm_view_has_the_contract_columns_and_matches_the_daily_results(ads_conn: Any) -> None:
    """ads.vw_CampaignSalesReach: the contract's column list and types; totals equal the daily results."""
    columns = fetch_all(ads_conn, """
        SELECT c.name, TYPE_NAME(c.user_type_id), c.max_length, c.precision, c.scale
        FROM sys.columns AS c WHERE c.object_id = OBJECT_ID(N'ads.vw_CampaignSalesReach') ORDER BY c.column_id""")
    assert [(r[0], r[1]) for r in columns] == [
        ("CampaignId", "int"), ("CampaignCode", "varchar"), ("CompanyCode", "varchar"), ("StartDate", "date"),
        ("EndDate", "date"), ("StatusCode", "varchar"), ("Reach", "bigint"), ("SalesCount", "int"),
        ("SalesAmount", "decimal"), ("Cost", "decimal"),
    ]
    sizes = {r[0]: r[2:] for r in columns}
    assert sizes["CampaignCode"][0] == 12 and sizes["CompanyCode"][0] == 7 and sizes["StatusCode"][0] == 20
    assert sizes["SalesAmount"][1:] == (19, 2) and sizes["Cost"][1:] == (19, 2)
    view = fetch_all(ads_conn, "SELECT SUM(SalesAmount), SUM(Cost), SUM(Reach), SUM(CAST(SalesCount AS bigint)) "
                               "FROM ads.vw_CampaignSalesReach")[0]
    raw = fetch_all(ads_conn, "SELECT SUM(Revenue), SUM(Cost), SUM(AudienceReached), SUM(CAST(Sales AS bigint)) "
                              "FROM ads.DailyResult")[0]
    assert tuple(view) == tuple(raw)
    assert isinstance(view[0], Decimal)
