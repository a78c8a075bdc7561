"""CON-5 data and the MongoDB scripts' shape, checked without a MongoDB server."""

from __future__ import annotations

from pathlib import Path

import pytest
from pymongo.errors import OperationFailure

from harness.runner import load_module
from promptcontent.content_seed import ai_generations, content_pieces, requests_and_logs
from promptcontent.messages import POPULATIONS, compose_messages, keywords
from promptcontent.mongo import ensure_index

SCRIPTS = sorted((Path(__file__).resolve().parents[2] / "mongo_content").glob("[0-9][0-9][0-9]_*.py"))


@pytest.mark.req("CON-5")
def test_every_completed_request_has_a_log_with_three_messages_per_population(run_params):
    """One log per population of each completed request, each with awareness, consideration and action."""
    requests, logs = requests_and_logs(run_params)
    by_key = {(log["request_code"], log["population_code"]): log for log in logs}

    completed = [r for r in requests if r["status"] == "completed"]
    assert completed
    for request in completed:
        for population in request["target_audience"]["populations"]:
            log = by_key[(request["request_code"], population["code"])]
            assert [m["stage"] for m in log["messages"]] == ["awareness", "consideration", "action"]
    assert len(logs) == sum(len(r["target_audience"]["populations"]) for r in completed)


@pytest.mark.req("CON-5")
def test_messages_are_derived_from_the_received_campaign_description():
    """The messages quote the description and use words from it, adapted to the population's channel."""
    description = ("Marea Viajes opens direct flights to Patagonia glaciers this winter. "
                   "Travellers get guided treks and lodge stays in one booking.")
    population = POPULATIONS[0]

    messages = compose_messages(description, population, "Marea Viajes")

    assert len(messages) == 3
    assert "Patagonia glaciers" in messages[0]["text"]
    assert "guided treks" in messages[1]["text"]
    assert all(f"#{w}" in messages[2]["text"] for w in keywords(description, "Marea Viajes"))
    assert {m["channel"] for m in messages} == {population.channel}


@pytest.mark.req("CON-1")
def test_content_pieces_carry_a_payload_that_fits_their_kind(run_params):
    """Text pieces have a body and a text format; audio and video have a duration and a media format."""
    for piece in content_pieces(run_params):
        if piece["kind"] == "text":
            assert piece["format"].startswith("text/") and len(piece["body"]) >= 20
        else:
            assert piece["format"].startswith(piece["kind"] + "/") and piece["duration_seconds"] > 0


@pytest.mark.req("OPS-5")
@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_every_mongo_script_exposes_up(path):
    """Each numbered MongoDB script imports cleanly and exposes up(db)."""
    module = load_module(path)

    assert callable(module.up)


@pytest.mark.req("CON-5")
def test_each_completed_request_has_an_ai_generation_record_with_its_messages(run_params):
    """The campaign_messages record of a request holds the same three messages per population as its logs."""
    requests, logs = requests_and_logs(run_params)
    records = {r["related"]["request_code"]: r for r in ai_generations(run_params) if r["task"] == "campaign_messages"}

    completed = {r["request_code"] for r in requests if r["status"] == "completed"}
    assert set(records) == completed
    for log in logs:
        output = {o["population_code"]: o["messages"] for o in records[log["request_code"]]["output"]}
        assert output[log["population_code"]] == [m["text"] for m in log["messages"]]
    assert all(r["tokens"]["total"] == r["tokens"]["prompt"] + r["tokens"]["completion"] for r in records.values())


class _IndexCatalog:
    """Stand-in for a pymongo Collection's index calls, answering createIndexes like MongoDB 8 does: the same
    definition again is a no-op; another definition holding the name, the key pattern or the collection's
    single text index is an IndexOptionsConflict (85)."""

    def __init__(self, existing: dict[str, tuple[list, dict]]) -> None:
        self.specs: dict[str, tuple[list, dict]] = {"_id_": ([("_id", 1)], {}), **existing}
        self.dropped: list[str] = []

    @staticmethod
    def _is_text(keys: list) -> bool:
        return any(direction == "text" for _, direction in keys)

    def index_information(self) -> dict[str, dict]:
        return {name: {"key": [("_fts", "text"), ("_ftsx", 1)] if self._is_text(keys) else list(keys), **options}
                for name, (keys, options) in self.specs.items()}

    def create_index(self, keys: list, name: str, **options) -> str:
        for existing, (other_keys, other_options) in self.specs.items():
            if existing == name and (other_keys, other_options) == (list(keys), options):
                return name
            if existing == name or other_keys == list(keys) or (self._is_text(keys) and self._is_text(other_keys)):
                raise OperationFailure("an index of another definition is in the way", code=85)
        self.specs[name] = (list(keys), options)
        return name

    def drop_index(self, name: str) -> None:
        self.dropped.append(name)
        del self.specs[name]


@pytest.mark.req("OPS-5")
def test_an_index_left_by_an_earlier_definition_is_rebuilt_instead_of_failing_the_rerun():
    """Same name with other options, same keys under another name, another text index: each is replaced."""
    catalog = _IndexCatalog({
        "ux_code": ([("code", 1)], {}),  # was not unique
        "tag_1": ([("tag", 1)], {}),  # same keys, older name
        "tx_old": ([("description", "text")], {"weights": {"description": 1}}),
    })

    ensure_index(catalog, "ux_code", [("code", 1)], {"unique": True})
    ensure_index(catalog, "ix_tag", [("tag", 1)], {})
    ensure_index(catalog, "tx_new", [("description", "text")], {"weights": {"description": 2}})
    ensure_index(catalog, "ix_tag", [("tag", 1)], {})  # identical: a no-op, nothing dropped

    assert catalog.dropped == ["ux_code", "tag_1", "tx_old"]
    assert catalog.specs["ux_code"] == ([("code", 1)], {"unique": True})
    assert set(catalog.specs) == {"_id_", "ux_code", "ix_tag", "tx_new"}
