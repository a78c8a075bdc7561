"""Create the content_requests collection: a campaign description and its target audience, with status
(what the CON-5 tool receives and stores).

Target: MongoDB 8 (replica set), database promptcontent.
Requires: nothing.
Re-runnable: yes (create or collMod; named indexes).
Leaves behind: collection content_requests (0 documents until 140_seed_content_requests), indexes
  ux_content_requests_request_code, ix_content_requests_campaign_code, ix_content_requests_status.
Requirements: CON-5.
Verify: db.content_requests.getIndexes()
"""

from pymongo.database import Database

from promptcontent.mongo import CAMPAIGN_CODE, COMPANY_CODE, asc, ensure_collection

SCHEMA = {
    "bsonType": "object",
    "required": ["request_code", "campaign_description", "target_audience", "status", "source", "requested_at"],
    "properties": {
        "request_code": {"bsonType": "string", "pattern": "^REQ-[0-9]{6}$"},
        "campaign_code": CAMPAIGN_CODE,
        "company_code": COMPANY_CODE,
        "campaign_description": {"bsonType": "string", "minLength": 40, "maxLength": 4000},
        "target_audience": {
            "bsonType": "object",
            "required": ["populations"],
            "properties": {
                "populations": {
                    "bsonType": "array", "minItems": 1, "maxItems": 20,
                    "items": {"bsonType": "object", "required": ["code", "label"],
                              "properties": {"code": {"bsonType": "string", "pattern": "^[a-z0-9-]{2,40}$"},
                                             "label": {"bsonType": "string", "minLength": 3},
                                             "description": {"bsonType": "string"}}},
                },
            },
        },
        "status": {"enum": ["received", "processing", "completed", "failed"]},
        "source": {"enum": ["mcp", "portal", "seed"]},
        "requested_by": {"bsonType": "string"},
        "requested_at": {"bsonType": "date"},
        "error": {"bsonType": "string"},
    },
}

INDEXES = [
    ("ux_content_requests_request_code", asc("request_code"), {"unique": True}),
    ("ix_content_requests_campaign_code", asc("campaign_code"), {}),
    ("ix_content_requests_status", asc("status", "requested_at"), {}),
]


def up(db: Database) -> None:
    ensure_collection(db, "content_requests", SCHEMA, INDEXES)
