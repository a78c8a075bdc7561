"""CON-1: the image generator is reproducible, its descriptions are broad and distinct, and the hashtags
are derived from the same attributes as the description."""

from __future__ import annotations

import itertools
import re
import struct
import zlib

import pytest

from promptcontent import identity
from promptcontent.config import IMAGE_COUNT, RunParameters
from promptcontent.generator import generate_images, hashtag_catalogue
from promptcontent.render import render_png
from promptcontent.vocab import MOODS, PALETTES, SECTORS, SETTINGS, STYLES, SUBJECTS, USES, by_key, style_fits

PLACEHOLDER = re.compile(r"\b(lorem|ipsum|placeholder|todo|tbd|xxx|promo \d+|image \d+|test)\b", re.IGNORECASE)
GROUPS = {"sector": SECTORS, "subject": SUBJECTS, "setting": SETTINGS, "style": STYLES, "mood": MOODS,
          "palette": PALETTES, "use": USES}


def _phrase(category: str, key: str) -> str:
    item = by_key(GROUPS[category], key)
    return item.noun if category == "sector" else item.phrase


@pytest.mark.req("CON-1")
@pytest.mark.parametrize("scale", sorted(IMAGE_COUNT))
def test_at_least_one_hundred_images_at_every_scale(scale):
    """Both scales generate at least 100 images with unique codes."""
    docs = generate_images(RunParameters(scale=scale))

    assert len(docs) >= 100
    assert len({d["image_code"] for d in docs}) == len(docs)


@pytest.mark.req("CON-1")
def test_same_parameters_give_identical_images_and_another_seed_changes_them(run_params, image_documents):
    """The generator is a pure function of (scale, as_of, seed)."""
    again = generate_images(run_params)
    other = generate_images(RunParameters(scale=run_params.scale, as_of=run_params.as_of, seed=run_params.seed + 1))

    assert again == image_documents
    assert [d["description"] for d in other] != [d["description"] for d in image_documents]


@pytest.mark.req("CON-1")
def test_descriptions_are_several_sentences_long_and_free_of_placeholders(image_documents):
    """Every description has at least five sentences and 80 words and no placeholder text."""
    for doc in image_documents:
        text = doc["description"]
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
        assert len(sentences) >= 5, doc["image_code"]
        assert len(text.split()) >= 80, doc["image_code"]
        assert not PLACEHOLDER.search(text), (doc["image_code"], PLACEHOLDER.search(text))


@pytest.mark.req("CON-1")
def test_no_two_descriptions_are_alike(image_documents):
    """No two descriptions share more than half of their word trigrams (Jaccard < 0.5)."""
    def shingles(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}

    sets = [(d["image_code"], shingles(d["description"])) for d in image_documents]
    worst = max(((len(a & b) / len(a | b), ca, cb) for (ca, a), (cb, b) in itertools.combinations(sets, 2)))

    assert worst[0] < 0.5, worst


@pytest.mark.req("CON-1")
def test_hashtags_match_the_attributes_the_description_was_written_from(image_documents):
    """Each attribute yields one hashtag and its phrase appears in the description; no other hashtag exists."""
    for doc in image_documents:
        expected = {f"#{key}" for key in doc["attributes"].values()} | {f"#{identity.slug(doc['company_name'])}"}
        assert set(doc["hashtags"]) == expected, doc["image_code"]
        for category, key in doc["attributes"].items():
            assert _phrase(category, key).lower() in doc["description"].lower(), (doc["image_code"], category)
        assert doc["company_name"] in doc["description"]


@pytest.mark.req("CON-1")
def test_every_image_hashtag_is_in_the_catalogue_with_its_category(image_documents):
    """The hashtag catalogue covers every tag used, with the category the attribute belongs to."""
    catalogue = {row["tag"]: row["category"] for row in hashtag_catalogue()}

    for doc in image_documents:
        for category, key in doc["attributes"].items():
            assert catalogue[f"#{key}"] == category
        assert catalogue[f"#{identity.slug(doc['company_name'])}"] == "brand"


@pytest.mark.req("CON-1")
def test_campaign_company_and_sector_follow_the_contract_identity_rules(image_documents):
    """Campaign n belongs to company ((n-1) % 200) + 1, whose sector is the image's sector."""
    for doc in image_documents:
        (campaign,) = doc["campaign_codes"]
        n = identity.parse_campaign_code(campaign)
        company = identity.campaign_company(n)
        assert doc["company_code"] == identity.company_code(company)
        assert doc["company_name"] == identity.company_name(company)
        assert identity.company_sector(company).key == doc["attributes"]["sector"]
    assert identity.company_name(1) == "Aurora Alimentos"
    assert identity.company_name(21) == "Aurora Tecnología"
    assert identity.company_name(200) == "Volcán Cosmética"


@pytest.mark.req("CON-1")
def test_dimensions_fit_the_intended_use_and_versions_end_approved_or_pending(image_documents):
    """File dimensions come from the intended use; rejected versions precede the current one."""
    for doc in image_documents:
        use = by_key(USES, doc["attributes"]["use"])
        assert (doc["file"]["width"], doc["file"]["height"]) == (use.width, use.height)
        states = [v["approval"]["state"] for v in doc["versions"]]
        assert states[-1] in {"approved", "pending"} and set(states[:-1]) <= {"rejected"}
        assert doc["current_version"] == len(doc["versions"])
        if doc["usage_rights"]["licence"] == "rights-managed":
            assert doc["usage_rights"]["expires_at"] is not None


@pytest.mark.req("CON-1")
def test_rendered_preview_is_a_valid_png_of_a_tenth_of_the_declared_size(image_documents):
    """The renderer yields a decodable PNG whose IHDR matches the declared dimensions / 10, deterministically."""
    doc = image_documents[0]

    png = render_png(doc)

    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    length, kind = struct.unpack(">I4s", png[8:16])
    width, height = struct.unpack(">II", png[16:24])
    assert kind == b"IHDR" and length == 13
    assert (width, height) == (doc["file"]["width"] // 10, doc["file"]["height"] // 10)
    idat_len = struct.unpack(">I", png[33:37])[0]
    raw = zlib.decompress(png[41:41 + idat_len])
    assert len(raw) == height * (1 + 3 * width)
    assert render_png(doc) == png
    assert render_png(image_documents[1]) != png


@pytest.mark.req("CON-1")
def test_every_style_fits_its_subject_and_setting(image_documents):
    """No flat-lay of a runner, macro shot of a train or aerial view of a lipstick."""
    for doc in image_documents:
        a = doc["attributes"]
        assert style_fits(a["style"], a["subject"], a["setting"]), (doc["image_code"], a)
    assert not style_fits("aerial", "lipstick", "beach") and not style_fits("flatlay", "runner", "studio")
