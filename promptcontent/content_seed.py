"""Deterministic seed data besides the images: content pieces, content requests with their campaign logs
(three messages per target population, CON-5), and AI generation records.

Everything derives from the image attributes (so a campaign's pieces speak about the same subject as its
images) and from the run parameters; the wall clock is never read.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

from promptcontent import identity
from promptcontent.config import RunParameters
from promptcontent.generator import APPROVERS, DESIGNERS, ImageAttributes, describe, generate_attributes
from promptcontent.messages import POPULATIONS, compose_messages

REQUEST_COUNT = {"small": 12, "full": 40}
SEASONS = ("back-to-school season", "the December holidays", "the summer break", "the new-year reset",
           "Mother's Day", "Black Friday week")


def _when(rng: random.Random, as_of, back_days: int) -> datetime:
    day = as_of - timedelta(days=rng.randrange(1, back_days))
    return datetime.combine(day, time(rng.randrange(8, 19), rng.randrange(60)), tzinfo=UTC)


def _approved(rng: random.Random, created: datetime) -> dict:
    decided = created + timedelta(hours=rng.randrange(1, 30))
    return {"state": "approved", "approver": rng.choice(APPROVERS), "decided_at": decided,
            "comment": "Approved for publication."}


def content_pieces(params: RunParameters, attributes: list[ImageAttributes] | None = None) -> list[dict]:
    """A caption (text) per image, a short video every fourth image and an audio spot every sixth."""
    attributes = attributes or generate_attributes(params)
    pieces: list[dict] = []
    for a in attributes:
        rng = random.Random(f"{params.seed}:piece:{a.ordinal}")
        company = identity.company_name(a.company)
        base = {
            "campaign_code": identity.campaign_code(a.campaign),
            "company_code": identity.company_code(a.company),
            "language": "en",
            "hashtags": [f"#{a.sector.key}", f"#{a.subject.key}", f"#{identity.slug(company)}"],
            "related_image_codes": [a.image_code],
            "usage_rights": {"licence": "exclusive-client", "holder": company},
        }
        kinds = ["text"] + (["video"] if a.ordinal % 4 == 0 else []) + (["audio"] if a.ordinal % 6 == 0 else [])
        for kind in kinds:
            created = _when(rng, params.as_of, 400)
            piece = dict(base)
            piece["piece_code"] = f"CP-{len(pieces) + 1:06d}"
            piece["kind"] = kind
            if kind == "text":
                piece["format"] = "text/markdown"
                piece["title"] = f"Caption: {a.subject.key} for {company}"
                piece["body"] = (f"{a.subject.phrase[:1].upper()}{a.subject.phrase[1:]} {a.setting.phrase}. "
                                 f"{a.mood.detail} #{a.subject.key} #{identity.slug(company)}")
            elif kind == "video":
                piece["format"] = "video/mp4"
                piece["title"] = f"Six-second {a.style.key} clip: {a.subject.key}"
                piece["duration_seconds"] = 6 + rng.randrange(10)
                piece["script"] = f"Open on {a.subject.phrase} {a.setting.phrase}; close on the {company} logo."
            else:
                piece["format"] = "audio/mpeg"
                piece["title"] = f"Radio spot: {a.subject.key} ({a.mood.key})"
                piece["duration_seconds"] = 15 + 15 * rng.randrange(3)
                piece["script"] = f"A {a.mood.phrase} voice-over presents {company}. {a.mood.detail}"
            piece["versions"] = [{
                "version": 1,
                "storage_key": f"pieces/{kind}/{piece['piece_code']}/v1",
                "created_at": created,
                "created_by": rng.choice(DESIGNERS),
                "approval": _approved(rng, created) if rng.random() > 0.2 else {"state": "pending"},
            }]
            piece["created_at"] = created
            pieces.append(piece)
    return pieces


def campaign_description(a: ImageAttributes, season: str) -> str:
    company = identity.company_name(a.company)
    return (
        f"{company} launches a {a.mood.phrase} campaign around {a.subject.phrase} for {season}. "
        f"The message stresses {a.sector.noun} quality that people can see and feel, shown {a.setting.phrase}. "
        f"Creative direction: {a.style.phrase} in {a.palette.phrase}."
    )


def requests_and_logs(
    params: RunParameters, attributes: list[ImageAttributes] | None = None
) -> tuple[list[dict], list[dict]]:
    """Content requests (campaign description + target audience) and their campaign logs, one log per
    population with exactly three messages."""
    attributes = attributes or generate_attributes(params)
    rng = random.Random(f"{params.seed}:requests")
    requests, logs = [], []
    step = max(1, len(attributes) // REQUEST_COUNT[params.scale])
    for n, a in enumerate(attributes[::step][: REQUEST_COUNT[params.scale]], start=1):
        code = f"REQ-{n:06d}"
        company = identity.company_name(a.company)
        populations = rng.sample(POPULATIONS, 2 + rng.randrange(3))
        description = campaign_description(a, rng.choice(SEASONS))
        requested = _when(rng, params.as_of, 200)
        status = "completed" if n % 7 else "processing"
        requests.append({
            "request_code": code,
            "campaign_code": identity.campaign_code(a.campaign),
            "company_code": identity.company_code(a.company),
            "campaign_description": description,
            "target_audience": {
                "populations": [{"code": p.code, "label": p.label, "description": p.description} for p in populations],
            },
            "status": status,
            "source": "seed",
            "requested_by": rng.choice(DESIGNERS),
            "requested_at": requested,
        })
        if status != "completed":
            continue
        for p in populations:
            logs.append({
                "request_code": code,
                "campaign_code": identity.campaign_code(a.campaign),
                "population_code": p.code,
                "messages": compose_messages(description, p, company),
                "generator": "promptcontent.messages.compose_messages",
                "generated_at": requested + timedelta(seconds=2 + rng.randrange(5)),
            })
    return requests, logs


def ai_generations(params: RunParameters, attributes: list[ImageAttributes] | None = None) -> list[dict]:
    """One record per image description the template generator produced, and one per completed content
    request (the campaign messages of its populations).

    Token counts are whitespace tokens of prompt and output; latency is modelled (flagged simulated),
    since a seed cannot measure a run that happened in the past.
    """
    attributes = attributes or generate_attributes(params)
    records = []
    for a in attributes:
        rng = random.Random(f"{params.seed}:gen:{a.ordinal}")
        prompt = (f"Describe an image for campaign {identity.campaign_code(a.campaign)}: subject={a.subject.key}, "
                  f"setting={a.setting.key}, style={a.style.key}, mood={a.mood.key}, palette={a.palette.key}, "
                  f"use={a.use.key}")
        output = describe(a)
        prompt_tokens, completion_tokens = len(prompt.split()), len(output.split())
        records.append({
            "generation_code": f"GEN-{a.ordinal:06d}",
            "task": "image_description",
            "prompt": prompt,
            "model": {"provider": "PromptContent", "name": "promptcontent-template-generator", "version": "1.0"},
            "parameters": {"template": a.template, "seed": params.seed, "temperature": 0.0},
            "output": output,
            "tokens": {"prompt": prompt_tokens, "completion": completion_tokens,
                       "total": prompt_tokens + completion_tokens, "tokenizer": "whitespace"},
            "latency_ms": 40 + rng.randrange(120),
            "simulated_latency": True,
            "related": {"image_code": a.image_code},
            "source": "seed",
            "created_at": _when(rng, params.as_of, 500),
        })
    requests, logs = requests_and_logs(params, attributes)
    for request in requests:
        request_logs = [log for log in logs if log["request_code"] == request["request_code"]]
        if not request_logs:
            continue
        rng = random.Random(f"{params.seed}:gen:{request['request_code']}")
        populations = ", ".join(p["code"] for p in request["target_audience"]["populations"])
        prompt = f"Write three messages per population ({populations}) for: {request['campaign_description']}"
        output = [{"population_code": log["population_code"], "messages": [m["text"] for m in log["messages"]]}
                  for log in request_logs]
        prompt_tokens = len(prompt.split())
        completion_tokens = sum(len(t.split()) for item in output for t in item["messages"])
        records.append({
            "generation_code": f"GEN-{len(records) + 1:06d}",
            "task": "campaign_messages",
            "prompt": prompt,
            "model": {"provider": "PromptContent", "name": "promptcontent-message-composer", "version": "1.0"},
            "parameters": {"messages_per_population": 3, "temperature": 0.0},
            "output": output,
            "tokens": {"prompt": prompt_tokens, "completion": completion_tokens,
                       "total": prompt_tokens + completion_tokens, "tokenizer": "whitespace"},
            "latency_ms": 60 + rng.randrange(200),
            "simulated_latency": True,
            "related": {"request_code": request["request_code"], "campaign_code": request["campaign_code"]},
            "source": "seed",
            "created_at": request_logs[0]["generated_at"],
        })
    return records
