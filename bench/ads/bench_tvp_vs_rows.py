"""Benchmark (ADS-1): campaigns per second created through ads.ADSSP_CreateCampaign with TVPs (one round trip
per campaign) against the same campaign created row by row from the client (one INSERT per row, ids read
back with OUTPUT, one client transaction per campaign).

Each campaign has 6 channels, 8 markets, 12 ads and 24 placements. Campaign codes CMP-95xxxx are deleted
after each mode. Needs a SQL Server with sqlserver_ads/ applied (PROMPTSALES_MSSQL_ADS_URL, or Docker).
Usage:

    python bench/ads/bench_tvp_vs_rows.py [--campaigns 200]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from harness.engines.mssql import provide

CHANNELS = [("fb", "FACEBOOK"), ("ig", "INSTAGRAM"), ("tt", "TIKTOK"), ("mail", "EMAIL"), ("yt", "YOUTUBE"),
            ("in", "LINKEDIN")]
MARKETS = [(f"m{i}", code) for i, code in enumerate(
    ["CR-GENZ", "CR-MILLENNIAL", "MX-GENZ", "MX-FAMILY", "CO-MILLENNIAL", "US-FAMILY", "ES-SENIOR", "CL-GENZ"], 1)]
ADS = [(f"ad{i}", f"Variante {chr(64 + i)} · Reloj inteligente Delta", "Conoce el Reloj inteligente Delta",
        "Batería para todo el día y dos años de garantía. 15 % menos en tu primera compra.", "Compra ahora",
        "IMAGE", "es", f"https://www.delta-tecnologia.com/es/reloj?v={i}") for i in range(1, 13)]
PLACEMENTS = [(f"ad{i}", CHANNELS[(i + k) % 6][0], MARKETS[(i + 3 * k) % 8][0]) for i in range(1, 13) for k in (0, 1)]
CAMPAIGN = ("CO-0024", "PR-0024-2", "Lanzamiento Reloj inteligente Delta", "CONVERSION",
            "Profesionales jóvenes de 25 a 34 años interesados en tecnología de consumo", 60000, "2026-02-02",
            "2026-03-29")

TVP_BATCH = """
SET NOCOUNT ON;
DECLARE @C ads.CampaignChannelList, @M ads.CampaignMarketList, @A ads.CampaignAdList,
        @P ads.CampaignAdPlacementList, @Id int;
INSERT INTO @C (ChannelKey, ChannelCode) SELECT k, c FROM OPENJSON(?) WITH (k varchar(30) '$[0]', c varchar(20) '$[1]');
INSERT INTO @M (MarketKey, MarketCode) SELECT k, c FROM OPENJSON(?) WITH (k varchar(30) '$[0]', c varchar(20) '$[1]');
INSERT INTO @A (AdKey, AdName, Headline, BodyText, CallToAction, CreativeFormat, LanguageCode, LandingUrl)
SELECT k, n, h, b, t, f, l, u FROM OPENJSON(?) WITH (k varchar(30) '$[0]', n nvarchar(150) '$[1]',
    h nvarchar(200) '$[2]', b nvarchar(1000) '$[3]', t nvarchar(40) '$[4]', f varchar(20) '$[5]',
    l char(2) '$[6]', u varchar(400) '$[7]');
INSERT INTO @P (AdKey, ChannelKey, MarketKey) SELECT a, c, m FROM OPENJSON(?)
WITH (a varchar(30) '$[0]', c varchar(30) '$[1]', m varchar(30) '$[2]');
EXEC ads.ADSSP_CreateCampaign @CampaignCode = ?, @CompanyCode = ?, @ProductCode = ?, @CampaignName = ?,
    @Objective = ?, @TargetAudience = ?, @Budget = ?, @StartDate = ?, @EndDate = ?, @Channels = @C,
    @Markets = @M, @Ads = @A, @Placements = @P, @CampaignId = @Id OUTPUT;
