"""ADS-1: ads.ADSSP_CreateCampaign creates a campaign with its channels, markets, ads and placements from TVPs,
follows the course template (friendly numbered errors, only the log row written on failure) and never
commits or rolls back a transaction it did not open. Tests commit through the procedure and clean up
(fixture ads_conn)."""

from __future__ import annotations

from typing import Any

import pyodbc
import pytest
from ads_helpers import (
    CampaignSpec,
    create_campaign_batch,
    fetch_all,
    fetch_value,
    inline_params,
    native_error,
    rich_campaign,
    simple_campaign,
)

pytestmark = [pytest.mark.mssql]

CHILD_TABLES = ("ads.Campaign", "ads.CampaignChannel", "ads.CampaignMarket", "ads.Ad", "ads.AdPlacement",
                "ads.CampaignStatusHistory")


def _counts(conn: Any) -> dict[str, int]:
    return {t: int(fetch_value(conn, f"SELECT COUNT_BIG(*) FROM {t}")) for t in CHILD_TABLES}


def _create(conn: Any, spec: CampaignSpec) -> tuple[int, int]:
    sql, params = create_campaign_batch(spec)
    row = fetch_all(conn, sql, *params)[0]
    return int(row[0]), int(row[1])


@pytest.mark.req("ADS-1")
def test_one_call_creates_a_campaign_with_all_its_channels_markets_ads_and_placements(
    ads_conn: Any, influencer_handles: list[str], last_log_id: int
) -> None:
    """6 channels (2 influencers), 8 markets, 12 ads and 24 placements arrive in one call, keys mapped right."""
    spec = rich_campaign("CMP-900001", influencer_handles)

    campaign_id, return_code = _create(ads_conn, spec)

    assert return_code == 0
    assert fetch_value(ads_conn, "SELECT @@TRANCOUNT") == 0
    campaign = fetch_all(ads_conn, "SELECT CampaignCode, StatusCode, Origin, Budget FROM ads.Campaign "
                                   "WHERE CampaignId = ?", campaign_id)
    assert [(c[0], c[1], c[2], str(c[3])) for c in campaign] == [("CMP-900001", "SCHEDULED", "PORTAL", "45000.00")]
    counts = fetch_all(ads_conn, """
        SELECT
            (SELECT COUNT(*) FROM ads.CampaignChannel WHERE CampaignId = ?),
            (SELECT COUNT(*) FROM ads.CampaignChannel WHERE CampaignId = ? AND InfluencerId IS NOT NULL),
            (SELECT COUNT(*) FROM ads.CampaignMarket WHERE CampaignId = ?),
            (SELECT COUNT(*) FROM ads.Ad WHERE CampaignId = ?),
            (SELECT COUNT(*) FROM ads.AdPlacement WHERE CampaignId = ?)""", *([campaign_id] * 5))[0]
    assert tuple(counts) == (6, 2, 8, 12, 24)

    # Every placement ties the ad to the channel and market the client keys named.
    stored = fetch_all(ads_conn, """
        SELECT a.AdName, ch.ChannelCode, ISNULL(i.Handle, ''), m.MarketCode
        FROM ads.AdPlacement AS p
        INNER JOIN ads.Ad AS a ON p.AdId = a.AdId
        INNER JOIN ads.CampaignChannel AS cc ON p.CampaignChannelId = cc.CampaignChannelId
        INNER JOIN ads.Channel AS ch ON cc.ChannelId = ch.ChannelId
        LEFT JOIN ads.Influencer AS i ON cc.InfluencerId = i.InfluencerId
        INNER JOIN ads.CampaignMarket AS cm ON p.CampaignMarketId = cm.CampaignMarketId
        INNER JOIN ads.Market AS m ON cm.MarketId = m.MarketId
        WHERE p.CampaignId = ?""", campaign_id)
    ad_name = {a[0]: a[1] for a in spec.ads}
    channel = {c[0]: (c[1], c[2] or "") for c in spec.channels}
    market = dict(spec.markets)
    expected = {(ad_name[a], *channel[c], market[m]) for a, c, m in spec.placements}
    assert {tuple(r) for r in stored} == expected

    history = fetch_all(ads_conn, "SELECT ChangeKind, NewStatusCode FROM ads.CampaignStatusHistory "
                                  "WHERE CampaignId = ?", campaign_id)
    assert [tuple(h) for h in history] == [("CREATED", "SCHEDULED")]
    log = fetch_all(ads_conn, "SELECT LogLevel, EventName FROM ads.ActivityLog WHERE LogId > ?", last_log_id)
    assert [tuple(r) for r in log] == [("INFO", "CAMPAIGN_CREATED")]


