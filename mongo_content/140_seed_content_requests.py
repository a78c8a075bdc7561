"""Seed content requests (campaign description + target audience) and, for completed ones, the campaign
logs with three messages per target population (the data behind CON-5).

Target: MongoDB 8 (replica set), database promptcontent.
Requires: 040_create_content_requests.py, 050_create_campaign_logs.py.
Re-runnable: yes (upsert on request_code and on (request_code, population_code); seeded rows outside the
  current parameters are removed; requests made through the MCP tool (source "mcp") are never touched).
Leaves behind: content_requests: 12 at small (40 at full); campaign_logs: one per population of each
  completed request, each with exactly 3 messages.
Requirements: CON-5.
Verify: db.campaign_logs.aggregate([{$project: {n: {$size: "$messages"}}}, {$group: {_id: "$n", c: {$sum: 1}}}])
"""

from pymongo.database import Database

from promptcontent.config import from_environment
from promptcontent.content_seed import requests_and_logs
from promptcontent.mongo import upsert_all


def up(db: Database) -> None:
    requests, logs = requests_and_logs(from_environment())
    upsert_all(db, "content_requests", requests, key=["request_code"])
    upsert_all(db, "campaign_logs", logs, key=["request_code", "population_code"])
    seeded = [r["request_code"] for r in requests]
    stale = [r["request_code"] for r in db.content_requests.find(
        {"source": "seed", "request_code": {"$nin": seeded}}, {"request_code": 1})]
    db.content_requests.delete_many({"request_code": {"$in": stale}})
    keep = {(log["request_code"], log["population_code"]) for log in logs}
    fields = {"request_code": 1, "population_code": 1}
    for row in db.campaign_logs.find({"request_code": {"$in": seeded + stale}}, fields):
        if (row["request_code"], row["population_code"]) not in keep:
            db.campaign_logs.delete_one({"_id": row["_id"]})
