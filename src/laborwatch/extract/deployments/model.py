"""The deployment frame and the worker anchor it grows from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from laborwatch.extract.document import Span
from laborwatch.extract.sentences import Sentence


@dataclass
class Anchor:
    start: int
    end: int
    kind: str  # labour | person | military | permit | count_verb | pronoun | number | anaphor
    count: Any | None = None
    nk: bool = False
    earlier_state: bool = False  # the "from" count of "from 6,000 to 2,000"
    noun: str = ""  # the worker noun's class when the anchor became an anaphor


@dataclass
class Deployment:
    sentence: Sentence
    anchor: Anchor
    country: str | None = None
    area: str | None = None
    occupied: bool = False
    workers_min: int | None = None
    workers_max: int | None = None
    status: str = "unknown"
    sector: str = "unknown"
    when: str | None = None
    attribution: str = "outlet"
    modality: str = "asserted"
    rule: str = ""
    spans: list[Span] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    speaker: str | None = None

    def slots(self) -> dict[str, Any]:
        return {
            "destination_country": self.country,
            "destination_area": self.area,
            "occupied": self.occupied,
            "workers_min": self.workers_min,
            "workers_max": self.workers_max,
            "status": self.status,
            "sector": self.sector,
            "when": self.when,
            "attribution": self.attribution,
        }


def copy_frame(frame: Deployment) -> Deployment:
    clone = Deployment(**{k: getattr(frame, k) for k in frame.__dataclass_fields__})
    clone.spans = list(frame.spans)
    clone.sentences = list(frame.sentences)
    return clone


def uncounted(frame: Deployment) -> bool:
    return frame.workers_min is None and frame.workers_max is None
