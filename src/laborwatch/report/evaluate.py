"""Scoring findings against a gold standard, as SPEC section 3 defines.

Per document, predicted deployments are paired one-to-one with gold ones of the same country,
most pairs first and then the best total slot agreement; lenient figures count pairs, strict
ones only pairs with compatible counts and equal status. The lists (organizations, controls,
sanctions, payment kinds) are compared as normalized sets, micro-averaged over documents.
Figures equal those of the reference scorer published beside the SPEC (tests compare them),
so that a run here and an outside evaluation can be read side by side.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from laborwatch.errors import LaborwatchError

SLOTS = ("count", "area", "occupied", "status", "sector", "when", "attribution")
SET_KINDS = ("organizations", "controls", "sanctions", "payments")

# The rules below are part of the scoring contract (SPEC section 3), not knowledge of the
# world: they change only together with the SPEC and its reference scorer.
COUNT_SLACK = 0.1  # each bound is widened by 10% before ranges are compared
AREA_NOISE = re.compile(
    r"\b(?:the|region|oblast|krai|province|republic|area|city|district|raion|people's)\b"
)
SPELLING_VARIANTS = (("labor", "labour"), ("defense", "defence"))  # American -> British
ORGANIZATION_PREFIX = re.compile(r"^(?:north korea'?s|dprk'?s?|the)\s+")
PARENTHETICAL = re.compile(r"\s*\(.*?\)")
PUNCTUATION = re.compile(r"[^\w\s]")
RESOLUTION_NUMBER = re.compile(r"\b(\d{4})\b")
# Pairing is exact while both sides have at most this many deployments and greedy (best
# agreeing pairs first) beyond, as the reference scorer does, so that figures stay comparable.
EXACT_PAIRING_LIMIT = 6


class EvalInputError(LaborwatchError):
    """A gold or prediction file is not SPEC findings JSON Lines."""


# --- slots -------------------------------------------------------------------------------


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _widened_range(deployment: Mapping[str, Any]) -> tuple[float, float] | None:
    """The count range widened by the slack, open bounds infinite; None when unstated."""
    low = _number(deployment.get("workers_min"))
    high = _number(deployment.get("workers_max"))
    if low is None and high is None:
        return None
    return (
        -float("inf") if low is None else low * (1 - COUNT_SLACK),
        float("inf") if high is None else high * (1 + COUNT_SLACK),
    )


def counts_compatible(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    """Both counts unstated, or both stated with overlapping widened ranges."""
    gold_range, pred_range = _widened_range(gold), _widened_range(pred)
    if gold_range is None or pred_range is None:
        return gold_range is None and pred_range is None
    return gold_range[0] <= pred_range[1] and pred_range[0] <= gold_range[1]


def normalize_area(area: Any) -> str | None:
    """Lower case, hyphens as spaces, without generic words (region, oblast, the...)."""
    if not area:
        return None
    words = AREA_NOISE.sub(" ", str(area).lower().replace("-", " ")).split()
    return " ".join(words) or None


def when_matches(gold: Any, pred: Any) -> bool:
    """Equal at the gold's precision: gold "2024-03" accepts "2024-03-13", not "2024"."""
    if gold is None or pred is None:
        return gold is None and pred is None
    return str(pred).startswith(str(gold))


