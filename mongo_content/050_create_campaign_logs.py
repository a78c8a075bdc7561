"""Create the campaign_logs collection: for each content request and target population, exactly three
messages derived from the received campaign description (CON-5).

Target: MongoDB 8 (replica set), database promptcontent.
Requires: 040_create_content_requests.py (logs refer to requests by request_code).
Re-runnable: yes (create or collMod; named indexes).
Leaves behind: collection campaign_logs (0 documents until 140_seed_content_requests), indexes
  ux_campaign_logs_request_population, ix_campaign_logs_campaign_code.
Requirements: CON-5.
Verify: db.campaign_logs.getIndexes()
"""

from pymongo.database import Database

from promptcontent.mongo import CAMPAIGN_CODE, INT, asc, ensure_collection

SCHEMA = {
    "bsonType": "object",
    "required": ["request_code", "population_code", "messages", "generated_at"],
    "properties": {
        "request_code": {"bsonType": "string", "pattern": "^REQ-[0-9]{6}$"},
        "campaign_code": CAMPAIGN_CODE,
        "population_code": {"bsonType": "string", "pattern": "^[a-z0-9-]{2,40}$"},
        # The case asks for three messages per target population: no more, no fewer.
        "messages": {
            "bsonType": "array", "minItems": 3, "maxItems": 3,
            "items": {"bsonType": "object", "required": ["seq", "stage", "channel", "text"],
                      "properties": {"seq": {**INT, "minimum": 1, "maximum": 3},
                                     "stage": {"enum": ["awareness", "consideration", "action"]},
                                     "channel": {"bsonType": "string"},
                                     "format": {"bsonType": "string"},
                                     "text": {"bsonType": "string", "minLength": 20, "maxLength": 1000}}},
        },
        "generator": {"bsonType": "string"},
        "generated_at": {"bsonType": "date"},
    },
}

INDEXES = [
    ("ux_campaign_logs_request_population", asc("request_code", "population_code"), {"unique": True}),
    ("ix_campaign_logs_campaign_code", asc("campaign_code"), {}),
]


def up(db: Database) -> None:
    ensure_collection(db, "campaign_logs", SCHEMA, INDEXES)
