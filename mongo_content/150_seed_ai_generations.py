"""Seed the AI generation records of the image descriptions (prompt = the attribute combination, output
= the description, whitespace token counts, modelled latency flagged simulated_latency).

Target: MongoDB 8 (replica set), database promptcontent.
Requires: 060_create_ai_generations.py.
Re-runnable: yes (upsert on generation_code; seeded records outside the current parameters are removed).
Leaves behind: ai_generations: one per image (120 at small, 200 at full) with task image_description.
Requirements: CON-1.
Verify: db.ai_generations.countDocuments({task: "image_description"})
"""

from pymongo.database import Database

from promptcontent.config import from_environment
from promptcontent.content_seed import ai_generations
from promptcontent.mongo import upsert_all


def up(db: Database) -> None:
    records = ai_generations(from_environment())
    upsert_all(db, "ai_generations", records, key=["generation_code"])
    db.ai_generations.delete_many({
        "task": "image_description",
        "generation_code": {"$nin": [r["generation_code"] for r in records]},
    })
