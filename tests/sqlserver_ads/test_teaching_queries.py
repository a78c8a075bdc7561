"""ADS-4: each teaching query of 800_report_teaching_queries.sql, run from the script itself, gives the result
its explanation documents; the expected value is derived here by another route (other SQL or Python over
raw rows). Batches that write (MERGE, UPDATE) run inside a transaction that is rolled back."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from ads_helpers import fetch_all, teaching_queries

pytestmark = [pytest.mark.mssql]

QUERIES = teaching_queries()


@pytest.mark.req("ADS-4")
def test_the_script_has_one_batch_per_construct() -> None:
    """EXCEPT, INTERSECT, MERGE, LTRIM, LOWER, FLOOR, CEILING and UPDATE FROM SELECT, each used in its batch."""
    assert set(QUERIES) == {"EXCEPT", "INTERSECT", "MERGE", "LTRIM", "LOWER", "FLOOR", "CEILING", "UPDATE FROM SELECT"}
    for name, text in QUERIES.items():
        keyword = "UPDATE" if name == "UPDATE FROM SELECT" else name
        code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
        assert f"{keyword}" in code.split("*/")[-1].upper(), name


@pytest.mark.req("ADS-4")
def test_except_lists_the_brands_with_campaigns_but_none_active(ads_conn: Any) -> None:
    """EXCEPT result = companies with campaigns minus companies with an ACTIVE one (Python sets), no repeats."""
    result = [r[0] for r in fetch_all(ads_conn, QUERIES["EXCEPT"])]
    rows = fetch_all(ads_conn, "SELECT co.CompanyCode, c.StatusCode FROM ads.Campaign AS c "
                               "INNER JOIN ads.Company AS co ON c.CompanyId = co.CompanyId")
    with_campaigns = {code for code, _ in rows}
    with_active = {code for code, status in rows if status == "ACTIVE"}
    assert sorted(result) == sorted(with_campaigns - with_active)
    assert len(set(result)) == len(result)
    assert 0 < len(result) < 200


@pytest.mark.req("ADS-4")
def test_intersect_lists_the_channels_of_both_decembers(ads_conn: Any) -> None:
    """INTERSECT result = channels used by campaigns starting in Dec 2024 and in Dec 2025 (Python sets)."""
    result = [r[0] for r in fetch_all(ads_conn, QUERIES["INTERSECT"])]
    rows = fetch_all(ads_conn, """
        SELECT ch.ChannelCode, c.StartDate
        FROM ads.CampaignChannel AS cc
        INNER JOIN ads.Channel AS ch ON cc.ChannelId = ch.ChannelId
        INNER JOIN ads.Campaign AS c ON cc.CampaignId = c.CampaignId""")
    dec24 = {code for code, start in rows if (start.year, start.month) == (2024, 12)}
    dec25 = {code for code, start in rows if (start.year, start.month) == (2025, 12)}
    assert sorted(result) == sorted(dec24 & dec25)
    assert len(set(result)) == len(result)
    assert result


def _expected_ranking(conn: Any) -> dict[int, tuple[str, Decimal, Decimal, Decimal, str]]:
    """ROI per campaign from the results summed through the placements (not DailyResult.CampaignId)."""
    sums = fetch_all(conn, """
        SELECT p.CampaignId, co.IndustryCode, SUM(dr.Revenue), SUM(dr.Cost)
        FROM ads.DailyResult AS dr
        INNER JOIN ads.AdPlacement AS p ON dr.AdPlacementId = p.AdPlacementId
        INNER JOIN ads.Campaign AS c ON p.CampaignId = c.CampaignId
        INNER JOIN ads.Company AS co ON c.CompanyId = co.CompanyId
        GROUP BY p.CampaignId, co.IndustryCode""")
    expected = {}
    for campaign_id, industry, revenue, cost in sums:
        if cost <= 0:
            continue
        roi = ((revenue - cost) * 100 / cost).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        tier = "TOP" if roi >= 100 else "MIDDLE" if roi >= 0 else "BOTTOM"
        expected[campaign_id] = (industry, revenue, cost, roi, tier)
    return expected


@pytest.mark.req("ADS-4")
def test_merge_keeps_the_performance_ranking_equal_to_its_definition(ads_conn: Any) -> None:
    """After the script, one ranking row per campaign with cost; ROI, tier and rank within industry as defined."""
    expected = _expected_ranking(ads_conn)
    stored = {r[0]: r[1:] for r in fetch_all(ads_conn, "SELECT CampaignId, IndustryCode, Revenue, Cost, RoiPct, "
                                                       "PerformanceTier, RankInIndustry "
                                                       "FROM ads.CampaignPerformanceRanking")}
    assert set(stored) == set(expected)
    by_industry: dict[str, list[Decimal]] = defaultdict(list)
    for campaign_id, (industry, revenue, cost, roi, tier) in expected.items():
        got = stored[campaign_id]
        assert (got[0], got[1], got[2]) == (industry, revenue, cost)
        assert abs(got[3] - roi) <= Decimal("0.01")
        assert got[4] == ("TOP" if got[3] >= 100 else "MIDDLE" if got[3] >= 0 else "BOTTOM")
        assert got[4] == tier or abs(roi) <= Decimal("0.01") or abs(roi - 100) <= Decimal("0.01")
        by_industry[industry].append(got[3])
    for campaign_id, got in stored.items():
        better = sum(1 for other in by_industry[got[0]] if other > got[3])
        assert got[5] == better + 1, campaign_id


@pytest.mark.req("ADS-4")
def test_merge_reports_nothing_when_in_sync_and_inserts_or_updates_only_what_changed(ads_conn: Any) -> None:
    """Re-running the MERGE batch changes nothing; after removing one row and spoiling another it reports
    exactly one INSERT and one UPDATE (inside a rolled-back transaction)."""
    ads_conn.cursor().execute("BEGIN TRANSACTION;")
    try:
        assert fetch_all(ads_conn, QUERIES["MERGE"]) == []
        first, second = [r[0] for r in fetch_all(
            ads_conn, "SELECT TOP (2) CampaignId FROM ads.CampaignPerformanceRanking ORDER BY CampaignId")]
        ads_conn.cursor().execute("DELETE FROM ads.CampaignPerformanceRanking WHERE CampaignId = ?", first)
        ads_conn.cursor().execute("UPDATE ads.CampaignPerformanceRanking SET PerformanceTier = "
                                  "CASE PerformanceTier WHEN 'TOP' THEN 'BOTTOM' ELSE 'TOP' END WHERE CampaignId = ?",
                                  second)
        actions = dict(fetch_all(ads_conn, QUERIES["MERGE"]))
    finally:
        ads_conn.cursor().execute("IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;")
    assert actions == {"INSERT": 1, "UPDATE": 1}


@pytest.mark.req("ADS-4")
def test_ltrim_finds_exactly_the_imported_headlines_with_leading_blanks(ads_conn: Any) -> None:
    """LTRIM result = the ads whose headline starts with a blank (Python str check); all imported, 2 blanks each."""
    result = fetch_all(ads_conn, QUERIES["LTRIM"])
    ads = fetch_all(ads_conn, "SELECT AdId, Headline, SourceSystem FROM ads.Ad")
    expected = sorted(ad_id for ad_id, headline, _source in ads if headline[:1].isspace())
    assert [r[0] for r in result] == expected
    assert result
    assert all(source != "PORTAL" for _id, source, *_ in result)
    assert all(original.lstrip() == clean and removed == 2 for _id, _s, original, clean, removed in result)
    imported = sorted(ad_id for ad_id, _h, source in ads if source != "PORTAL")
    assert imported == expected


@pytest.mark.req("ADS-4")
def test_lower_builds_lowercase_utm_parameters_with_the_placement_counts(ads_conn: Any) -> None:
    """LOWER result: one row per channel used, utm values equal Python's str.lower(), counts from raw rows."""
    result = fetch_all(ads_conn, QUERIES["LOWER"])
    channel_of_link = dict(fetch_all(ads_conn, "SELECT CampaignChannelId, ChannelId FROM ads.CampaignChannel"))
    channels = {r[0]: (r[1], r[2]) for r in fetch_all(ads_conn, "SELECT ChannelId, ChannelCode, ChannelType "
                                                                 "FROM ads.Channel")}
    counts: Counter[tuple[str, str]] = Counter()
    for (link,) in fetch_all(ads_conn, "SELECT CampaignChannelId FROM ads.AdPlacement"):
        code, kind = channels[channel_of_link[link]]
        counts[(code.lower(), kind.lower())] += 1
    assert sorted((r[0], r[1], r[2]) for r in result) == sorted((s, m, n) for (s, m), n in counts.items())
    assert all(r[0] == r[0].lower() and r[1] == r[1].lower() for r in result)