"""

CLEANUP = """
SET NOCOUNT ON;
DECLARE @Ids TABLE (CampaignId int PRIMARY KEY);
INSERT INTO @Ids SELECT CampaignId FROM ads.Campaign WHERE CampaignCode LIKE 'CMP-95%' AND Origin = 'PORTAL';
DELETE p FROM ads.AdPlacement AS p INNER JOIN @Ids AS i ON p.CampaignId = i.CampaignId;
DELETE a FROM ads.Ad AS a INNER JOIN @Ids AS i ON a.CampaignId = i.CampaignId;
DELETE c FROM ads.CampaignChannel AS c INNER JOIN @Ids AS i ON c.CampaignId = i.CampaignId;
DELETE m FROM ads.CampaignMarket AS m INNER JOIN @Ids AS i ON m.CampaignId = i.CampaignId;
DELETE h FROM ads.CampaignStatusHistory AS h INNER JOIN @Ids AS i ON h.CampaignId = i.CampaignId;
DELETE c FROM ads.Campaign AS c INNER JOIN @Ids AS i ON c.CampaignId = i.CampaignId;
DELETE FROM ads.ActivityLog WHERE EventName = 'CAMPAIGN_CREATED' AND ContextJson LIKE '%CMP-95%';
"""


def _json(rows: list[tuple[Any, ...]]) -> str:
    import json  # noqa: PLC0415

    return json.dumps([list(r) for r in rows], ensure_ascii=False)


def with_tvps(conn: Any, code: str) -> None:
    cursor = conn.cursor()
    cursor.execute(TVP_BATCH, _json(CHANNELS), _json(MARKETS), _json(ADS), _json(PLACEMENTS), code, *CAMPAIGN)
    while cursor.nextset():
        pass


def row_by_row(conn: Any, code: str) -> None:
    """What a client without TVPs does: one statement per row, ids read back, one transaction."""
    cursor = conn.cursor()
    cursor.execute("BEGIN TRANSACTION;")
    company, product, name, objective, audience, budget, start, end = CAMPAIGN
    # ads.Campaign has a trigger (history), so OUTPUT without INTO is not allowed there (error 334): the id
    # comes back with SCOPE_IDENTITY() instead.
    campaign_id = cursor.execute(
        "SET NOCOUNT ON; "
        "INSERT INTO ads.Campaign (CampaignCode, CompanyId, ProductId, CampaignName, Objective, TargetAudience, "
        "Budget, StartDate, EndDate, StatusCode, Origin) "
        "SELECT ?, co.CompanyId, pr.ProductId, ?, ?, ?, ?, ?, ?, 'SCHEDULED', 'PORTAL' FROM ads.Company AS co "
        "INNER JOIN ads.Product AS pr ON pr.CompanyId = co.CompanyId AND pr.ProductCode = ? WHERE co.CompanyCode = ?; "
        "SELECT CAST(SCOPE_IDENTITY() AS int);",
        code, name, objective, audience, budget, start, end, product, company).fetchone()[0]
    channel_ids = {key: cursor.execute(
        "INSERT INTO ads.CampaignChannel (CampaignId, ChannelId) OUTPUT inserted.CampaignChannelId "
        "SELECT ?, ChannelId FROM ads.Channel WHERE ChannelCode = ?", campaign_id, channel).fetchone()[0]
        for key, channel in CHANNELS}
    market_ids = {key: cursor.execute(
        "INSERT INTO ads.CampaignMarket (CampaignId, MarketId) OUTPUT inserted.CampaignMarketId "
        "SELECT ?, MarketId FROM ads.Market WHERE MarketCode = ?", campaign_id, market).fetchone()[0]
        for key, market in MARKETS}
    ad_ids = {ad[0]: cursor.execute(
        "INSERT INTO ads.Ad (CampaignId, AdName, Headline, BodyText, CallToAction, CreativeFormat, LanguageCode, "
        "LandingUrl) OUTPUT inserted.AdId VALUES (?, ?, ?, ?, ?, ?, ?, ?)", campaign_id, *ad[1:]).fetchone()[0]
        for ad in ADS}
    for ad, channel, market in PLACEMENTS:
        cursor.execute("INSERT INTO ads.AdPlacement (CampaignId, AdId, CampaignChannelId, CampaignMarketId) "
                       "VALUES (?, ?, ?, ?)", campaign_id, ad_ids[ad], channel_ids[channel], market_ids[market])
    cursor.execute("COMMIT TRANSACTION;")


def measure(conn: Any, label: str, create: Any, campaigns: int, offset: int) -> float:
    started = time.perf_counter()
    for n in range(campaigns):
        create(conn, f"CMP-95{offset + n:04d}")
    elapsed = time.perf_counter() - started
    print(f"{label:<12} {campaigns} campaigns in {elapsed:.2f} s: {campaigns / elapsed:.1f} campaigns/s, "
          f"{campaigns * (1 + len(CHANNELS) + len(MARKETS) + len(ADS) + len(PLACEMENTS)) / elapsed:.0f} rows/s")
    cleanup = conn.cursor()
    cleanup.execute(CLEANUP)
    while cleanup.nextset():
        pass
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--campaigns", type=int, default=200)
    args = parser.parse_args()
    server = provide("ads")
    try:
        with server.connect("PromptAds", autocommit=True, timeout=600) as conn:
            tvp = measure(conn, "TVP", with_tvps, args.campaigns, 0)
            rows = measure(conn, "row by row", row_by_row, args.campaigns, 5000)
            print(f"TVP procedure is {rows / tvp:.1f}x faster ({server.describe()})")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
