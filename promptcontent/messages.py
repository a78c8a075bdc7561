"""Campaign messages per target population, derived from the received campaign description (CON-5 data).

A request carries a campaign description and a target audience made of populations; for each population
three messages are written (awareness, consideration, call to action) that reuse the description's own
words and adapt tone and channel to the population.  The CON-5 MCP tool calls :func:`compose_messages`
and stores the result in ``content_requests`` and ``campaign_logs``; the seed uses it for history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Population:
    code: str
    label: str
    description: str
    motive: str  # what this population cares about, used in the second message
    channel: str  # where it is best reached
    call: str  # how it is asked to act


POPULATIONS: tuple[Population, ...] = (
    Population("young-urban", "Young urban professionals",
               "25-34, city dwellers with busy schedules and disposable income",
               "save time without giving up style", "instagram", "Tap to discover it today"),
    Population("families", "Families with children",
               "parents of school-age children managing a household budget",
               "get reliable value for the whole family", "facebook", "Find the family offer near you"),
    Population("students", "University students",
               "18-24, price-sensitive, always on their phones",
               "stretch a tight budget and share with friends", "tiktok", "Grab the student deal now"),
    Population("seniors", "Active seniors",
               "60+, retired or semi-retired, value trust and clear information",
               "enjoy quality and peace of mind", "email", "Call us or reply to this email to learn more"),
    Population("smb-owners", "Small-business owners",
               "owners of shops and studios with under 20 employees",
               "grow their business with measurable results", "linkedin", "Book a 15-minute demo"),
    Population("fitness-fans", "Fitness enthusiasts",
               "people who train at least three times a week and track their progress",
               "perform better and recover faster", "instagram", "Join the challenge this week"),
    Population("travellers", "Frequent travellers",
               "take four or more trips a year for work or leisure",
               "travel lighter and make every trip count", "email", "Plan your next trip with us"),
    Population("eco-conscious", "Eco-conscious shoppers",
               "prefer sustainable brands and read labels before buying",
               "buy better with a smaller footprint", "instagram", "See how it is made"),
)

CHANNEL_FORMAT = {
    "instagram": "Instagram post",
    "facebook": "Facebook post",
    "tiktok": "TikTok caption",
    "email": "email subject and preview",
    "linkedin": "LinkedIn post",
}


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s.strip()]


_STOP = frozenset(
    "about after again also among around because before being brand campaign could every first from have into "
    "launches message other people shown should since stresses their there these those through under using "
    "where which while with would your".split()
)


def keywords(text: str, brand: str, limit: int = 3) -> list[str]:
    """The first distinctive words of the description (5+ letters, not stop words, not the brand)."""
    brand_words = {w.lower() for w in re.findall(r"\w+", brand)}
    seen: list[str] = []
    for word in re.findall(r"[^\W\d_]{5,}", text):
        w = word.lower()
        if w not in _STOP and w not in brand_words and w not in seen:
            seen.append(w)
        if len(seen) == limit:
            break
    return seen


def compose_messages(campaign_description: str, population: Population, brand: str) -> list[dict]:
    """Three messages for one population (awareness, consideration, action), built from the description."""
    sentences = _sentences(campaign_description)
    if not sentences:
        raise ValueError("the campaign description is empty")
    hook = sentences[0].rstrip(".!?")
    benefit = sentences[1].rstrip(".!?") if len(sentences) > 1 else hook
    tags = " ".join(f"#{w}" for w in keywords(campaign_description, brand))
    fmt = CHANNEL_FORMAT[population.channel]
    texts = [
        ("awareness", f"{population.label}: {hook}."),
        ("consideration", f"Because you want to {population.motive}: {benefit[:1].lower() + benefit[1:]}."),
        ("action", f"{population.call} with {brand}. {tags}".strip()),
    ]
    return [
        {"seq": i, "stage": stage, "channel": population.channel, "format": fmt, "text": text}
        for i, (stage, text) in enumerate(texts, start=1)
    ]
