"""ADS-5 planted scenarios are spaced per brand (issue 14), checked on the Python model of the generator
(generator_model.py), which needs no SQL Server: the model first reproduces the defect found by executing the
T-SQL (CO-0097 with two crises 14 days apart at scale small), then shows the fixed choice keeps one crisis per
brand for several seeds, dates and both scales. test_negative_sentiment.py compares the model with the engine."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta

import pytest
from generator_model import planted_scenarios, planted_scenarios_before_the_fix

from harness import REPO_ROOT

pytestmark = [pytest.mark.static]

CONTROL_DAYS = 14          # 930's third query: the two weeks before a crisis
CRISIS_DAYS = 10           # StartsOn .. StartsOn + 9
AS_OF = date(2026, 1, 31)
SEED = 20250701


@pytest.mark.req("ADS-5")
def test_the_model_reproduces_the_two_close_crises_of_co_0097_that_the_executed_t_sql_planted() -> None:
    """Before the fix: exactly what the engine wrote at scale small, CO-0097 on 2026-01-04..13 and 01-18..27."""
    old = planted_scenarios_before_the_fix(SEED, AS_OF, 1000, "small")

    co_0097 = sorted((s.starts_on, s.ends_on) for s in old if s.company_code == "CO-0097")
    assert len(old) == 20
    assert co_0097 == [(date(2026, 1, 4), date(2026, 1, 13)), (date(2026, 1, 18), date(2026, 1, 27))]


@pytest.mark.parametrize(("seed", "as_of", "scale"), [
    (SEED, AS_OF, "small"), (SEED, AS_OF, "full"), (SEED + 1, AS_OF, "small"), (7, date(2025, 6, 30), "full"),
])
@pytest.mark.req("ADS-5")
def test_a_brands_planted_crises_are_further_apart_than_the_control_window(seed: int, as_of: date,
                                                                           scale: str) -> None:
    """After the fix: one crisis per brand, so no other planted crisis of the brand starts within the two
    control weeks plus the crisis length of another one; still max(3, count / 50) scenarios."""
    scenarios = planted_scenarios(seed, as_of, 1000, scale)
    by_brand: dict[str, list[date]] = defaultdict(list)
    for s in scenarios:
        by_brand[s.company_code].append(s.starts_on)
        assert s.ends_on - s.starts_on == timedelta(days=CRISIS_DAYS - 1)

    assert len(scenarios) == 20
    for starts in by_brand.values():
        gaps = [abs((a - b).days) for i, a in enumerate(starts) for b in starts[i + 1:]]
        assert all(gap > CONTROL_DAYS + CRISIS_DAYS for gap in gaps)
    assert all(len(starts) == 1 for starts in by_brand.values())


@pytest.mark.req("ADS-5")
def test_more_scenarios_than_brands_are_capped_at_one_per_brand() -> None:
    """@CampaignCount 12,000 asks for 240 scenarios; 200 brands give at most 200, never two for one brand."""
    scenarios = planted_scenarios(SEED, AS_OF, 12_000, "small")

    brands = [s.company_code for s in scenarios]
    assert 150 < len(brands) <= 200
    assert len(set(brands)) == len(brands)


@pytest.mark.req("ADS-5")
def test_the_generator_procedure_chooses_one_scenario_per_brand_as_the_model_does() -> None:
    """110 ranks eligible ads per CompanyId by the 'scenario' number and keeps rank 1 before TOP (@ScenarioCount)."""
    sql = (REPO_ROOT / "sqlserver_ads" / "110_create_procedure_generate_history.sql").read_text(encoding="utf-8")
    block = sql[sql.index("planted ADS-5 scenarios"):sql.index("INSERT INTO #Scenario")]

    assert re.search(r"ROW_NUMBER\(\) OVER \(PARTITION BY e\.CompanyId ORDER BY r\.R1, e\.Ordinal\) AS BrandRank",
                     block)
    assert re.search(r"SELECT TOP \(@ScenarioCount\) b\.\*\s+FROM by_brand AS b\s+WHERE b\.BrandRank = 1\s+"
                     r"ORDER BY b\.R1, b\.Ordinal", block)