def slot_results(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> dict[str, bool]:
    """Which slots of a paired deployment agree with the gold."""

    def same(key: str) -> bool:
        return gold.get(key) == pred.get(key)

    return {
        "count": counts_compatible(gold, pred),
        "area": normalize_area(gold.get("destination_area"))
        == normalize_area(pred.get("destination_area")),
        "occupied": bool(gold.get("occupied")) == bool(pred.get("occupied")),
        "status": same("status"),
        "sector": same("sector"),
        "when": when_matches(gold.get("when"), pred.get("when")),
        "attribution": same("attribution"),
    }


# --- pairing -----------------------------------------------------------------------------


def _country(deployment: Mapping[str, Any]) -> str:
    return str(deployment.get("destination_country") or "").upper()


def pair_deployments(
    golds: list[Mapping[str, Any]], preds: list[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs of deployments with the same country.

    Exact search maximizes the number of pairs, then their total slot agreement; among equal
    pairings the one whose sorted pair list comes first wins, so results are deterministic.
    """
    agreement = {
        (gi, pi): sum(slot_results(gold, pred).values())
        for gi, gold in enumerate(golds)
        for pi, pred in enumerate(preds)
        if _country(gold) == _country(pred)
    }
    if not agreement:
        return []
    if len(golds) <= EXACT_PAIRING_LIMIT and len(preds) <= EXACT_PAIRING_LIMIT:
        return _best_pairing(len(golds), agreement)
    return _greedy_pairing(agreement)


def _best_pairing(n_gold: int, agreement: dict[tuple[int, int], int]) -> list[tuple[int, int]]:
    options: list[list[tuple[int, int]]] = [[] for _ in range(n_gold)]
    for (gi, pi), agree in sorted(agreement.items()):
        options[gi].append((pi, agree))

    @cache
    def best(gi: int, used: int) -> tuple[int, int]:
        """(pairs, agreement) of the best pairing of golds gi.. with preds not in ``used``."""
        if gi == n_gold:
            return (0, 0)
        result = best(gi + 1, used)
        for pi, agree in options[gi]:
            if not used >> pi & 1:
                pairs, total = best(gi + 1, used | 1 << pi)
                result = max(result, (pairs + 1, total + agree))
        return result

    # walk the optimum, preferring at each gold its lowest-numbered pred, then no pair
    chosen: list[tuple[int, int]] = []
    used = 0
    for gi in range(n_gold):
        target = best(gi, used)
        for pi, agree in options[gi]:
            if used >> pi & 1:
                continue
            pairs, total = best(gi + 1, used | 1 << pi)
            if (pairs + 1, total + agree) == target:
                chosen.append((gi, pi))
                used |= 1 << pi
                break
    return chosen


def _greedy_pairing(agreement: dict[tuple[int, int], int]) -> list[tuple[int, int]]:
    chosen: list[tuple[int, int]] = []
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    # sorted() is stable: equal agreement keeps (gold, pred) order
    for (gi, pi), _agree in sorted(agreement.items(), key=lambda item: -item[1]):
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            chosen.append((gi, pi))
    return sorted(chosen)


# --- lists -------------------------------------------------------------------------------


def normalize_organization(name: str) -> str:
    """Lower case, British spelling, without "North Korea's"/"the", parentheses, punctuation."""
    text = name.lower()
    for american, british in SPELLING_VARIANTS:
        text = text.replace(american, british)
    text = PARENTHETICAL.sub("", ORGANIZATION_PREFIX.sub("", text))
    return " ".join(PUNCTUATION.sub(" ", text).split())


def normalize_sanction(name: str) -> str:
    """``UNSCR NNNN`` for anything naming a resolution number, else the upper-cased name."""
    match = RESOLUTION_NUMBER.search(name)
    return f"UNSCR {match.group(1)}" if match else name.strip().upper()


SET_NORMALIZERS: dict[str, Callable[[str], str]] = {
    "organizations": normalize_organization,
    "controls": lambda value: value.strip().lower(),
    "sanctions": normalize_sanction,
    "payments": str.lower,  # of each payment's kind
}


def _set_entries(kind: str, values: Iterable[Any]) -> dict[str, str]:
    """Normalized entry -> its first spelling in the record."""
    out: dict[str, str] = {}
    for value in values:
        if kind == "payments":
            if not isinstance(value, Mapping):
                continue
            value = value.get("kind") or ""
        if isinstance(value, str):
            out.setdefault(SET_NORMALIZERS[kind](value), value)
    return out


# --- figures -----------------------------------------------------------------------------


@dataclass
class PRF:
    """Counts of true positives, false positives and false negatives, and their ratios."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def precision(self) -> float:
        # predicting nothing is precise only when there was nothing to find
        if self.tp + self.fp:
            return self.tp / (self.tp + self.fp)
        return 0.0 if self.fn else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "p": round(self.precision, 4),
            "r": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class SlotMismatch:
    """A lenient pair with slots that disagree; ``strict`` says whether it still counts."""

    gold: Mapping[str, Any]
    pred: Mapping[str, Any]
    slots: tuple[str, ...]
    strict: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": dict(self.gold),
            "pred": dict(self.pred),
            "slots": list(self.slots),
            "strict": self.strict,
        }


@dataclass
class DocResult:
    gold: int
    pred: int
    lenient_tp: int
    strict_tp: int
    missed: list[Mapping[str, Any]] = field(default_factory=list)  # gold left unpaired
    spurious: list[Mapping[str, Any]] = field(default_factory=list)  # predictions unpaired
    mismatches: list[SlotMismatch] = field(default_factory=list)
    # kind -> (false positives, false negatives), only kinds with an error
    set_errors: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)

    @property
    def has_errors(self) -> bool:
        return bool(self.missed or self.spurious or self.mismatches or self.set_errors)

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "pred": self.pred,
            "lenient_tp": self.lenient_tp,
            "strict_tp": self.strict_tp,
            "false_negatives": [dict(d) for d in self.missed],
            "false_positives": [dict(d) for d in self.spurious],
            "slot_errors": [m.to_dict() for m in self.mismatches],
            "sets": {
                kind: {"false_positives": fp, "false_negatives": fn}
                for kind, (fp, fn) in self.set_errors.items()
            },
        }