def _unknown_channel(spec: CampaignSpec) -> None:
    spec.channels[1] = ("mail", "PINTEREST", None, "0.4000")


def _influencer_on_plain_channel(spec: CampaignSpec) -> None:
    spec.channels[0] = ("ig", "INSTAGRAM", "valeria.viajes", "0.6000")


def _unknown_market(spec: CampaignSpec) -> None:
    spec.markets[1] = ("mx", "BR-GENZ")


def _duplicate_ad_names(spec: CampaignSpec) -> None:
    first = spec.ads[0]
    spec.ads[1] = ("a2", " " + first[1] + " ", *spec.ads[1][2:])


def _duplicate_channel_keys(spec: CampaignSpec) -> None:
    spec.channels.append(("ig", "FACEBOOK", None, None))


def _end_before_start(spec: CampaignSpec) -> None:
    spec.start, spec.end = "2026-03-01", "2026-02-28"


def _negative_budget(spec: CampaignSpec) -> None:
    spec.budget = "-0.01"


def _empty_ad_list(spec: CampaignSpec) -> None:
    spec.ads, spec.placements = [], []


def _no_markets(spec: CampaignSpec) -> None:
    spec.markets, spec.placements = [], []


def _unknown_company(spec: CampaignSpec) -> None:
    spec.company, spec.product = "CO-0999", None


def _placement_with_unknown_key(spec: CampaignSpec) -> None:
    spec.placements.append(("a2", "sms", "cr"))


def _ad_without_placement(spec: CampaignSpec) -> None:
    spec.placements = [p for p in spec.placements if p[0] != "a2"]


def _existing_campaign_code(spec: CampaignSpec) -> None:
    spec.code = "CMP-000001"


def _product_of_another_company(spec: CampaignSpec) -> None:
    spec.product = "PR-0008-1"


BAD_INPUTS = [
    ("unknown channel", _unknown_channel, 50104),
    ("influencer on a non-influencer channel", _influencer_on_plain_channel, 50104),
    ("unknown market", _unknown_market, 50105),
    ("duplicate ad names", _duplicate_ad_names, 50106),
    ("duplicate channel keys", _duplicate_channel_keys, 50106),
    ("end date before start date", _end_before_start, 50102),
    ("negative budget", _negative_budget, 50103),
    ("empty ad list", _empty_ad_list, 50107),
    ("no markets", _no_markets, 50108),
    ("unknown company", _unknown_company, 50101),
    ("placement with a key not in the lists", _placement_with_unknown_key, 50109),
    ("ad without placement", _ad_without_placement, 50111),
    ("campaign code already used", _existing_campaign_code, 50110),
    ("product of another company", _product_of_another_company, 50112),
]


