"""Cross-database identity rules of the repository contract (companies CO-nnnn, campaigns CMP-nnnnnn)."""

from __future__ import annotations

import unicodedata

from promptcontent.vocab import COMPANY_PREFIXES, SECTORS, Sector

COMPANY_COUNT = 200
CAMPAIGN_COUNT = 1000


def company_code(n: int) -> str:
    _check(n, COMPANY_COUNT, "company")
    return f"CO-{n:04d}"


def company_name(n: int) -> str:
    """Contract formula: PREFIX[(n-1) % 20] + ' ' + SECTOR[(n-1) // 20]."""
    _check(n, COMPANY_COUNT, "company")
    return f"{COMPANY_PREFIXES[(n - 1) % 20]} {SECTORS[(n - 1) // 20].name_es}"


def company_sector(n: int) -> Sector:
    _check(n, COMPANY_COUNT, "company")
    return SECTORS[(n - 1) // 20]


def campaign_code(n: int) -> str:
    _check(n, CAMPAIGN_COUNT, "campaign")
    return f"CMP-{n:06d}"


def campaign_company(n: int) -> int:
    """Contract rule: campaign n belongs to company ((n-1) % 200) + 1."""
    _check(n, CAMPAIGN_COUNT, "campaign")
    return (n - 1) % COMPANY_COUNT + 1


def parse_campaign_code(code: str) -> int:
    if not (code.startswith("CMP-") and len(code) == 10 and code[4:].isdigit()):
        raise ValueError(f"not a campaign code: {code!r}")
    return int(code[4:])


def slug(text: str) -> str:
    """ASCII, lowercase, alphanumerics only: 'Índigo Tecnología' -> 'indigotecnologia' (hashtag body)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def _check(n: int, upper: int, what: str) -> None:
    if not 1 <= n <= upper:
        raise ValueError(f"{what} ordinal must be in 1..{upper}, got {n}")
