"""Render an image document to a small PNG from its attributes (CON-1), without any imaging library.

The catalogue stores object-storage keys, not binaries: the repository never holds image files.  This
renderer draws a deterministic preview at one tenth of the declared dimensions: a vertical gradient between
the first two palette colours and a disc in the third colour whose position depends on the style and size
on the mood.  ``python -m promptcontent.render --out DIR`` writes every image under DIR/<storage_key>,
ready to upload to the bucket.
"""

from __future__ import annotations

import argparse
import hashlib
import struct
import sys
import zlib
from pathlib import Path

from promptcontent.config import from_environment
from promptcontent.generator import generate_images

SCALE_DIVISOR = 10


def _rgb(hexcode: str) -> tuple[int, int, int]:
    return int(hexcode[1:3], 16), int(hexcode[3:5], 16), int(hexcode[5:7], 16)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def render_png(doc: dict) -> bytes:
    """PNG bytes (8-bit RGB) for one image document; same document -> same bytes."""
    width = max(16, doc["file"]["width"] // SCALE_DIVISOR)
    height = max(16, doc["file"]["height"] // SCALE_DIVISOR)
    top, bottom, accent = (_rgb(c["hex"]) for c in doc["colours"][:3])
    digest = hashlib.sha256((doc["attributes"]["style"] + doc["attributes"]["subject"]).encode()).digest()
    cx = width * (0.25 + 0.5 * digest[0] / 255)
    cy = height * (0.25 + 0.5 * digest[1] / 255)
    radius = min(width, height) * (0.15 + 0.25 * (hashlib.sha256(doc["attributes"]["mood"].encode()).digest()[0] / 255))
    r2 = radius * radius
    rows = bytearray()
    for y in range(height):
        t = y / (height - 1)
        base = bytes(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        accent_bytes = bytes(accent)
        rows.append(0)  # filter type "none"
        dy2 = (y - cy) ** 2
        for x in range(width):
            rows += accent_bytes if (x - cx) ** 2 + dy2 <= r2 else base
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(bytes(rows), 9))
            + _chunk(b"IEND", b""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render preview PNGs of the generated images.")
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--limit", type=int, default=0, help="render only the first N images")
    args = parser.parse_args(argv)
    docs = generate_images(from_environment())
    if args.limit:
        docs = docs[: args.limit]
    for doc in docs:
        target = args.out / doc["file"]["storage_key"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render_png(doc))
    print(f"rendered {len(docs)} images under {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
