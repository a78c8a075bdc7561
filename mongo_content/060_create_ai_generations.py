"""Create the ai_generations collection: one record per AI generation run (prompt, model, parameters,
output, tokens, latency).

Target: MongoDB 8 (replica set), database promptcontent.
Requires: nothing.
Re-runnable: yes (create or collMod; named indexes).
Leaves behind: collection ai_generations (0 documents until 150_seed_ai_generations), indexes
  ux_ai_generations_generation_code, ix_ai_generations_task_created.
Requirements: CON-1, CON-5.
Verify: db.ai_generations.getIndexes()
"""

from pymongo.database import Database

from promptcontent.mongo import INT, asc, ensure_collection

SCHEMA = {
    "bsonType": "object",
    "required": ["generation_code", "task", "prompt", "model", "parameters", "output", "tokens", "latency_ms",
                 "created_at"],
    "properties": {
        "generation_code": {"bsonType": "string", "pattern": "^GEN-[0-9]{6}$"},
        "task": {"enum": ["image_description", "campaign_messages", "image_generation", "embedding"]},
        "prompt": {"bsonType": "string", "minLength": 1},
        "model": {"bsonType": "object", "required": ["provider", "name"],
                  "properties": {"provider": {"bsonType": "string"}, "name": {"bsonType": "string"},
                                 "version": {"bsonType": "string"}}},
        "parameters": {"bsonType": "object"},
        "output": {"bsonType": ["string", "object", "array"]},
        "tokens": {"bsonType": "object", "required": ["prompt", "completion", "total"],
                   "properties": {"prompt": {**INT, "minimum": 0}, "completion": {**INT, "minimum": 0},
                                  "total": {**INT, "minimum": 0}}},
        "latency_ms": {**INT, "minimum": 0},
        "related": {"bsonType": "object"},
        "created_at": {"bsonType": "date"},
    },
}

INDEXES = [
    ("ux_ai_generations_generation_code", asc("generation_code"), {"unique": True}),
    ("ix_ai_generations_task_created", asc("task", "created_at"), {}),
]


def up(db: Database) -> None:
    ensure_collection(db, "ai_generations", SCHEMA, INDEXES)