def _generated_budgets_and_days(conn: Any) -> list[tuple[Decimal, date, date]]:
    return [tuple(r) for r in fetch_all(conn, "SELECT Budget, StartDate, EndDate FROM ads.Campaign "
                                              "WHERE Origin = 'GENERATOR'")]


@pytest.mark.req("ADS-4")
def test_floor_buckets_budgets_in_steps_of_ten_thousand(ads_conn: Any) -> None:
    """FLOOR result = Python integer division of each budget by 10,000; the buckets add up to 1,000."""
    result = [(r[0], r[2]) for r in fetch_all(ads_conn, QUERIES["FLOOR"])]
    expected = Counter(int(budget) // 10000 * 10000 for budget, _s, _e in _generated_budgets_and_days(ads_conn))
    assert result == sorted(expected.items())
    assert sum(n for _bucket, n in result) == 1000


@pytest.mark.req("ADS-4")
def test_ceiling_counts_billable_weeks_rounding_up(ads_conn: Any) -> None:
    """CEILING result = Python ceil(days / 7) via -(-days // 7); the groups add up to 1,000."""
    result = [tuple(r) for r in fetch_all(ads_conn, QUERIES["CEILING"])]
    expected = Counter(-(-((end - start).days + 1) // 7) for _b, start, end in _generated_budgets_and_days(ads_conn))
    assert result == sorted(expected.items())
    assert sum(n for _weeks, n in result) == 1000


@pytest.mark.req("ADS-4")
def test_update_from_select_keeps_spent_and_sales_equal_to_the_daily_results(ads_conn: Any) -> None:
    """After the script every campaign's SpentAmount/SalesAmount equal its summed results (summed in Python);
    re-running updates 0 campaigns, and exactly 1 after one value is spoiled (rolled back)."""
    totals: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for campaign_id, cost, revenue in fetch_all(
            ads_conn, "SELECT CampaignId, SUM(Cost), SUM(Revenue) FROM ads.DailyResult "
                      "GROUP BY CampaignId, AdPlacementId"):
        totals[campaign_id][0] += cost
        totals[campaign_id][1] += revenue
    stored = {r[0]: [r[1], r[2]] for r in fetch_all(ads_conn, "SELECT CampaignId, SpentAmount, SalesAmount "
                                                               "FROM ads.Campaign WHERE Origin = 'GENERATOR'")}
    assert stored == dict(totals)

    ads_conn.cursor().execute("BEGIN TRANSACTION;")
    try:
        again = fetch_all(ads_conn, QUERIES["UPDATE FROM SELECT"])
        ads_conn.cursor().execute("UPDATE ads.Campaign SET SpentAmount = 0 WHERE CampaignCode = 'CMP-000001';")
        spoiled = fetch_all(ads_conn, QUERIES["UPDATE FROM SELECT"])
    finally:
        ads_conn.cursor().execute("IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;")
    assert [tuple(r) for r in again] == [(0,)]
    assert [tuple(r) for r in spoiled] == [(1,)]
