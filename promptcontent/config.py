"""Run parameters shared by the MongoDB scripts, the index builder and the tests.

The harness sets PROMPTSALES_SCALE / PROMPTSALES_AS_OF / PROMPTSALES_SEED; a hand run gets the documented
defaults (never the wall clock, so every run with the same parameters produces the same data).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

DEFAULT_SCALE = "full"
DEFAULT_AS_OF = date(2026, 1, 31)
DEFAULT_SEED = 20250701

# Images generated per scale. Both stay above the CON-1 minimum of 100; "small" keeps the test run short.
IMAGE_COUNT = {"small": 120, "full": 200}


@dataclass(frozen=True)
class RunParameters:
    scale: str = DEFAULT_SCALE
    as_of: date = DEFAULT_AS_OF
    seed: int = DEFAULT_SEED

    @property
    def image_count(self) -> int:
        return IMAGE_COUNT[self.scale]


def from_environment(env: dict[str, str] | None = None) -> RunParameters:
    """Read the harness parameters from the environment, falling back to the documented defaults."""
    env = os.environ if env is None else env
    scale = env.get("PROMPTSALES_SCALE", DEFAULT_SCALE)
    if scale not in IMAGE_COUNT:
        raise ValueError(f"PROMPTSALES_SCALE must be one of {sorted(IMAGE_COUNT)}, got {scale!r}")
    as_of_text = env.get("PROMPTSALES_AS_OF")
    as_of = date.fromisoformat(as_of_text) if as_of_text else DEFAULT_AS_OF
    seed = int(env.get("PROMPTSALES_SEED", DEFAULT_SEED))
    return RunParameters(scale=scale, as_of=as_of, seed=seed)
