"""CRM-1 / CRM-2: the generated clients and their association with campaigns (scale small)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from crm_helpers import fetch_all

from harness.runner import run_script

pytestmark = pytest.mark.mssql

SCRIPTS = Path(__file__).resolve().parents[2] / "sqlserver_crm"
SMALL_CLIENTS = 50_000


@pytest.mark.req("CRM-1")
def test_scale_small_generates_the_documented_number_of_clients(crm_conn: Any) -> None:
    """Scale small yields 50,000 clients and records how long the set-based generation took."""
    count = fetch_all(crm_conn, "SELECT COUNT_BIG(*) FROM crm.Client")[0][0]
    run = fetch_all(crm_conn, "SELECT Scale, RowsGenerated, DurationMs FROM crm.SeedRun WHERE SeedStep = 'clients'")
    assert count == SMALL_CLIENTS
    assert run and run[0][0] == "small" and run[0][1] == SMALL_CLIENTS and run[0][2] >= 0


@pytest.mark.req("CRM-1")
def test_client_names_come_from_the_costa_rican_vocabularies(crm_conn: Any) -> None:
    """Every first name and both surnames are words of crm.NameVocabulary, and the two surnames differ."""
    bad = fetch_all(crm_conn, """
        SELECT COUNT(*) FROM crm.Client AS c
        WHERE NOT EXISTS (SELECT 1 FROM crm.NameVocabulary AS v
                          WHERE v.VocabularyKind IN ('FEMALE', 'MALE') AND v.Word = c.FirstName)
           OR NOT EXISTS (SELECT 1 FROM crm.NameVocabulary AS v
                          WHERE v.VocabularyKind = 'SURNAME' AND v.Word = c.LastName1)
           OR c.LastName1 = c.LastName2""")[0][0]
    assert bad == 0


@pytest.mark.req("CRM-1", "CRM-5")
def test_cedulas_have_the_costa_rican_format_and_emails_are_unique(crm_conn: Any) -> None:
    """Decrypted cédulas match P-0TTT-AAAA; e-mails are well formed; both blind indexes are unique."""
    rows = fetch_all(crm_conn, "SELECT TOP (500) Cedula, Email FROM crm.vw_ClientPii ORDER BY ClientId")
    uniques = fetch_all(crm_conn, """
        SELECT COUNT(*), COUNT(DISTINCT CedulaHash), COUNT(DISTINCT EmailHash) FROM crm.Client""")[0]
    assert len(rows) == 500
    assert all(re.fullmatch(r"[1-7]-0\d{3}-\d{4}", cedula) for cedula, _ in rows)
    assert all(re.fullmatch(r"[a-z]+\.[a-z]+\d+@[a-z.]+", email) for _, email in rows)
    assert uniques[0] == uniques[1] == uniques[2]


@pytest.mark.req("CRM-1", "CRM-7")
def test_clients_have_a_location_near_a_known_city(crm_conn: Any) -> None:
    """Every client's geography point lies within 10 km of its city (jitter is at most ±0.05°)."""
    far = fetch_all(crm_conn, """
        SELECT COUNT(*) FROM crm.Client AS c INNER JOIN crm.City AS ci ON c.CityId = ci.CityId
        WHERE c.Location.STDistance(geography::Point(ci.Latitude, ci.Longitude, 4326)) > 10000""")[0][0]
    assert far == 0


@pytest.mark.req("CRM-2")
def test_every_campaign_has_between_400_and_1000_clients(crm_conn: Any) -> None:
    """Each PromptAds campaign has 400-1,000 distinct associated clients, and none is left out."""
    row = fetch_all(crm_conn, """
        SELECT COUNT(*), MIN(n), MAX(n), (SELECT COUNT(*) FROM crm.Campaign)
        FROM (SELECT c.CampaignId, COUNT(cc.ClientId) AS n
              FROM crm.Campaign AS c LEFT JOIN crm.ClientCampaign AS cc ON c.CampaignId = cc.CampaignId
              GROUP BY c.CampaignId) AS x""")[0]
    campaigns, smallest, largest, total = row
    assert campaigns == total > 0
    assert 400 <= smallest and largest <= 1000


@pytest.mark.req("CRM-2")
def test_clients_belong_to_several_campaigns_and_each_association_has_one_lead(crm_conn: Any) -> None:
    """At scale small a client sits in several campaigns; leads and associations are one to one."""
    row = fetch_all(crm_conn, """
        SELECT (SELECT COUNT(*) FROM crm.ClientCampaign),
               (SELECT COUNT(*) FROM crm.Lead),
               (SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM crm.ClientCampaign GROUP BY ClientId) AS x)""")[0]
    assert row[0] == row[1]
    assert row[2] > 1


@pytest.mark.req("CRM-1", "OPS-5")
def test_rerunning_the_client_generator_with_the_same_parameters_changes_nothing(
    crm_db: Any, crm_conn: Any, settings: Any
) -> None:
    """080 run again with the same scale/seed/as-of is a no-op: same rows, same checksum."""
    checksum = ("SELECT COUNT_BIG(*), CHECKSUM_AGG(CHECKSUM(ClientId, FirstName, LastName1, BirthDate, CityId)) "
                "FROM crm.Client")
    before = fetch_all(crm_conn, checksum)[0]
    run_script(crm_db, SCRIPTS / "080_seed_clients.sql", settings=settings)
    after = fetch_all(crm_conn, checksum)[0]
    assert before == after


@pytest.mark.req("CRM-1")
def test_the_pseudo_random_helper_is_deterministic_and_spread(crm_conn: Any) -> None:
    """crm.fn_Rand gives the same value for the same inputs and covers a small range evenly."""
    row = fetch_all(crm_conn, """
        SELECT crm.fn_Rand(20250701, 42, 7), crm.fn_Rand(20250701, 42, 7),
               (SELECT COUNT(DISTINCT crm.fn_Rand(20250701, g.value, 1) % 10) FROM GENERATE_SERIES(1, 1000) AS g)""")[0]
    assert row[0] == row[1]
    assert row[2] == 10