@dataclass
class EvalReport:
    documents: int = 0
    strict: PRF = field(default_factory=PRF)
    lenient: PRF = field(default_factory=PRF)
    slot_hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SLOTS, 0))
    pairs: int = 0  # lenient pairs, the denominator of slot accuracy
    sets: dict[str, PRF] = field(default_factory=lambda: {kind: PRF() for kind in SET_KINDS})
    missing_docs_in_pred: int = 0
    extra_docs_in_pred: int = 0
    per_doc: dict[str, DocResult] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def headline(self) -> float:
        """Strict deployment F1, micro-averaged over all documents."""
        return self.strict.f1

    @property
    def slot_accuracy(self) -> dict[str, float | None]:
        return {k: v / self.pairs if self.pairs else None for k, v in self.slot_hits.items()}

    def to_dict(self) -> dict[str, Any]:
        """Figures rounded to 4 places, in the reference scorer's shape, plus details."""
        return {
            "documents": self.documents,
            "strict_deployment": self.strict.to_dict(),
            "lenient_deployment": self.lenient.to_dict(),
            "slot_accuracy": {
                k: None if v is None else round(v, 4) for k, v in self.slot_accuracy.items()
            },
            "sets": {kind: prf.to_dict() for kind, prf in self.sets.items()},
            "missing_docs_in_pred": self.missing_docs_in_pred,
            "extra_docs_in_pred": self.extra_docs_in_pred,
            "per_doc": {doc: result.to_dict() for doc, result in self.per_doc.items()},
            "warnings": list(self.warnings),
        }


def _list(record: Mapping[str, Any], key: str) -> list[Any]:
    value = record.get(key)
    return value if isinstance(value, list) else []


