"""Builders of ETL delta rows shaped exactly like the source queries' rows (docs/promptsales.md)."""

from __future__ import annotations

from typing import Any


def result_row(result_id: int, version: int, campaign: str = "CMP-000001", day: str = "2025-01-10",
               channel: str = "facebook", market: str = "CR", *, reach: int = 1000, impressions: int = 3000,
               reactions: int = 120, interactions: int = 45, cost: str = "250.00", op: str = "upsert") -> dict:
    """A PromptAds result row (entity 'result'); a delete carries only the key."""
    if op == "delete":
        return {"entity": "result", "op": "delete", "version": version, "result_id": result_id}
    return {"entity": "result", "op": op, "version": version, "result_id": result_id, "campaign_code": campaign,
            "result_date": day, "channel_code": channel, "market_code": market, "reach": reach,
            "impressions": impressions, "reactions": reactions, "interactions": interactions, "cost": cost}


def campaign_row(campaign: str, version: int, status: str, changed_at: str, company: str = "CO-0001",
                 op: str = "upsert") -> dict:
    """A PromptAds campaign row (entity 'campaign')."""
    if op == "delete":
        return {"entity": "campaign", "op": "delete", "version": version, "campaign_code": campaign}
    return {"entity": "campaign", "op": "upsert", "version": version, "campaign_code": campaign,
            "company_code": company, "status_code": status, "status_changed_at": changed_at,
            "start_date": "2025-01-05", "end_date": "2025-02-20", "budget_amount": "12000.00"}


def lead_row(lead_id: int, version: int, campaign: str = "CMP-000001", day: str = "2025-01-10",
             channel: str = "facebook", market: str = "CR", *, converted: bool = False,
             amount: str = "0.00", op: str = "upsert") -> dict:
    """A PromptCrm lead row (entity 'lead')."""
    if op == "delete":
        return {"entity": "lead", "op": "delete", "version": version, "lead_id": lead_id}
    return {"entity": "lead", "op": "upsert", "version": version, "lead_id": lead_id, "campaign_code": campaign,
            "lead_date": day, "channel_code": channel, "market_code": market, "is_converted": converted,
            "sales_amount": amount}


def publication_row(publication_id: str, version: int, campaign: str = "CMP-000001", day: str = "2025-01-10",
                    channel: str = "instagram", market: str = "CR", *, views: int = 500,
                    reactions: int = 40) -> dict:
    """A PromptContent publication row (entity 'publication')."""
    return {"entity": "publication", "op": "upsert", "version": version, "publication_id": publication_id,
            "campaign_code": campaign, "published_date": day, "channel_code": channel, "market_code": market,
            "views": views, "reactions": reactions}


def snapshot(conn: Any, sql: str, params: tuple = ()) -> list[tuple]:
    """All rows of a query, for before/after comparisons."""
    return conn.execute(sql, params).fetchall()


SUMMARY_STATE = """
SELECT 'campaign', campaign_code, NULL::date, NULL::text, NULL::text,
       reach, impressions, reactions, interactions, leads, conversions, sales_amount, cost, content_pieces
FROM summary.campaign
UNION ALL
SELECT 'daily', campaign_code, metric_date, channel_code, market_code,
       reach, impressions, reactions, interactions, leads, conversions, sales_amount, cost, content_pieces
FROM summary.campaign_daily
ORDER BY 1, 2, 3, 4, 5
"""
