"""Create the content_pieces collection: text, audio and video pieces with format, versions and rights.

Target: MongoDB 8 (replica set), database promptcontent.
Requires: nothing.
Re-runnable: yes (create or collMod; named indexes).
Leaves behind: collection content_pieces (0 documents until 130_seed_content_pieces), indexes
  ux_content_pieces_piece_code, ix_content_pieces_campaign_kind.
Requirements: CON-1.
Verify: db.content_pieces.getIndexes()
"""

from pymongo.database import Database

from promptcontent.mongo import CAMPAIGN_CODE, COMPANY_CODE, HASHTAG, INT, LICENCES, VERSIONS, asc, ensure_collection

SCHEMA = {
    "bsonType": "object",
    "required": ["piece_code", "kind", "format", "campaign_code", "company_code", "title", "versions",
                 "usage_rights", "created_at"],
    "properties": {
        "piece_code": {"bsonType": "string", "pattern": "^CP-[0-9]{6}$"},
        "kind": {"enum": ["text", "audio", "video"]},
        "campaign_code": CAMPAIGN_CODE,
        "company_code": COMPANY_CODE,
        "title": {"bsonType": "string", "minLength": 5},
        "language": {"enum": ["en", "es"]},
        "hashtags": {"bsonType": "array", "items": HASHTAG},
        "related_image_codes": {"bsonType": "array", "items": {"bsonType": "string", "pattern": "^IMG-[0-9]{6}$"}},
        "usage_rights": {"bsonType": "object", "required": ["licence", "holder"],
                         "properties": {"licence": {"enum": LICENCES}}},
        "versions": VERSIONS,
        "created_at": {"bsonType": "date"},
    },
    # The format must fit the kind; text carries a body, audio and video a duration.
    "oneOf": [
        {"required": ["body"], "properties": {"kind": {"enum": ["text"]},
                                              "format": {"enum": ["text/markdown", "text/plain", "text/html"]},
                                              "body": {"bsonType": "string", "minLength": 20}}},
        {"required": ["duration_seconds"], "properties": {"kind": {"enum": ["audio"]},
                                                          "format": {"enum": ["audio/mpeg", "audio/aac", "audio/wav"]},
                                                          "duration_seconds": {**INT, "minimum": 1, "maximum": 3600}}},
        {"required": ["duration_seconds"], "properties": {"kind": {"enum": ["video"]},
                                                          "format": {"enum": ["video/mp4", "video/webm"]},
                                                          "duration_seconds": {**INT, "minimum": 1, "maximum": 3600}}},
    ],
}

INDEXES = [
    ("ux_content_pieces_piece_code", asc("piece_code"), {"unique": True}),
    ("ix_content_pieces_campaign_kind", asc("campaign_code", "kind"), {}),
]


def up(db: Database) -> None:
    ensure_collection(db, "content_pieces", SCHEMA, INDEXES)
