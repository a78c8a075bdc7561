"""Create the publications collection: each piece of content published for a campaign on a channel and market,
with its views and reactions; what the PromptSales ETL (SAL-3, SAL-4) reads from PromptContent.

Every write sets updated_at (the application's clock, a BSON date); a publication taken down keeps its document
with deleted_at set (and updated_at moved), so the ETL sees the removal. The ETL reads, in the order
(updated_at, _id), the documents with updated_at after its watermark (updated_at in milliseconds since the
epoch), a page always ending on a whole millisecond; it never writes here.

Target: MongoDB 8 (replica set), database promptcontent.
Requires: nothing (campaign codes are those of the portal, CMP-nnnnnn).
Re-runnable: yes (create or collMod; named indexes).
Leaves behind: collection publications (0 documents: publications are created by the content application),
  indexes ix_publications_updated_at_id (the ETL's cursor), ix_publications_campaign_code.
Requirements: SAL-3, SAL-4.
Verify: db.publications.getIndexes()
"""

from pymongo.database import Database

from promptcontent.mongo import CAMPAIGN_CODE, INT, asc, ensure_collection

SCHEMA = {
    "bsonType": "object",
    "required": ["campaign_code", "channel_code", "market_code", "published_at", "views", "reactions", "updated_at"],
    "properties": {
        "campaign_code": CAMPAIGN_CODE,
        "piece_code": {"bsonType": "string"},
        # the summary's vocabulary: lower-case channel codes, ISO 3166 alpha-2 markets
        "channel_code": {"bsonType": "string", "pattern": "^[a-z_]{2,20}$"},
        "market_code": {"bsonType": "string", "pattern": "^[A-Z]{2}$"},
        "published_at": {"bsonType": "date"},
        "views": {**INT, "minimum": 0},
        "reactions": {**INT, "minimum": 0},
        "updated_at": {"bsonType": "date"},
        "deleted_at": {"bsonType": ["date", "null"]},
    },
}

INDEXES = [
    ("ix_publications_updated_at_id", asc("updated_at", "_id"), {}),
    ("ix_publications_campaign_code", asc("campaign_code"), {}),
]


def up(db: Database) -> None:
    ensure_collection(db, "publications", SCHEMA, INDEXES)
