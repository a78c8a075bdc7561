"""Fixtures for the PromptAds tests: autocommit connections to PromptAds on the "ads" instance that clean up
what a test commits (campaigns CMP-9xxxxx created through the procedure, and the log rows written after the
test started)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from ads_helpers import fetch_all, fetch_value

# Rolled back in its own batch without parameters: a parameterized batch is an RPC for pyodbc, and an RPC
# that changes @@TRANCOUNT raises error 266 when it returns.
ROLLBACK_OPEN = "IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;"
CLEANUP = """
SET NOCOUNT ON;
DECLARE @Doomed TABLE (CampaignId int PRIMARY KEY);
INSERT INTO @Doomed (CampaignId)
SELECT CampaignId FROM ads.Campaign WHERE CampaignCode LIKE 'CMP-9%' AND Origin = 'PORTAL';
DELETE r FROM ads.DailyResult AS r INNER JOIN @Doomed AS d ON r.CampaignId = d.CampaignId;
DELETE s FROM ads.SentimentEvent AS s INNER JOIN @Doomed AS d ON s.CampaignId = d.CampaignId;
DELETE k FROM ads.CampaignPerformanceRanking AS k INNER JOIN @Doomed AS d ON k.CampaignId = d.CampaignId;
DELETE p FROM ads.AdPlacement AS p INNER JOIN @Doomed AS d ON p.CampaignId = d.CampaignId;
DELETE a FROM ads.Ad AS a INNER JOIN @Doomed AS d ON a.CampaignId = d.CampaignId;
DELETE c FROM ads.CampaignChannel AS c INNER JOIN @Doomed AS d ON c.CampaignId = d.CampaignId;
DELETE m FROM ads.CampaignMarket AS m INNER JOIN @Doomed AS d ON m.CampaignId = d.CampaignId;
DELETE h FROM ads.CampaignStatusHistory AS h INNER JOIN @Doomed AS d ON h.CampaignId = d.CampaignId;
DELETE c FROM ads.Campaign AS c INNER JOIN @Doomed AS d ON c.CampaignId = d.CampaignId;
DELETE FROM ads.ActivityLog WHERE LogId > ?;
"""


@pytest.fixture
def ads_conn(ads_db: Any) -> Iterator[Any]:
    """An autocommit connection to PromptAds; committed test campaigns and log rows are removed afterwards."""
    conn = ads_db.connect("PromptAds", autocommit=True, timeout=60)
    last_log_id = fetch_value(conn, "SELECT ISNULL(MAX(LogId), 0) FROM ads.ActivityLog")
    try:
        yield conn
    finally:
        cursor = conn.cursor()
        cursor.execute(ROLLBACK_OPEN)
        cursor.execute(CLEANUP, last_log_id)
        while cursor.nextset():
            pass
        conn.close()


@pytest.fixture
def last_log_id(ads_conn: Any) -> int:
    """The highest ads.ActivityLog id before the test acts."""
    return int(fetch_value(ads_conn, "SELECT ISNULL(MAX(LogId), 0) FROM ads.ActivityLog"))


@pytest.fixture
def influencer_handles(ads_conn: Any) -> list[str]:
    """Two influencers of the Instagram influencer channel (reference data of 120_seed_reference_data.sql)."""
    rows = fetch_all(
        ads_conn,
        "SELECT TOP (2) i.Handle FROM ads.Influencer AS i INNER JOIN ads.Channel AS ch ON i.ChannelId = ch.ChannelId "
        "WHERE ch.ChannelCode = 'INFLUENCER_IG' ORDER BY i.Handle",
    )
    return [r[0] for r in rows]


@pytest.fixture
def as_of(settings: Any) -> Any:
    """The as-of date the folder was generated with (settings.as_of)."""
    return settings.as_of
