"""Seed the generated images (CON-1): descriptions in English and Spanish from jinja2 templates over curated
vocabularies, English and Spanish hashtags derived from the same attributes (CON-4 searches both languages),
campaign/company codes per the contract's identity rules.

Target: MongoDB 8 (replica set), database promptcontent.
Requires: 010_create_images.py, 110_seed_hashtags.py (every image hashtag exists in the catalogue).
Re-runnable: yes (upsert on image_code; generated images outside the current parameters are removed).
Leaves behind: images: 120 documents at PROMPTSALES_SCALE=small, 200 at full (PROMPTSALES_SEED decides
  the combination; same parameters -> same documents).
Requirements: CON-1.
Verify: db.images.countDocuments() ; db.images.findOne({}, {description: 1, description_es: 1, hashtags_es: 1})
"""

from pymongo.database import Database

from promptcontent.config import from_environment
from promptcontent.generator import generate_images
from promptcontent.mongo import upsert_all


def up(db: Database) -> None:
    docs = generate_images(from_environment())
    upsert_all(db, "images", docs, key=["image_code"])
    db.images.delete_many({
        "generation.generator": "promptcontent.generator",
        "image_code": {"$nin": [d["image_code"] for d in docs]},
    })