@pytest.mark.req("ADS-1")
@pytest.mark.parametrize(("case", "spoil", "number"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_raises_its_friendly_error_and_writes_nothing_but_the_log_row(
    ads_conn: Any, last_log_id: int, case: str, spoil: Any, number: int
) -> None:
    """Each kind of bad input answers with its sys.messages number; only one ERROR log row is written."""
    spec = simple_campaign("CMP-900101")
    spoil(spec)
    before = _counts(ads_conn)
    sql, params = create_campaign_batch(spec)

    with pytest.raises(pyodbc.Error) as raised:
        fetch_all(ads_conn, sql, *params)

    assert native_error(raised.value) == number, case
    registered = fetch_value(ads_conn, "SELECT text FROM sys.messages WHERE message_id = ? AND language_id = 1033",
                             number)
    assert registered is not None and registered.split("(%s)")[0].strip() in str(raised.value)
    assert fetch_value(ads_conn, "SELECT @@TRANCOUNT") == 0
    assert _counts(ads_conn) == before
    log = fetch_all(ads_conn, "SELECT LogLevel, EventName, ErrorNumber, FriendlyErrorNumber FROM ads.ActivityLog "
                              "WHERE LogId > ?", last_log_id)
    assert [tuple(r) for r in log] == [("ERROR", "CREATE_CAMPAIGN_FAILED", number, number)]


@pytest.mark.req("ADS-1")
def test_inside_a_caller_transaction_the_procedure_neither_commits_nor_rolls_it_back(
    ads_conn: Any, last_log_id: int
) -> None:
    """A caller's open transaction survives a good and a bad call; only the caller's ROLLBACK undoes them."""
    ads_conn.cursor().execute("BEGIN TRANSACTION;")
    ads_conn.cursor().execute(
        "INSERT INTO ads.ActivityLog (LogLevel, SourceName, EventName, MessageText) "
        "VALUES ('INFO', N'pytest', 'CALLER_WORK', N'written by the caller before the calls');")

    campaign_id, return_code = _create(ads_conn, simple_campaign("CMP-900201"))
    assert return_code == 0
    assert fetch_value(ads_conn, "SELECT @@TRANCOUNT") == 1

    bad = simple_campaign("CMP-900202")
    _end_before_start(bad)
    sql, params = create_campaign_batch(bad)
    with pytest.raises(pyodbc.Error) as raised:
        fetch_all(ads_conn, sql, *params)
    assert native_error(raised.value) == 50102

    state = fetch_all(ads_conn, "SELECT @@TRANCOUNT, XACT_STATE()")[0]
    assert tuple(state) == (1, 1)
    inside = fetch_all(ads_conn, "SELECT EventName FROM ads.ActivityLog WHERE LogId > ? ORDER BY LogId", last_log_id)
    assert [r[0] for r in inside] == ["CALLER_WORK", "CAMPAIGN_CREATED", "CREATE_CAMPAIGN_FAILED"]
    assert fetch_value(ads_conn, "SELECT COUNT(*) FROM ads.Campaign WHERE CampaignId = ?", campaign_id) == 1
    assert fetch_value(ads_conn, "SELECT COUNT(*) FROM ads.Campaign WHERE CampaignCode = 'CMP-900202'") == 0

    ads_conn.cursor().execute("ROLLBACK TRANSACTION;")

    assert fetch_value(ads_conn, "SELECT COUNT(*) FROM ads.Campaign WHERE CampaignId = ?", campaign_id) == 0
    assert fetch_value(ads_conn, "SELECT COUNT(*) FROM ads.ActivityLog WHERE LogId > ?", last_log_id) == 0


@pytest.mark.req("ADS-1")
def test_an_unexpected_error_is_logged_with_the_real_error_and_raised_as_50100(
    ads_conn: Any, last_log_id: int
) -> None:
    """A constraint violation during the writes: own transaction rolled back, real error 547 logged, 50100 raised.
    The test adds a temporary CHECK constraint to ads.Ad and drops it afterwards."""
    before = _counts(ads_conn)
    ads_conn.cursor().execute(
        "ALTER TABLE ads.Ad WITH NOCHECK ADD CONSTRAINT CK_Ads_Ad_PytestBoom CHECK (AdName NOT LIKE N'%ZZBOOM%');")
    try:
        spec = simple_campaign("CMP-900301")
        spec.ads[1] = ("a2", "Correo ZZBOOM", *spec.ads[1][2:])
        sql, params = create_campaign_batch(spec)
        with pytest.raises(pyodbc.Error) as raised:
            fetch_all(ads_conn, sql, *params)
    finally:
        ads_conn.cursor().execute("ALTER TABLE ads.Ad DROP CONSTRAINT CK_Ads_Ad_PytestBoom;")

    assert native_error(raised.value) == 50100
    assert _counts(ads_conn) == before
    log = fetch_all(ads_conn, "SELECT ErrorNumber, FriendlyErrorNumber, MessageText FROM ads.ActivityLog "
                              "WHERE LogId > ?", last_log_id)
    assert len(log) == 1
    assert (log[0][0], log[0][1]) == (547, 50100)
    assert "CK_Ads_Ad_PytestBoom" in log[0][2]


@pytest.mark.req("ADS-1")
def test_a_doomed_caller_transaction_is_left_for_the_caller_to_roll_back(ads_conn: Any) -> None:
    """Inside a caller's transaction an error that dooms it (XACT_ABORT) is raised as 50100 and the procedure
    does not end the caller's transaction: the caller's CATCH still sees @@TRANCOUNT = 1, XACT_STATE() = -1
    and rolls back itself (the test's temporary CHECK constraint goes with that rollback)."""
    ads_conn.cursor().execute("BEGIN TRANSACTION;")
    ads_conn.cursor().execute(
        "ALTER TABLE ads.Ad WITH NOCHECK ADD CONSTRAINT CK_Ads_Ad_PytestDoom CHECK (AdName NOT LIKE N'%ZZDOOM%');")
    spec = simple_campaign("CMP-900401")
    spec.ads[0] = ("a1", "Carrusel ZZDOOM", *spec.ads[0][2:])
    body, params = create_campaign_batch(spec)
    # The caller's ROLLBACK changes @@TRANCOUNT, so the batch goes without parameters (a language batch): with
    # parameters pyodbc sends it as an RPC, and SQL Server would add error 266 when the RPC returns.
    caller = inline_params(
        "BEGIN TRY\n" + body + "\nEND TRY\nBEGIN CATCH\n"
        "    SELECT ERROR_NUMBER() AS ErrorNumber, @@TRANCOUNT AS OpenTransactions, XACT_STATE() AS XactState;\n"
        "    ROLLBACK TRANSACTION;\nEND CATCH;",
        params,
    )

    seen = fetch_all(ads_conn, caller)

    assert [tuple(r) for r in seen] == [(50100, 1, -1)]
    assert fetch_value(ads_conn, "SELECT @@TRANCOUNT") == 0
    assert fetch_value(ads_conn, "SELECT COUNT(*) FROM sys.check_constraints WHERE name = 'CK_Ads_Ad_PytestDoom'") == 0
    assert fetch_value(ads_conn, "SELECT COUNT(*) FROM ads.Campaign WHERE CampaignCode = 'CMP-900401'") == 0


@pytest.mark.req("ADS-1")
def test_the_friendly_messages_are_registered_in_sys_messages(ads_conn: Any) -> None:
    """Messages 50100-50112 exist in us_english with severity 16 and one %s for the detail."""
    rows = fetch_all(ads_conn, "SELECT message_id, severity, text FROM sys.messages "
                               "WHERE message_id BETWEEN 50100 AND 50112 AND language_id = 1033 ORDER BY message_id")
    assert [r[0] for r in rows] == list(range(50100, 50113))
    assert all(r[1] == 16 and r[2].count("%s") == 1 for r in rows)


@pytest.mark.req("ADS-1")
def test_the_procedure_follows_the_course_template(ads_conn: Any) -> None:
    """The stored definition has the template's parts: header, NOCOUNT, flag, @@TRANCOUNT, TRY/CATCH, RETURN 0."""
    definition = fetch_value(ads_conn, "SELECT OBJECT_DEFINITION(OBJECT_ID(N'ads.ADSSP_CreateCampaign'))")
    for part in ("Procedure:", "Author:", "Parameters:", "SET NOCOUNT ON", "@StartedTransaction",
                 "IF @@TRANCOUNT = 0", "SET TRANSACTION ISOLATION LEVEL READ COMMITTED", "BEGIN TRY",
                 "BEGIN CATCH", "ERROR_NUMBER()", "INSERT INTO ads.ActivityLog", "RAISERROR (@FriendlyNumber",
                 "RETURN 0", "READONLY", "OUTPUT source.AdKey, inserted.AdId"):
        assert part in definition, part
