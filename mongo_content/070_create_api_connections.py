"""Create the api_connections collection: how to reach external APIs that authenticate by POST (CON-3).
The validator makes a plain-text secret impossible: auth accepts only a client_secret_ref.

Target: MongoDB 8 (replica set), database promptcontent.
Requires: nothing.
Re-runnable: yes (create or collMod; named indexes).
Leaves behind: collection api_connections (0 documents until 160_seed_api_connections), index
  ux_api_connections_connection_code.
Requirements: CON-3.
Verify: db.api_connections.getIndexes()
"""

from pymongo.database import Database

from promptcontent.mongo import INT, asc, ensure_collection

SCHEMA = {
    "bsonType": "object",
    "required": ["connection_code", "provider", "api_name", "base_url", "auth", "token_cache", "status"],
    "properties": {
        "connection_code": {"bsonType": "string", "pattern": "^[a-z0-9-]{3,40}$"},
        "provider": {"bsonType": "string"},
        "api_name": {"bsonType": "string"},
        "purpose": {"bsonType": "string"},
        "base_url": {"bsonType": "string", "pattern": "^https://"},
        "documentation_url": {"bsonType": "string", "pattern": "^https://"},
        "auth": {
            "bsonType": "object",
            "required": ["type", "token_url", "method", "grant_type", "scopes", "client_id", "client_secret_ref"],
            # Closed object: an extra field such as client_secret is rejected.
            "additionalProperties": False,
            "properties": {
                "type": {"enum": ["oauth2_client_credentials"]},
                "token_url": {"bsonType": "string", "pattern": "^https://"},
                "method": {"enum": ["POST"]},
                "content_type": {"enum": ["application/x-www-form-urlencoded", "application/json"]},
                "grant_type": {"enum": ["client_credentials"]},
                "scopes": {"bsonType": "array", "minItems": 1, "items": {"bsonType": "string"}},
                "scope_separator": {"enum": [",", " "]},
                "client_id": {"bsonType": "string", "minLength": 3},
                "client_secret_ref": {
                    "bsonType": "object",
                    "required": ["kind", "name"],
                    "additionalProperties": False,
                    "properties": {
                        "kind": {"enum": ["env"]},
                        "name": {"bsonType": "string", "pattern": "^[A-Z][A-Z0-9_]{2,100}$"},
                        "kubernetes_secret": {"bsonType": "object", "required": ["name", "key"],
                                              "properties": {"name": {"bsonType": "string"},
                                                             "key": {"bsonType": "string"}}},
                    },
                },
                "token_response_fields": {"bsonType": "array", "items": {"bsonType": "string"}},
                "api_key_header": {"bsonType": "string"},
            },
        },
        "endpoints": {"bsonType": "array",
                      "items": {"bsonType": "object", "required": ["name", "method", "path"]}},
        "token_cache": {"bsonType": "object", "required": ["store", "key", "refresh_margin_seconds"],
                        "properties": {"store": {"enum": ["redis"]},
                                       "key": {"bsonType": "string", "pattern": "^promptcontent:oauth:token:"},
                                       "refresh_margin_seconds": {**INT, "minimum": 0, "maximum": 3600}}},
        "status": {"enum": ["active", "disabled"]},
    },
}

INDEXES = [("ux_api_connections_connection_code", asc("connection_code"), {"unique": True})]


def up(db: Database) -> None:
    ensure_collection(db, "api_connections", SCHEMA, INDEXES)
