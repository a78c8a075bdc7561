"""CON-1, CON-3, CON-5: the $jsonSchema validators reject documents that break the important rules.

Real MongoDB only (fixture content_db; skipped with the reason where no MongoDB can run). Each test starts
from a valid document, proves it is accepted, then breaks one rule and expects error 121
(DocumentValidationFailure). Tests insert committed documents with codes outside the seeded range and
delete them afterwards.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator

import pytest
from pymongo.errors import WriteError

from promptcontent.config import RunParameters
from promptcontent.connections import adobe_firefly_connection
from promptcontent.content_seed import content_pieces, requests_and_logs
from promptcontent.generator import generate_images, hashtag_catalogue

PARAMS = RunParameters(scale="small")


def _valid_image() -> dict:
    doc = copy.deepcopy(generate_images(PARAMS)[0])
    doc["image_code"] = "IMG-999001"
    return doc


def _valid_request_and_log() -> tuple[dict, dict]:
    requests, logs = requests_and_logs(PARAMS)
    request = copy.deepcopy(requests[0])
    log = copy.deepcopy(next(x for x in logs if x["request_code"] == request["request_code"]))
    request["request_code"] = log["request_code"] = "REQ-999001"
    return request, log


@pytest.fixture
def scratch(content_db) -> Iterator[Callable[[str, dict], None]]:
    """Insert helper that remembers what it inserted and deletes it after the test."""
    inserted: list[tuple[str, object]] = []

    def insert(collection: str, doc: dict) -> None:
        result = content_db[collection].insert_one(copy.deepcopy(doc))
        inserted.append((collection, result.inserted_id))

    yield insert
    for collection, _id in inserted:
        content_db[collection].delete_one({"_id": _id})


def _rejected(insert: Callable[[str, dict], None], collection: str, doc: dict) -> None:
    with pytest.raises(WriteError) as excinfo:
        insert(collection, doc)
    assert excinfo.value.code == 121  # DocumentValidationFailure


IMAGE_BREAKERS: dict[str, Callable[[dict], None]] = {
    "placeholder_description": lambda d: d.update(description="Image 7"),
    "bad_campaign_code": lambda d: d.update(campaign_codes=["CAMPAIGN-1"]),
    "no_campaign": lambda d: d.update(campaign_codes=[]),
    "unknown_subject": lambda d: d["attributes"].update(subject="unicorn"),
    "hashtag_without_hash": lambda d: d.update(hashtags=["food", "#ramen", "#kitchen"]),
    "too_few_hashtags": lambda d: d.update(hashtags=["#food"]),
    "unknown_format": lambda d: d["file"].update(format="bmp"),
    "unknown_licence": lambda d: d["usage_rights"].update(licence="do-whatever"),
    "rights_managed_without_expiry": lambda d: d["usage_rights"].update(licence="rights-managed", expires_at=None),
    "approved_without_approver": lambda d: d["versions"][-1].update(approval={"state": "approved"}),
    "unknown_approval_state": lambda d: d["versions"][-1]["approval"].update(state="maybe"),
    "no_versions": lambda d: d.update(versions=[]),
    "missing_usage_rights": lambda d: d.pop("usage_rights"),
    "missing_spanish_description": lambda d: d.pop("description_es"),
    "placeholder_spanish_description": lambda d: d.update(description_es="Imagen 7"),
    "accented_spanish_hashtag": lambda d: d.update(hashtags_es=["#educación", "#aula", "#libros"]),
    "missing_spanish_hashtags": lambda d: d.pop("hashtags_es"),
}


@pytest.mark.req("CON-1")
@pytest.mark.mongo
def test_a_valid_generated_image_is_accepted(scratch, content_db):
    """The generator's own document passes the validator."""
    scratch("images", _valid_image())

    assert content_db.images.count_documents({"image_code": "IMG-999001"}) == 1


@pytest.mark.req("CON-1")
@pytest.mark.mongo
@pytest.mark.parametrize("rule", sorted(IMAGE_BREAKERS))
def test_images_validator_rejects_a_document_breaking_a_rule(scratch, rule):
    """Each broken rule of an image (codes, description, hashtags, rights, approvals) is rejected."""
    doc = _valid_image()
    IMAGE_BREAKERS[rule](doc)

    _rejected(scratch, "images", doc)


