"""Helpers shared by the PromptAds tests (plain functions and data; the fixtures live in conftest.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness import REPO_ROOT
from harness.scripts import split_batches

ADS_DIR = REPO_ROOT / "sqlserver_ads"
_NATIVE_ERROR = re.compile(r"\((\d+)\)\s*\(SQL\w+\)")
_TEACHING = re.compile(r"^--\s*teaching-query:\s*(?P<name>.+?)\s*$", re.MULTILINE)


def fetch_all(conn: Any, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Run a statement or batch and return the rows of its last result set."""
    cursor = conn.cursor()
    cursor.execute(sql, *params)
    rows: list[tuple[Any, ...]] = []
    while True:
        if cursor.description:
            rows = [tuple(r) for r in cursor.fetchall()]
        if not cursor.nextset():
            break
    return rows


def fetch_sets(conn: Any, sql: str, *params: Any) -> list[list[tuple[Any, ...]]]:
    """Run a batch and return every result set it produced, in order."""
    cursor = conn.cursor()
    cursor.execute(sql, *params)
    sets: list[list[tuple[Any, ...]]] = []
    while True:
        if cursor.description:
            sets.append([tuple(r) for r in cursor.fetchall()])
        if not cursor.nextset():
            break
    return sets


def fetch_value(conn: Any, sql: str, *params: Any) -> Any:
    rows = fetch_all(conn, sql, *params)
    return rows[0][0] if rows else None


def inline_params(sql: str, params: list[Any]) -> str:
    """`sql` with each `?` replaced by a T-SQL literal (NULL, number or N'text').

    For batches that change @@TRANCOUNT (BEGIN / COMMIT / ROLLBACK): pyodbc sends a batch with parameters as
    an RPC (prepared execution, sp_prepexec), and an RPC that returns with @@TRANCOUNT changed raises error
    266. Without parameters the batch is an ordinary language batch. Only for SQL whose sole `?` characters
    are the markers (as in create_campaign_batch)."""
    pieces = sql.split("?")
    if len(pieces) - 1 != len(params):
        raise ValueError(f"{len(pieces) - 1} markers for {len(params)} parameters")
    out = [pieces[0]]
    for value, piece in zip(params, pieces[1:], strict=True):
        if value is None:
            literal = "NULL"
        elif isinstance(value, bool):
            literal = str(int(value))
        elif isinstance(value, int | float):
            literal = repr(value)
        else:
            literal = "N'" + str(value).replace("'", "''") + "'"
        out += [literal, piece]
    return "".join(out)


def native_error(exc: BaseException) -> int | None:
    """The SQL Server error number of a pyodbc error ('... message (50102) (SQLExecDirectW)')."""
    for arg in reversed(getattr(exc, "args", ())):
        match = _NATIVE_ERROR.search(str(arg))
        if match:
            return int(match.group(1))
    return None


def teaching_queries(path: Path | None = None) -> dict[str, str]:
    """The batches of 800_report_teaching_queries.sql keyed by their '-- teaching-query: NAME' line."""
    path = path or ADS_DIR / "800_report_teaching_queries.sql"
    queries: dict[str, str] = {}
    for batch in split_batches(path.read_text(encoding="utf-8")):
        match = _TEACHING.search(batch.text)
        if match:
            queries[match["name"].upper()] = batch.text
    return queries


# --------------------------------------------------------------------------- campaign creation batches

@dataclass
class CampaignSpec:
    """Arguments of ads.ADSSP_CreateCampaign, with the four TVPs as lists of tuples."""

    code: str
    company: str = "CO-0047"
    product: str | None = "PR-0047-1"
    name: str = "Lanzamiento de temporada de prueba"
    objective: str = "CONVERSION"
    audience: str = "Profesionales jóvenes de 25 a 34 años interesados en moda urbana"
    budget: str = "45000.00"
    start: str = "2026-02-02"
    end: str = "2026-03-29"
    channels: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)
    markets: list[tuple[str, str]] = field(default_factory=list)
    ads: list[tuple[str, str, str, str, str, str, str, str]] = field(default_factory=list)
    placements: list[tuple[str, str, str]] = field(default_factory=list)


