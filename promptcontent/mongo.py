"""Helpers the numbered MongoDB scripts share: re-runnable collection creation and natural-key upserts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pymongo import ASCENDING, ReplaceOne
from pymongo.collection import Collection
from pymongo.database import Database
from pymongo.errors import OperationFailure

IndexSpec = tuple[str, Sequence[tuple[str, object]], dict]  # (name, keys, options)

# createIndexes answers IndexOptionsConflict (85) or IndexKeySpecsConflict (86) when an index of an earlier
# definition holds the name or the key pattern (a collection has at most one text index, whatever its keys).
INDEX_CONFLICT_CODES = frozenset({85, 86})


def ensure_collection(db: Database, name: str, schema: dict, indexes: Iterable[IndexSpec] = ()) -> None:
    """Create ``name`` with its $jsonSchema validator (action error) or update the validator with collMod;
    then create the named indexes (create_index is a no-op when the same index already exists; an index
    left by an earlier definition under the same name or keys is dropped and rebuilt)."""
    options = {"validator": {"$jsonSchema": schema}, "validationLevel": "strict", "validationAction": "error"}
    if name in db.list_collection_names(filter={"name": name}):
        db.command("collMod", name, **options)
    else:
        db.create_collection(name, **options)
    for index_name, keys, extra in indexes:
        ensure_index(db[name], index_name, list(keys), extra)


def _is_text(keys: Iterable[tuple[str, object]]) -> bool:
    return any(direction == "text" or field == "_fts" for field, direction in keys)


def _normal(keys: Iterable[tuple[str, object]]) -> list[tuple[str, object]]:
    return [(field, int(d) if isinstance(d, (int, float)) else d) for field, d in keys]


def ensure_index(collection: Collection, index_name: str, keys: list[tuple[str, object]], options: dict) -> None:
    """create_index, converging instead of failing when a different earlier definition is in the way."""
    try:
        collection.create_index(keys, name=index_name, **options)
        return
    except OperationFailure as exc:
        if exc.code not in INDEX_CONFLICT_CODES:
            raise
    for existing, info in collection.index_information().items():
        same_keys = _is_text(info["key"]) if _is_text(keys) else _normal(info["key"]) == _normal(keys)
        if existing != "_id_" and (existing == index_name or same_keys):
            collection.drop_index(existing)
    collection.create_index(keys, name=index_name, **options)


def upsert_all(db: Database, name: str, documents: Iterable[dict], key: Sequence[str]) -> int:
    """Replace-or-insert each document on its natural key; returns how many documents were written."""
    ops = [ReplaceOne({k: doc[k] for k in key}, doc, upsert=True) for doc in documents]
    if not ops:
        return 0
    db[name].bulk_write(ops, ordered=True)
    return len(ops)


def asc(*fields: str) -> list[tuple[str, int]]:
    return [(f, ASCENDING) for f in fields]


# Reusable schema fragments ------------------------------------------------------------------------------

INT = {"bsonType": ["int", "long"]}
CAMPAIGN_CODE = {"bsonType": "string", "pattern": "^CMP-[0-9]{6}$"}
COMPANY_CODE = {"bsonType": "string", "pattern": "^CO-[0-9]{4}$"}
HASHTAG = {"bsonType": "string", "pattern": "^#[a-z0-9]{2,40}$"}

APPROVAL = {
    "bsonType": "object",
    "required": ["state"],
    # pending has no decision yet; approved/rejected must say who decided and when.
    "oneOf": [
        {"properties": {"state": {"enum": ["pending"]}}},
        {
            "required": ["approver", "decided_at"],
            "properties": {
                "state": {"enum": ["approved", "rejected"]},
                "approver": {"bsonType": "string", "minLength": 3},
                "decided_at": {"bsonType": "date"},
            },
        },
    ],
}

VERSIONS = {
    "bsonType": "array",
    "minItems": 1,
    "items": {
        "bsonType": "object",
        "required": ["version", "storage_key", "created_at", "created_by", "approval"],
        "properties": {
            "version": {**INT, "minimum": 1},
            "storage_key": {"bsonType": "string", "minLength": 3},
            "created_at": {"bsonType": "date"},
            "created_by": {"bsonType": "string", "minLength": 3},
            "change_note": {"bsonType": "string"},
            "approval": APPROVAL,
        },
    },
}

LICENCES = ["exclusive-client", "royalty-free", "rights-managed", "cc-by-4.0"]

USAGE_RIGHTS = {
    "bsonType": "object",
    "required": ["licence", "holder", "restrictions", "territories", "valid_from", "expires_at"],
    "properties": {
        "licence": {"enum": LICENCES},
        "holder": {"bsonType": "string", "minLength": 2},
        "restrictions": {"bsonType": "array", "items": {"bsonType": "string", "minLength": 3}},
        "territories": {
            "bsonType": "array", "minItems": 1,
            "items": {"bsonType": "string", "pattern": "^([A-Z]{2}|WORLD)$"},
        },
        "valid_from": {"bsonType": "date"},
        "expires_at": {"bsonType": ["date", "null"]},
    },
    # rights-managed licences are time-limited: they must carry an expiry date.
    "anyOf": [
        {"properties": {"licence": {"enum": ["rights-managed"]}, "expires_at": {"bsonType": "date"}}},
        {"properties": {"licence": {"enum": [x for x in LICENCES if x != "rights-managed"]}}},
    ],
}
