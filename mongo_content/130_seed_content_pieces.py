"""Seed content pieces: a text caption per image, a short video every 4th image and an audio spot every
6th, with formats, one version each and usage rights.

Target: MongoDB 8 (replica set), database promptcontent.
Requires: 030_create_content_pieces.py, 120_seed_images.py (pieces refer to the images).
Re-runnable: yes (upsert on piece_code; pieces outside the current parameters are removed).
Leaves behind: content_pieces: 170 documents at small (120 text, 30 video, 20 audio), 283 at full.
Requirements: CON-1.
Verify: db.content_pieces.aggregate([{$group: {_id: "$kind", n: {$sum: 1}}}])
"""

from pymongo.database import Database

from promptcontent.config import from_environment
from promptcontent.content_seed import content_pieces
from promptcontent.mongo import upsert_all


def up(db: Database) -> None:
    pieces = content_pieces(from_environment())
    upsert_all(db, "content_pieces", pieces, key=["piece_code"])
    db.content_pieces.delete_many({"piece_code": {"$nin": [p["piece_code"] for p in pieces]}})
