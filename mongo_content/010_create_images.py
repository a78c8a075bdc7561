"""Create the images collection: generated campaign images with description (English and Spanish), hashtags
(English and Spanish), file reference, usage rights and approved versions.

Target: MongoDB 8 (replica set), database promptcontent.
Requires: nothing (first script).
Re-runnable: yes (create with validator when absent, otherwise collMod, so a collection created before the
  Spanish fields gets them required from the next write on; indexes by name).
Leaves behind: collection images (validationAction error, 0 documents until 120_seed_images) and indexes
  ux_images_image_code, ix_images_campaign_codes, ix_images_company_code, ix_images_hashtags, ix_images_hashtags_es,
  tx_images_description (text index: the MongoDB keyword search used as a baseline for CON-2).
Requirements: CON-1, CON-4.
Verify: db.getCollectionInfos({name: "images"})[0].options.validator ; db.images.getIndexes()
"""

from pymongo.database import Database

from promptcontent.mongo import (
    CAMPAIGN_CODE,
    COMPANY_CODE,
    HASHTAG,
    INT,
    USAGE_RIGHTS,
    VERSIONS,
    asc,
    ensure_collection,
)
from promptcontent.vocab import MOODS, PALETTES, SECTORS, SETTINGS, STYLES, SUBJECTS, USES

SCHEMA = {
    "bsonType": "object",
    "required": ["image_code", "company_code", "campaign_codes", "description", "description_es", "hashtags",
                 "hashtags_es", "attributes", "file", "usage_rights", "versions", "current_version", "created_at"],
    "properties": {
        "image_code": {"bsonType": "string", "pattern": "^IMG-[0-9]{6}$"},
        "company_code": COMPANY_CODE,
        "company_name": {"bsonType": "string", "minLength": 3},
        "campaign_codes": {"bsonType": "array", "minItems": 1, "uniqueItems": True, "items": CAMPAIGN_CODE},
        # A broad description (several sentences), never a short placeholder such as "Image 7".
        "description": {"bsonType": "string", "minLength": 200, "maxLength": 4000},
        "description_sha256": {"bsonType": "string", "pattern": "^[0-9a-f]{64}$"},
        "language": {"enum": ["en", "es"]},
        # The Spanish description, written from the same attributes (getContent in the users' language).
        "description_es": {"bsonType": "string", "minLength": 200, "maxLength": 4000},
        "description_es_sha256": {"bsonType": "string", "pattern": "^[0-9a-f]{64}$"},
        "attributes": {
            "bsonType": "object",
            "required": ["sector", "subject", "setting", "style", "mood", "palette", "use"],
            "properties": {
                "sector": {"enum": [x.key for x in SECTORS]},
                "subject": {"enum": [x.key for x in SUBJECTS]},
                "setting": {"enum": [x.key for x in SETTINGS]},
                "style": {"enum": [x.key for x in STYLES]},
                "mood": {"enum": [x.key for x in MOODS]},
                "palette": {"enum": [x.key for x in PALETTES]},
                "use": {"enum": [x.key for x in USES]},
            },
        },
        "hashtags": {"bsonType": "array", "minItems": 3, "maxItems": 30, "uniqueItems": True, "items": HASHTAG},
        "hashtags_es": {"bsonType": "array", "minItems": 3, "maxItems": 30, "uniqueItems": True, "items": HASHTAG},
        "colours": {
            "bsonType": "array",
            "items": {"bsonType": "object", "required": ["name", "hex"],
                      "properties": {"name": {"bsonType": "string"},
                                     "name_es": {"bsonType": "string"},
                                     "hex": {"bsonType": "string", "pattern": "^#[0-9A-F]{6}$"}}},
        },
        "file": {
            "bsonType": "object",
            "required": ["bucket", "storage_key", "format", "width", "height"],
            "properties": {
                "bucket": {"bsonType": "string", "minLength": 3},
                "storage_key": {"bsonType": "string", "pattern": "^images/"},
                "format": {"enum": ["png", "jpeg", "webp"]},
                "width": {**INT, "minimum": 16, "maximum": 10000},
                "height": {**INT, "minimum": 16, "maximum": 10000},
            },
        },
        "usage_rights": USAGE_RIGHTS,
        "versions": VERSIONS,
        "current_version": {**INT, "minimum": 1},
        "generation": {"bsonType": "object"},
        "created_at": {"bsonType": "date"},
        "updated_at": {"bsonType": "date"},
    },
}

INDEXES = [
    ("ux_images_image_code", asc("image_code"), {"unique": True}),
    ("ix_images_campaign_codes", asc("campaign_codes"), {}),
    ("ix_images_company_code", asc("company_code"), {}),
    ("ix_images_hashtags", asc("hashtags"), {}),
    ("ix_images_hashtags_es", asc("hashtags_es"), {}),
    ("tx_images_description", [("description", "text"), ("hashtags", "text")],
     {"default_language": "english", "weights": {"description": 1, "hashtags": 2}}),
]


def up(db: Database) -> None:
    ensure_collection(db, "images", SCHEMA, INDEXES)
