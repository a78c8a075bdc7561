"""Seed the hashtag catalogue: every hashtag the image generator can emit, with its category
(sector, subject, setting, style, mood, palette, use, brand).

Target: MongoDB 8 (replica set), database promptcontent.
Requires: 020_create_hashtags.py.
Re-runnable: yes (upsert on tag).
Leaves behind: hashtags with 10 sector + 50 subject + 37 setting + 8 style + 8 mood + 8 palette + 8 use
  + 200 brand tags in English, plus the Spanish tags and their aliases (a tag spelt the same in both
  languages is one document with languages ["en", "es"]): 689 documents, same at both scales.
Requirements: CON-1.
Verify: db.hashtags.countDocuments() ; db.hashtags.aggregate([{$group: {_id: "$category", n: {$sum: 1}}}])
"""

from pymongo.database import Database

from promptcontent.generator import hashtag_catalogue
from promptcontent.mongo import upsert_all


def up(db: Database) -> None:
    upsert_all(db, "hashtags", hashtag_catalogue(), key=["tag"])
