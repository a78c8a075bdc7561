"""Create the hashtags collection: the catalogue of hashtags (English and Spanish) with their category.

Target: MongoDB 8 (replica set), database promptcontent.
Requires: nothing.
Re-runnable: yes (create or collMod; named indexes).
Leaves behind: collection hashtags (0 documents until 110_seed_hashtags), indexes ux_hashtags_tag,
  ix_hashtags_category.
Requirements: CON-1, CON-4.
Verify: db.hashtags.getIndexes()
"""

from pymongo.database import Database

from promptcontent.mongo import COMPANY_CODE, HASHTAG, asc, ensure_collection
from promptcontent.vocab import HASHTAG_CATEGORIES

SCHEMA = {
    "bsonType": "object",
    "required": ["tag", "category", "label", "languages"],
    "properties": {
        "tag": HASHTAG,
        "category": {"enum": list(HASHTAG_CATEGORIES)},
        "label": {"bsonType": "string", "minLength": 2},
        # Which languages use the tag (#pizza and the brands are both); label_es for a tag used in both.
        "languages": {"bsonType": "array", "minItems": 1, "uniqueItems": True, "items": {"enum": ["en", "es"]}},
        "label_es": {"bsonType": "string", "minLength": 2},
        "company_code": COMPANY_CODE,
    },
}

INDEXES = [
    ("ux_hashtags_tag", asc("tag"), {"unique": True}),
    ("ix_hashtags_category", asc("category", "tag"), {}),
]


def up(db: Database) -> None:
    ensure_collection(db, "hashtags", SCHEMA, INDEXES)
