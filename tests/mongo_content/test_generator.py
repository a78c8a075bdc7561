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
from promptcontent.evaluation import QUERIES, QUERIES_ES, QUERIES_ES_HELDOUT
from promptcontent.generator import generate_images, hashtag_catalogue
from promptcontent.render import render_png
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
    by_key,
    style_fits,
)

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
@pytest.mark.parametrize("field", ["description", "description_es"])
def test_no_two_descriptions_are_alike(image_documents, field):
    """No two descriptions (English, and Spanish) share more than half of their word trigrams (Jaccard < 0.5)."""
    def shingles(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}

    sets = [(d["image_code"], shingles(d[field])) for d in image_documents]
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


# --- Spanish ---------------------------------------------------------------------------------------------

SPANISH = {"sector": SECTORS_ES, "subject": SUBJECTS_ES, "setting": SETTINGS_ES, "style": STYLES_ES,
           "mood": MOODS_ES, "palette": PALETTES_ES, "use": USES_ES}
# "todo" is an ordinary Spanish word ("sobre todo"); the Spanish check looks for Spanish placeholders instead.
PLACEHOLDER_ES = re.compile(
    r"\b(lorem|ipsum|placeholder|tbd|xxx|promo \d+|imagen \d+|image \d+|texto de (ejemplo|prueba)|por definir)\b",
    re.IGNORECASE,
)
SPANISH_FUNCTION_WORDS = {"de", "la", "el", "en", "y", "los", "las", "una", "un", "con", "para", "del"}


@pytest.mark.req("CON-1")
@pytest.mark.req("CON-4")
def test_spanish_descriptions_are_long_spanish_text_without_placeholders_or_english(image_documents):
    """Every Spanish description has five or more sentences and 80 words, reads as Spanish (function words,
    accents), differs from the English one and carries no English vocabulary phrase or placeholder."""
    english_phrases = [x.phrase.lower() for group in (SUBJECTS, SETTINGS, STYLES, MOODS, PALETTES, USES)
                       for x in group]
    for doc in image_documents:
        text = doc["description_es"]
        words = re.findall(r"\w+", text.lower())
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
        assert len(sentences) >= 5 and len(words) >= 80, doc["image_code"]
        assert sum(w in SPANISH_FUNCTION_WORDS for w in words) >= 15, doc["image_code"]
        assert re.search(r"[áéíóúñ]", text), doc["image_code"]
        assert not PLACEHOLDER_ES.search(text), (doc["image_code"], PLACEHOLDER_ES.search(text))
        assert not [p for p in english_phrases if p in text.lower()], doc["image_code"]
        assert text != doc["description"]


@pytest.mark.req("CON-1")
@pytest.mark.req("CON-4")
def test_spanish_hashtags_and_description_come_from_the_same_attributes(image_documents):
    """The Spanish hashtags are exactly the Spanish tags (and aliases) of the image's attributes plus the
    brand, and the Spanish phrase of every attribute appears in the Spanish description."""
    for doc in image_documents:
        terms = {category: SPANISH[category][key] for category, key in doc["attributes"].items()}
        expected = {f"#{t}" for category, term in terms.items()
                    for t in (term.tag, *ALIASES_ES.get(doc["attributes"][category], ()))}
        expected.add(f"#{identity.slug(doc['company_name'])}")
        assert set(doc["hashtags_es"]) == expected and len(doc["hashtags_es"]) == len(expected), doc["image_code"]
        assert 3 <= len(doc["hashtags_es"]) <= 30
        for category, term in terms.items():
            assert term.phrase.lower() in doc["description_es"].lower(), (doc["image_code"], category)
        assert doc["company_name"] in doc["description_es"]


@pytest.mark.req("CON-1")
def test_every_spanish_hashtag_is_in_the_catalogue_with_the_category_of_its_attribute(image_documents):
    """The catalogue holds every Spanish tag with the category of the attribute it came from and says so."""
    catalogue = {row["tag"]: row for row in hashtag_catalogue()}

    for doc in image_documents:
        for category, key in doc["attributes"].items():
            for tag in (SPANISH[category][key].tag, *ALIASES_ES.get(key, ())):
                row = catalogue[f"#{tag}"]
                assert row["category"] == category and "es" in row["languages"], tag
        assert all("es" in catalogue[tag]["languages"] for tag in doc["hashtags_es"])
    assert len(catalogue) == len(hashtag_catalogue())  # one row per tag


@pytest.mark.req("CON-4")
def test_spanish_queries_expect_what_the_english_ones_expect_and_copy_no_description(image_documents):
    """Each Spanish evaluation query has the expectations of its English original, and no Spanish query occurs
    in a Spanish or English description (they paraphrase the intent, not the catalogue wording)."""
    assert [q.expect for q in QUERIES_ES] == [q.expect for q in QUERIES]
    assert len({q.text for q in QUERIES_ES + QUERIES_ES_HELDOUT}) == len(QUERIES_ES) + len(QUERIES_ES_HELDOUT)
    text = " ".join(d["description_es"].lower() + " " + d["description"].lower() for d in image_documents)
    for query in QUERIES_ES + QUERIES_ES_HELDOUT:
        assert query.text.lower() not in text, query.text
        assert query.relevant(image_documents), query.text
