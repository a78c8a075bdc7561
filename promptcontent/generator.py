"""Deterministic generator of the image catalogue (CON-1).

An image is a combination of curated attributes (sector, subject, setting, style, mood, palette, intended
use) tied to a campaign of a company whose sector matches the subject.  The description is rendered from
those attributes with jinja2 templates and the hashtags are derived from the very same attributes, so the
two always agree.  Same parameters (scale, as_of, seed) -> byte-identical output; the wall clock is never read.

Image files are not stored in the repository: each image has an object-storage key and its declared
dimensions, and ``promptcontent.render`` draws a PNG from the attributes on demand.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from promptcontent import identity
from promptcontent.config import RunParameters
from promptcontent.vocab import (
    ALIASES_ES,
    MOODS,
    MOODS_ES,
    PALETTES,
    PALETTES_ES,
    SECTORS,
    SECTORS_ES,
    SETTINGS,
    SETTINGS_ES,
    STYLES,
    STYLES_ES,
    SUBJECTS,
    SUBJECTS_ES,
    USES,
    USES_ES,
    EsTerm,
    Palette,
    Sector,
    Subject,
    Term,
    Use,
    by_key,
    check_spanish_vocabulary,
    check_vocabulary,
    style_fits,
)

GENERATOR_VERSION = "1.1"  # 1.1: Spanish description and hashtags
TEMPLATES = ("description_a.j2", "description_b.j2", "description_c.j2")
# The Spanish variant of each English template: same attributes, its own wording and sentence order.
TEMPLATES_ES = {"description_a.j2": "descripcion_a.j2", "description_b.j2": "descripcion_b.j2",
                "description_c.j2": "descripcion_c.j2"}
STORAGE_BUCKET = "promptcontent-media"
CAMPAIGN_WINDOW_START = date(2024, 7, 1)

# Staff who approve content versions (the approval workflow of the portal).
APPROVERS: tuple[str, ...] = (
    "maria.jimenez", "carlos.vargas", "sofia.araya", "diego.solano",
    "valeria.rojas", "andres.quesada", "lucia.chaves", "javier.mena",
)
DESIGNERS: tuple[str, ...] = (
    "ana.mora", "pablo.castro", "elena.ulate", "tomas.brenes", "camila.segura", "ricardo.alfaro",
)
LICENCES: tuple[str, ...] = ("exclusive-client", "royalty-free", "rights-managed", "cc-by-4.0")
TERRITORY_SETS: tuple[tuple[str, ...], ...] = (
    ("CR",), ("CR", "PA"), ("CR", "US"), ("US", "MX", "CO"), ("CR", "GT", "SV", "HN", "NI", "PA"), ("WORLD",),
)
RESTRICTIONS_BY_USE: dict[str, tuple[str, ...]] = {
    "instagramstory": ("digital channels only", "no paid boosting beyond the campaign dates"),
    "webbanner": ("digital channels only",),
    "feedpost": ("digital channels only", "credit the brand account when reposting"),
    "newsletter": ("email marketing only",),
    "linkedin": ("corporate communication only",),
    "tiktokcover": ("digital channels only", "no use as stock content"),
    "poster": ("print run up to 5,000 copies", "points of sale only"),
    "blogheader": ("owned web properties only",),
}
COMMON_RESTRICTIONS: tuple[str, ...] = (
    "no use in political advertising",
    "no resale or sublicensing",
    "no alteration of the brand logo",
)


@dataclass(frozen=True)
class ImageAttributes:
    """The attribute combination an image is generated from."""

    ordinal: int
    sector: Sector
    subject: Subject
    setting: Term
    style: Term
    mood: Term
    palette: Palette
    use: Use
    company: int
    campaign: int
    template: str

    @property
    def image_code(self) -> str:
        return f"IMG-{self.ordinal:06d}"

    def keys(self) -> dict[str, str]:
        return {
            "sector": self.sector.key,
            "subject": self.subject.key,
            "setting": self.setting.key,
            "style": self.style.key,
            "mood": self.mood.key,
            "palette": self.palette.key,
            "use": self.use.key,
        }


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).with_name("templates")),
        undefined=StrictUndefined,
        autoescape=False,  # plain text, never HTML
        keep_trailing_newline=False,
    )
    env.filters["capfirst"] = lambda s: s[:1].upper() + s[1:]
    env.filters["article"] = lambda s: ("an " if s[:1].lower() in "aeiou" else "a ") + s
    # Spanish agreement: indefinite article and demonstrative by the grammatical gender of the term.
    env.filters["un"] = lambda term: "una" if term.gender == "f" else "un"
    env.filters["este"] = lambda term: "esta" if term.gender == "f" else "este"
    return env


def describe(attrs: ImageAttributes) -> str:
    """Render the description of an image from its attributes (several sentences, one paragraph)."""
    template = _environment().get_template(attrs.template)
    text = template.render(
        style=attrs.style,
        subject=attrs.subject,
        setting=attrs.setting,
        mood=attrs.mood,
        palette=attrs.palette,
        colours=[name for name, _ in attrs.palette.colours],
        use=attrs.use,
        width=attrs.use.width,
        height=attrs.use.height,
        sector=attrs.sector,
        company_name=identity.company_name(attrs.company),
        campaign_code=identity.campaign_code(attrs.campaign),
    )
    return " ".join(text.split())


def spanish_terms(attrs: ImageAttributes) -> dict[str, EsTerm]:
    """The Spanish vocabulary entry of each attribute (sector, subject, setting, style, mood, palette, use)."""
    return {
        "sector": SECTORS_ES[attrs.sector.key],
        "subject": SUBJECTS_ES[attrs.subject.key],
        "setting": SETTINGS_ES[attrs.setting.key],
        "style": STYLES_ES[attrs.style.key],
        "mood": MOODS_ES[attrs.mood.key],
        "palette": PALETTES_ES[attrs.palette.key],
        "use": USES_ES[attrs.use.key],
    }


def describe_es(attrs: ImageAttributes) -> str:
    """The Spanish description of an image, written from the same attributes as the English one."""
    check_spanish_vocabulary()
    terms = spanish_terms(attrs)
    template = _environment().get_template(TEMPLATES_ES[attrs.template])
    text = template.render(
        **terms,
        colours=list(terms["palette"].colours),
        width=attrs.use.width,
        height=attrs.use.height,
        company_name=identity.company_name(attrs.company),
        campaign_code=identity.campaign_code(attrs.campaign),
    )
    return " ".join(text.split())


def hashtags_es_for(attrs: ImageAttributes) -> list[tuple[str, str]]:
    """(Spanish hashtag, category) pairs from the same attributes; the brand tag is the same in both languages."""
    pairs = [
        (f"#{tag}", category)
        for category, term in spanish_terms(attrs).items()
        for tag in (term.tag, *ALIASES_ES.get(attrs.keys()[category], ()))
    ]
    pairs.append((f"#{identity.slug(identity.company_name(attrs.company))}", "brand"))
    return pairs


def hashtags_for(attrs: ImageAttributes) -> list[tuple[str, str]]:
    """(hashtag, category) pairs derived from the attributes; the brand tag comes from the company name."""
    pairs = [(f"#{key}", category) for category, key in attrs.keys().items()]
    pairs.append((f"#{identity.slug(identity.company_name(attrs.company))}", "brand"))
    return pairs


def _deck(rng: random.Random, items: tuple, count: int) -> list:
    """Balanced draw: shuffled copies of the list concatenated, so every value appears about equally."""
    out: list = []
    while len(out) < count:
        block = list(items)
        rng.shuffle(block)
        out.extend(block)
    return out[:count]


MAX_SHARED_LOOK = 2  # two images share at most this many of (setting, style, mood, palette, use)


def _distinct_look(
    rng: random.Random, subject: str, setting: str, signatures: list[tuple[str, ...]]
) -> tuple[Term, Term, Palette, Use]:
    """Draw style, mood, palette and use so that the style fits the subject and setting and no earlier
    image shares more than MAX_SHARED_LOOK of the five look attributes with this one; this is what keeps
    any two descriptions clearly different."""
    styles = [s for s in STYLES if style_fits(s.key, subject, setting)]
    for _ in range(2000):
        look = (rng.choice(styles), rng.choice(MOODS), rng.choice(PALETTES), rng.choice(USES))
        candidate = (setting, *(x.key for x in look))
        if all(sum(a == b for a, b in zip(candidate, other, strict=True)) <= MAX_SHARED_LOOK for other in signatures):
            return look
    raise RuntimeError("vocabulary too small to keep descriptions distinct; add styles, moods or palettes")


def generate_attributes(params: RunParameters) -> list[ImageAttributes]:
    """Attribute combinations for ``params.image_count`` images, reproducible for the same seed.

    Subjects are dealt round-robin from shuffled decks so every subject appears; each repetition of a
    subject gets a different setting, so no (subject, setting) pair repeats while count <= 4 * subjects;
    the other look attributes are drawn under the MAX_SHARED_LOOK rule.
    """
    check_vocabulary()
    count = params.image_count
    if count > 4 * len(SUBJECTS):
        raise ValueError(f"at most {4 * len(SUBJECTS)} distinct images can be generated, asked {count}")
    rng = random.Random(params.seed)
    subjects = _deck(rng, SUBJECTS, count)
    templates = _deck(rng, TEMPLATES, count)
    setting_offset = {s.key: rng.randrange(len(s.settings)) for s in SUBJECTS}
    seen: dict[str, int] = {}
    signatures: list[tuple[str, ...]] = []
    result: list[ImageAttributes] = []
    for i in range(count):
        subject = subjects[i]
        k = seen.get(subject.key, 0)
        seen[subject.key] = k + 1
        setting = by_key(SETTINGS, subject.settings[(setting_offset[subject.key] + k) % len(subject.settings)])
        style, mood, palette, use = _distinct_look(rng, subject.key, setting.key, signatures)
        signatures.append((setting.key, style.key, mood.key, palette.key, use.key))
        sector_index = next(j for j, s in enumerate(SECTORS) if s.key == subject.sector)
        company = sector_index * 20 + rng.randrange(20) + 1
        campaign = company + identity.COMPANY_COUNT * rng.randrange(identity.CAMPAIGN_COUNT // identity.COMPANY_COUNT)
        result.append(
            ImageAttributes(
                ordinal=i + 1,
                sector=SECTORS[sector_index],
                subject=subject,
                setting=setting,
                style=style,
                mood=mood,
                palette=palette,
                use=use,
                company=company,
                campaign=campaign,
                template=templates[i],
            )
        )
    return result


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randrange(8, 19), rng.randrange(60)), tzinfo=UTC)


def image_document(attrs: ImageAttributes, params: RunParameters) -> dict:
    """The MongoDB document of one image (collection ``images``)."""
    rng = random.Random(f"{params.seed}:{attrs.image_code}")
    description = describe(attrs)
    window_days = (params.as_of - CAMPAIGN_WINDOW_START).days
    created_day = CAMPAIGN_WINDOW_START + timedelta(days=rng.randrange(max(window_days - 30, 1)))
    code = attrs.image_code
    licence = LICENCES[rng.randrange(len(LICENCES))]
    expires = (
        _at(params.as_of + timedelta(days=rng.randrange(90, 720)), rng)
        if licence == "rights-managed" else None
    )
    restrictions = [*RESTRICTIONS_BY_USE[attrs.use.key], COMMON_RESTRICTIONS[rng.randrange(3)]]

    # Version history: earlier versions were rejected with a reason, the last one is approved or pending.
    version_count = 1 + rng.randrange(3)
    versions = []
    day = created_day
    for v in range(1, version_count + 1):
        created = _at(day, rng)
        last = v == version_count
        state = ("pending" if rng.random() < 0.15 else "approved") if last else "rejected"
        approval: dict = {"state": state}
        if state != "pending":
            approval["approver"] = APPROVERS[rng.randrange(len(APPROVERS))]
            approval["decided_at"] = created + timedelta(hours=rng.randrange(2, 48))
            approval["comment"] = (
                "Approved for publication." if state == "approved"
                else ("Colours drift from the brand palette.", "Subject too small for the intended crop.",
                      "Legal asked to remove a visible third-party logo.")[rng.randrange(3)]
            )
        versions.append({
            "version": v,
            "storage_key": f"images/{attrs.sector.key}/{code}/v{v}.png",
            "created_at": created,
            "created_by": DESIGNERS[rng.randrange(len(DESIGNERS))],
            "change_note": "First rendition." if v == 1 else "Re-rendered after review feedback.",
            "approval": approval,
        })
        day = day + timedelta(days=1 + rng.randrange(4))

    hashtags = hashtags_for(attrs)
    description_es = describe_es(attrs)
    return {
        "image_code": code,
        "company_code": identity.company_code(attrs.company),
        "company_name": identity.company_name(attrs.company),
        "campaign_codes": [identity.campaign_code(attrs.campaign)],
        "description": description,
        "description_sha256": hashlib.sha256(description.encode("utf-8")).hexdigest(),
        "language": "en",
        "description_es": description_es,
        "description_es_sha256": hashlib.sha256(description_es.encode("utf-8")).hexdigest(),
        "attributes": attrs.keys(),
        "colours": [
            {"name": name, "name_es": name_es, "hex": hexcode}
            for (name, hexcode), name_es in zip(attrs.palette.colours, PALETTES_ES[attrs.palette.key].colours,
                                                strict=True)
        ],
        "hashtags": [tag for tag, _ in hashtags],
        "hashtags_es": [tag for tag, _ in hashtags_es_for(attrs)],
        "file": {
            "bucket": STORAGE_BUCKET,
            "storage_key": versions[-1]["storage_key"],
            "format": "png",
            "width": attrs.use.width,
            "height": attrs.use.height,
        },
        "usage_rights": {
            "licence": licence,
            "holder": (
                identity.company_name(attrs.company) if licence == "exclusive-client" else "SolidNY PromptContent"
            ),
            "restrictions": restrictions,
            "territories": list(TERRITORY_SETS[rng.randrange(len(TERRITORY_SETS))]),
            "valid_from": _at(created_day, rng),
            "expires_at": expires,
        },
        "versions": versions,
        "current_version": version_count,
        "generation": {
            "generator": "promptcontent.generator",
            "generator_version": GENERATOR_VERSION,
            "template": attrs.template,
            "template_es": TEMPLATES_ES[attrs.template],
            "seed": params.seed,
            "ordinal": attrs.ordinal,
        },
        "created_at": versions[0]["created_at"],
        "updated_at": versions[-1]["created_at"],
    }


def generate_images(params: RunParameters) -> list[dict]:
    """All image documents for the given parameters."""
    return [image_document(a, params) for a in generate_attributes(params)]


def hashtag_catalogue() -> list[dict]:
    """Every hashtag the generator can emit in either language, with its category (collection ``hashtags``).

    A tag written the same in both languages (``#pizza``, ``#yoga``, the brands) is one row with both
    languages; English-only rows carry the English label, Spanish-only rows the Spanish one.
    """
    check_spanish_vocabulary()
    rows: dict[str, dict] = {}
    groups = (("sector", SECTORS, SECTORS_ES), ("subject", SUBJECTS, SUBJECTS_ES), ("setting", SETTINGS, SETTINGS_ES),
              ("style", STYLES, STYLES_ES), ("mood", MOODS, MOODS_ES), ("palette", PALETTES, PALETTES_ES),
              ("use", USES, USES_ES))
    for category, items, spanish in groups:
        for item in items:
            label = getattr(item, "phrase", None) or item.noun
            es = spanish[item.key]
            if f"#{item.key}" in rows:  # a Spanish tag of an earlier category is spelt like this English one
                raise ValueError(f"#{item.key} is a {category} tag in English and a "
                                 f"{rows[f'#{item.key}']['category']} tag in Spanish")
            rows[f"#{item.key}"] = {"tag": f"#{item.key}", "category": category, "label": label,
                                    "languages": ["en"]}
            for tag in (es.tag, *ALIASES_ES.get(item.key, ())):
                tag_es = f"#{tag}"
                if tag_es in rows:
                    if rows[tag_es]["category"] != category:
                        raise ValueError(f"{tag_es} is a {rows[tag_es]['category']} tag in English, "
                                         f"{category} in Spanish")
                    rows[tag_es]["languages"] = ["en", "es"]
                    rows[tag_es]["label_es"] = es.phrase
                else:
                    rows[tag_es] = {"tag": tag_es, "category": category, "label": es.phrase, "languages": ["es"]}
    for n in range(1, identity.COMPANY_COUNT + 1):
        tag = f"#{identity.slug(identity.company_name(n))}"
        rows[tag] = {
            "tag": tag,
            "category": "brand",
            "label": identity.company_name(n),
            "languages": ["en", "es"],
            "company_code": identity.company_code(n),
        }
    return list(rows.values())