def _deployments(record: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [d for d in _list(record, "deployments") if isinstance(d, Mapping)]


def _by_doc(records: Iterable[Mapping[str, Any]], what: str) -> tuple[dict, list[str]]:
    """Records keyed by document id (a repeated id: the last line wins, with a warning)."""
    out: dict[str, Mapping[str, Any]] = {}
    repeated = 0
    for record in records:
        if not isinstance(record, Mapping) or record.get("doc") is None:
            raise EvalInputError(f"{what} record without a doc id: {str(record)[:80]!r}")
        doc = str(record["doc"])
        repeated += doc in out
        out[doc] = record
    if not repeated:
        return out, []
    return out, [f"{repeated} repeated document id(s) in the {what}; the last line of each wins"]


def _score_document(
    report: EvalReport, gold: Mapping[str, Any], pred: Mapping[str, Any]
) -> DocResult:
    golds, preds = _deployments(gold), _deployments(pred)
    pairs = pair_deployments(golds, preds)
    result = DocResult(gold=len(golds), pred=len(preds), lenient_tp=len(pairs), strict_tp=0)
    for gi, pi in pairs:
        slots = slot_results(golds[gi], preds[pi])
        is_strict = slots["count"] and slots["status"]
        result.strict_tp += is_strict
        for slot, hit in slots.items():
            report.slot_hits[slot] += hit
        wrong = tuple(slot for slot, hit in slots.items() if not hit)
        if wrong:
            result.mismatches.append(SlotMismatch(golds[gi], preds[pi], wrong, is_strict))
    paired_gold = {gi for gi, _ in pairs}
    paired_pred = {pi for _, pi in pairs}
    result.missed = [d for gi, d in enumerate(golds) if gi not in paired_gold]
    result.spurious = [d for pi, d in enumerate(preds) if pi not in paired_pred]

    report.pairs += len(pairs)
    report.lenient.add(len(pairs), len(preds) - len(pairs), len(golds) - len(pairs))
    strict_tp = result.strict_tp
    report.strict.add(strict_tp, len(preds) - strict_tp, len(golds) - strict_tp)
    for kind in SET_KINDS:
        want = _set_entries(kind, _list(gold, kind))
        got = _set_entries(kind, _list(pred, kind))
        false_pos = [got[k] for k in got if k not in want]
        false_neg = [want[k] for k in want if k not in got]
        report.sets[kind].add(len(got) - len(false_pos), len(false_pos), len(false_neg))
        if false_pos or false_neg:
            result.set_errors[kind] = (false_pos, false_neg)
    return result


def score(gold: Iterable[Mapping[str, Any]], predicted: Iterable[Mapping[str, Any]]) -> EvalReport:
    """Score predicted findings records against gold ones (both SPEC section 2 records).

    A gold document without a predicted line counts as predicting nothing; predicted lines for
    documents outside the gold are ignored and counted in a warning.
    """
    gold_docs, gold_warnings = _by_doc(gold, "gold")
    pred_docs, pred_warnings = _by_doc(predicted, "predictions")
    report = EvalReport(documents=len(gold_docs), warnings=gold_warnings + pred_warnings)
    for doc, gold_record in gold_docs.items():
        pred_record = pred_docs.get(doc)
        if pred_record is None:
            report.missing_docs_in_pred += 1
            pred_record = {}
        report.per_doc[doc] = _score_document(report, gold_record, pred_record)
    report.extra_docs_in_pred = sum(1 for doc in pred_docs if doc not in gold_docs)
    if report.extra_docs_in_pred:
        report.warnings.append(
            f"{report.extra_docs_in_pred} predicted document(s) not in the gold were ignored"
        )
    return report


# --- files -------------------------------------------------------------------------------


def _check_record(record: Any) -> str | None:
    """Why ``record`` is not a findings record, or None when it is one."""
    if not isinstance(record, dict):
        return "not a JSON object"
    if not isinstance(record.get("doc"), str | int) or isinstance(record.get("doc"), bool):
        return "no doc id"
    for key in ("deployments", *SET_KINDS):
        value = record.get(key)
        if value is not None and not isinstance(value, list):
            return f"{key} is not a list"
    for key in ("deployments", "payments"):
        if not all(isinstance(item, dict) for item in record.get(key) or []):
            return f"{key} holds something other than objects"
    return None


def iter_findings_jsonl(path: Path, *, max_line_bytes: int) -> Iterator[dict[str, Any]]:
    """Findings records of a JSON Lines file (blank lines skipped), each line size-limited."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise EvalInputError(f"cannot read {path}: {exc}") from exc
    with handle:
        number = 0
        while line := handle.readline(max_line_bytes + 1):
            number += 1
            if len(line.rstrip(b"\r\n")) > max_line_bytes:
                raise EvalInputError(f"{path}:{number}: line longer than {max_line_bytes} bytes")
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise EvalInputError(f"{path}:{number}: not JSON: {exc}") from exc
            if problem := _check_record(record):
                raise EvalInputError(f"{path}:{number}: {problem}")
            yield record
