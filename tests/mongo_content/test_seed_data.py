"""CON-5 data and the MongoDB scripts' shape, checked without a MongoDB server."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.runner import load_module
from promptcontent.content_seed import ai_generations, content_pieces, requests_and_logs
from promptcontent.messages import POPULATIONS, compose_messages, keywords

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
