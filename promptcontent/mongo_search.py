"""MongoDB text search over the images collection: the keyword baseline where MongoDB runs (CON-2)."""

from __future__ import annotations

from pymongo.database import Database


def text_search(db: Database, query: str, k: int = 10) -> list[str]:
    """Image codes ranked by MongoDB's textScore over description and hashtags (index tx_images_description).

    A multi-word $text query matches documents containing any of the (stemmed) words, like a search box.
    """
    cursor = (
        db.images.find({"$text": {"$search": query}}, {"_id": 0, "image_code": 1, "score": {"$meta": "textScore"}})
        .sort([("score", {"$meta": "textScore"}), ("image_code", 1)])
        .limit(k)
    )
    return [row["image_code"] for row in cursor]
