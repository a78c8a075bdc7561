"""Seed the AI generation records: one per image description (prompt = the attribute combination, output =
the description) and one per completed content request (output = the three messages of each population);
whitespace token counts, modelled latency flagged simulated_latency.

Target: MongoDB 8 (replica set), database promptcontent.
Requires: 060_create_ai_generations.py.
Re-runnable: yes (upsert on generation_code; seeded records outside the current parameters are removed).
Leaves behind: ai_generations: 120 image_description + 11 campaign_messages records at small (200 + 35 at
  full); records written by the MCP tools (source other than "seed") are never touched.
Requirements: CON-1.
Verify: db.ai_generations.aggregate([{$group: {_id: "$task", n: {$sum: 1}}}])
"""

from pymongo.database import Database

from promptcontent.config import from_environment
from promptcontent.content_seed import ai_generations
from promptcontent.mongo import upsert_all


def up(db: Database) -> None:
    records = ai_generations(from_environment())
    upsert_all(db, "ai_generations", records, key=["generation_code"])
    db.ai_generations.delete_many({
        "source": "seed",
        "generation_code": {"$nin": [r["generation_code"] for r in records]},
    })