@pytest.mark.req("CON-1")
@pytest.mark.mongo
def test_content_piece_kind_must_match_its_format_and_payload(scratch):
    """A video piece with a text format, or without a duration, is rejected; a valid one is accepted."""
    video = copy.deepcopy(next(p for p in content_pieces(PARAMS) if p["kind"] == "video"))
    video["piece_code"] = "CP-999001"
    scratch("content_pieces", video)

    wrong_format = dict(video, piece_code="CP-999002", format="text/markdown")
    no_duration = {k: v for k, v in video.items() if k != "duration_seconds"} | {"piece_code": "CP-999003"}
    _rejected(scratch, "content_pieces", wrong_format)
    _rejected(scratch, "content_pieces", no_duration)


@pytest.mark.req("CON-5")
@pytest.mark.mongo
def test_campaign_log_needs_exactly_three_messages_per_population(scratch):
    """A log with two or four messages is rejected; three are accepted."""
    request, log = _valid_request_and_log()
    scratch("content_requests", request)
    scratch("campaign_logs", log)

    two = dict(log, population_code="two-only", messages=log["messages"][:2])
    four = dict(log, population_code="four-of-them", messages=[*log["messages"], log["messages"][0]])
    _rejected(scratch, "campaign_logs", two)
    _rejected(scratch, "campaign_logs", four)


@pytest.mark.req("CON-5")
@pytest.mark.mongo
def test_content_request_needs_description_audience_and_known_status(scratch):
    """A valid request is accepted; without populations, too short a description or an unknown status, not."""
    request, _ = _valid_request_and_log()
    scratch("content_requests", request)

    # Distinct codes, so the unique index on request_code is never what rejects them.
    no_audience = dict(request, request_code="REQ-999002", target_audience={"populations": []})
    short = dict(request, request_code="REQ-999003", campaign_description="Buy now")
    unknown_status = dict(request, request_code="REQ-999004", status="lost")
    for bad in (no_audience, short, unknown_status):
        _rejected(scratch, "content_requests", bad)


@pytest.mark.req("CON-3")
@pytest.mark.mongo
def test_api_connection_cannot_store_a_plain_text_secret(scratch):
    """auth is a closed object: adding client_secret is rejected, as is a non-POST or non-https endpoint."""
    doc = adobe_firefly_connection(env={})
    doc["connection_code"] = "test-connection"
    scratch("api_connections", doc)

    leaked = copy.deepcopy(doc)
    leaked["connection_code"] = "test-leak"
    leaked["auth"]["client_secret"] = "plain-text"
    get = copy.deepcopy(doc)
    get["connection_code"] = "test-get"
    get["auth"]["method"] = "GET"
    http = copy.deepcopy(doc)
    http["connection_code"] = "test-http"
    http["auth"]["token_url"] = "http://ims-na1.adobelogin.com/ims/token/v3"
    for bad in (leaked, get, http):
        _rejected(scratch, "api_connections", bad)


@pytest.mark.req("CON-1")
@pytest.mark.mongo
def test_seeded_collections_hold_the_generated_data(content_db, run_params):
    """After mongo_content/ ran (scale small): every generated image, the hashtag catalogue, request and log."""
    requests, logs = requests_and_logs(run_params)
    assert content_db.images.count_documents({}) == run_params.image_count == 120
    assert content_db.hashtags.count_documents({}) == len(hashtag_catalogue()) == 689
    assert content_db.content_pieces.count_documents({}) == len(content_pieces(run_params))
    assert content_db.content_requests.count_documents({"source": "seed"}) == len(requests)
    assert content_db.api_connections.count_documents({"connection_code": "adobe-firefly"}) == 1
    seeded = {"request_code": {"$in": [r["request_code"] for r in requests]}}
    assert content_db.campaign_logs.count_documents(seeded) == len(logs) > 0
    assert content_db.campaign_logs.count_documents(seeded | {"messages": {"$size": 3}}) == len(logs)