def create_campaign_batch(spec: CampaignSpec) -> tuple[str, list[Any]]:
    """One batch that fills the TVPs with parameters, calls the procedure and selects (id, return code)."""
    lines = [
        "SET NOCOUNT ON;",
        "DECLARE @Channels ads.CampaignChannelList, @Markets ads.CampaignMarketList, @Ads ads.CampaignAdList,",
        "    @Placements ads.CampaignAdPlacementList, @CampaignId int, @ReturnCode int;",
    ]
    params: list[Any] = []
    for row in spec.channels:
        lines.append("INSERT INTO @Channels (ChannelKey, ChannelCode, InfluencerHandle, BudgetShare) "
                     "VALUES (?, ?, ?, CAST(? AS decimal(5, 4)));")
        params.extend(row)
    for row in spec.markets:
        lines.append("INSERT INTO @Markets (MarketKey, MarketCode) VALUES (?, ?);")
        params.extend(row)
    for row in spec.ads:
        lines.append("INSERT INTO @Ads (AdKey, AdName, Headline, BodyText, CallToAction, CreativeFormat, "
                     "LanguageCode, LandingUrl) VALUES (?, ?, ?, ?, ?, ?, ?, ?);")
        params.extend(row)
    for row in spec.placements:
        lines.append("INSERT INTO @Placements (AdKey, ChannelKey, MarketKey) VALUES (?, ?, ?);")
        params.extend(row)
    lines.append(
        "EXEC @ReturnCode = ads.ADSSP_CreateCampaign @CampaignCode = ?, @CompanyCode = ?, @ProductCode = ?, "
        "@CampaignName = ?, @Objective = ?, @TargetAudience = ?, @Budget = ?, @StartDate = ?, @EndDate = ?, "
        "@Channels = @Channels, @Markets = @Markets, @Ads = @Ads, @Placements = @Placements, "
        "@CampaignId = @CampaignId OUTPUT;"
    )
    params.extend([spec.code, spec.company, spec.product, spec.name, spec.objective, spec.audience,
                   spec.budget, spec.start, spec.end])
    lines.append("SELECT @CampaignId AS CampaignId, @ReturnCode AS ReturnCode;")
    return "\n".join(lines), params


MARKETS = ["CR-GENZ", "CR-MILLENNIAL", "MX-GENZ", "MX-FAMILY", "CO-MILLENNIAL", "US-FAMILY", "ES-SENIOR", "CL-GENZ"]
FORMATS = ["IMAGE", "CAROUSEL", "STORY", "VIDEO"]
HOOKS = ["Descubre", "Llegó", "Aprovecha", "Conoce", "Renueva tu rutina con", "Regala"]


def rich_campaign(code: str, influencers: list[str]) -> CampaignSpec:
    """A campaign with 6 channels (2 of them influencers), 8 markets, 12 ads and 24 placements."""
    spec = CampaignSpec(code=code)
    spec.channels = [
        ("fb", "FACEBOOK", None, "0.1500"),
        ("ig", "INSTAGRAM", None, "0.2000"),
        ("tt", "TIKTOK", None, "0.1500"),
        ("mail", "EMAIL", None, "0.1000"),
        ("inf1", "INFLUENCER_IG", influencers[0], "0.2000"),
        ("inf2", "INFLUENCER_IG", influencers[1], "0.2000"),
    ]
    spec.markets = [(f"m{i}", market) for i, market in enumerate(MARKETS, 1)]
    channel_keys = [c[0] for c in spec.channels]
    for i in range(1, 13):
        lang = "en" if i % 4 == 0 else "es"
        spec.ads.append((
            f"ad{i}", f"Variante {chr(64 + i)} · Tenis urbanos Granito", f"{HOOKS[i % len(HOOKS)]} los Tenis urbanos",
            "Materiales reciclados y un diseño hecho para durar. 20 % menos en tu primera compra.",
            "Compra ahora" if lang == "es" else "Shop now", FORMATS[i % len(FORMATS)], lang,
            f"https://www.granito-moda.com/{lang}/tenis?v={i}",
        ))
        spec.placements.append((f"ad{i}", channel_keys[i % 6], f"m{i % 8 + 1}"))
        spec.placements.append((f"ad{i}", channel_keys[(i + 1) % 6], f"m{(i + 3) % 8 + 1}"))
    return spec


def simple_campaign(code: str) -> CampaignSpec:
    """A valid campaign with 2 channels, 2 markets, 2 ads and 3 placements (the base of the bad inputs)."""
    spec = CampaignSpec(code=code)
    spec.channels = [("ig", "INSTAGRAM", None, "0.6000"), ("mail", "EMAIL", None, "0.4000")]
    spec.markets = [("cr", "CR-MILLENNIAL"), ("mx", "MX-GENZ")]
    spec.ads = [
        ("a1", "Carrusel de lanzamiento", "Descubre los Tenis urbanos Granito",
         "Tallas inclusivas y cambios sin costo.", "Compra ahora", "CAROUSEL", "es",
         "https://www.granito-moda.com/es/tenis"),
        ("a2", "Correo de bienvenida", "Tu nuevo favorito: Tenis urbanos Granito",
         "Envío gratis y 15 % de ahorro.", "Compra ahora", "EMAIL", "es",
         "https://www.granito-moda.com/es/bienvenida"),
    ]
    spec.placements = [("a1", "ig", "cr"), ("a1", "ig", "mx"), ("a2", "mail", "cr")]
    return spec
