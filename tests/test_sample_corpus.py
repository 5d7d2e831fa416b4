"""The bundled sample corpus and its gold findings follow eval/SPEC.md; it is demonstration text."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pycountry
import pytest

import laborwatch

SAMPLE = Path(laborwatch.__file__).resolve().parent / "data" / "sample"
DEMO_NOTE = "not real reporting"
DEMO_URL = "https://demo.example/"
ARTICLE_DIRS = {"aggregator": ".txt", "pages": ".html", "notes": ".txt"}

# SPEC section 2 vocabularies (the contract, not world knowledge)
DEPLOYMENT_KEYS = {
    "destination_country",
    "destination_area",
    "occupied",
    "workers_min",
    "workers_max",
    "status",
    "sector",
    "when",
    "attribution",
    "evidence",
}
FINDING_LISTS = {"deployments", "organizations", "controls", "payments", "sanctions"}
STATUSES = {"planned", "sent", "ended", "unknown"}
SECTORS = {
    "construction",
    "it",
    "fishing_seafood",
    "logging",
    "agriculture",
    "manufacturing",
    "services",
    "mining",
    "military",
    "other",
    "unknown",
}
ATTRIBUTIONS = {
    "anonymous_source",
    "government",
    "official_statistics",
    "named_person",
    "media",
    "outlet",
}
CONTROLS = {
    "ideological_training",
    "surveillance",
    "defection_prevention",
    "health_check",
    "segregation",
    "passport_confiscation",
    "movement_restriction",
}
PAYMENT_KINDS = {"state_share", "wages", "in_kind", "currency"}
PAYMENT_KEYS = {"kind", "payer", "items", "amount", "currency_code", "change"}
PAYMENT_CHANGES = {"increased", "doubled", "decreased"}
NATIONAL_SANCTIONS = {"OFAC", "EU", "UK", "KR", "JP"}
WHEN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
UNSCR = re.compile(r"^UNSCR \d{3,4}$")


def read_jsonl(path: Path) -> list[dict]:
    records = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            pytest.fail(f"{path.name} line {n}: {exc}")
    return records


def article_files() -> list[str]:
    return sorted(
        f"{folder}/{p.name}"
        for folder, suffix in ARTICLE_DIRS.items()
        for p in (SAMPLE / folder).glob(f"*{suffix}")
    )


class _PageScan(HTMLParser):
    """Collects visible text, resource references and absolute URLs of a page."""

    RESOURCE_ATTRS = {"src", "srcset", "poster", "background"}
    RESOURCE_RELS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.resources: list[str] = []
        self.urls: list[str] = []
        self.times: list[str] = []
        self._skip = 0
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in ("script", "style"):
            self._skip += 1
            self._in_style = tag == "style"
        if tag == "script" and "src" in a:
            self.resources.append(a["src"])
        self.resources += [v for k, v in a.items() if k in self.RESOURCE_ATTRS]
        if tag == "object" and "data" in a:
            self.resources.append(a["data"])
        if tag == "link" and self.RESOURCE_RELS & set(a.get("rel", "").lower().split()):
            self.resources.append(a.get("href", ""))
        self.resources += re.findall(r"url\(\s*['\"]?([^'\")]+)", a.get("style", ""))
        self.urls += [v for v in a.values() if re.match(r"^(https?:)?//", v)]
        if tag == "time":
            self.times.append(a.get("datetime", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.resources += re.findall(r"url\(\s*['\"]?([^'\")]+)", data)
            self.resources += re.findall(r"@import\s+['\"]?([^'\";\s]+)", data)
        if not self._skip:
            self.text.append(data)


def scan_page(path: Path) -> _PageScan:
    scan = _PageScan()
    scan.feed(path.read_text(encoding="utf-8"))
    scan.close()
    return scan


def squash(text: str) -> str:
    return " ".join(text.split())


def article_text(key: str, corpus: dict[str, dict]) -> str:
    if key in corpus:
        return squash(corpus[key]["text"])
    path = SAMPLE / key
    if path.suffix == ".html":
        return squash(" ".join(scan_page(path).text))
    return squash(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus() -> dict[str, dict]:
    records = read_jsonl(SAMPLE / "corpus.jsonl")
    ids = [r.get("id") for r in records]
    assert len(ids) == len(set(ids)), f"duplicate ids: {sorted(i for i in ids if ids.count(i) > 1)}"
    return {r["id"]: r for r in records}


def gold_lines() -> list[tuple[str, dict]]:
    lines = [(g.get("doc"), g) for g in read_jsonl(SAMPLE / "gold.jsonl")]
    lines += [(g.get("file"), g) for g in read_jsonl(SAMPLE / "gold-files.jsonl")]
    return lines


def test_corpus_records_are_spec_records(corpus: dict[str, dict]) -> None:
    assert len(corpus) >= 10
    for rid, rec in corpus.items():
        assert isinstance(rid, str) and rid.strip(), rec
        assert isinstance(rec["text"], str) and rec["text"].strip(), rid
        for field in ("title", "url", "source", "published", "language"):
            assert rec.get(field) is None or isinstance(rec[field], str), (rid, field)
        if rec.get("published"):
            # date or datetime, as SPEC allows
            datetime.fromisoformat(rec["published"])
        if rec.get("language"):
            assert pycountry.languages.get(alpha_2=rec["language"]), (rid, rec["language"])
        if rec.get("url"):
            assert rec["url"].startswith(DEMO_URL), (rid, rec["url"])
        paragraphs = rec["text"].split("\n\n")
        assert len(paragraphs) >= 3 and all(p.strip() == p and p for p in paragraphs), rid
        assert "\n" not in "".join(paragraphs), f"{rid}: separate paragraphs by blank lines"
        assert 150 <= len(rec["text"].split()) <= 450, (rid, len(rec["text"].split()))


def test_corpus_records_carry_the_demo_marker(corpus: dict[str, dict]) -> None:
    for rid, rec in corpus.items():
        assert rec.get("demo") is True, rid
        assert DEMO_NOTE in rec.get("note", ""), rid
    assert DEMO_NOTE in (SAMPLE / "README.md").read_text(encoding="utf-8")


def test_sample_shows_every_corpus_variant(corpus: dict[str, dict]) -> None:
    langs = {r.get("language") for r in corpus.values()}
    assert {"en", "ko", "ru"} <= langs
    assert any(r.get("published") is None for r in corpus.values())
    assert {Path(f).parts[0] for f in article_files()} == set(ARTICLE_DIRS)


def test_gold_covers_every_document_once(corpus: dict[str, dict]) -> None:
    docs = [g.get("doc") for g in read_jsonl(SAMPLE / "gold.jsonl")]
    assert len(docs) == len(set(docs))
    assert set(docs) == set(corpus)
    files = [g.get("file") for g in read_jsonl(SAMPLE / "gold-files.jsonl")]
    assert len(files) == len(set(files))
    assert sorted(files) == article_files()


GOLD_LINES = gold_lines()


@pytest.mark.parametrize("key,gold", GOLD_LINES, ids=[str(k) for k, _ in GOLD_LINES])
def test_gold_uses_only_spec_values(key: str, gold: dict, corpus: dict[str, dict]) -> None:
    assert set(gold) - {"doc", "file"} == FINDING_LISTS
    assert all(isinstance(gold[k], list) for k in FINDING_LISTS)
    text = article_text(key, corpus)
    for dep in gold["deployments"]:
        assert set(dep) == DEPLOYMENT_KEYS, dep
        assert pycountry.countries.get(alpha_2=dep["destination_country"]), dep
        assert dep["destination_area"] is None or isinstance(dep["destination_area"], str)
        assert isinstance(dep["occupied"], bool)
        lo, hi = dep["workers_min"], dep["workers_max"]
        for n in (lo, hi):
            assert n is None or (type(n) is int and n > 0), dep
        assert lo is None or hi is None or lo <= hi, dep
        assert dep["status"] in STATUSES, dep
        assert dep["sector"] in SECTORS, dep
        assert dep["attribution"] in ATTRIBUTIONS, dep
        if dep["when"] is not None:
            assert WHEN.match(dep["when"]), dep
            date.fromisoformat((dep["when"] + "-01-01")[:10])
        assert squash(dep["evidence"]) in text, dep["evidence"]
    assert all(
        isinstance(o, str) and o and not o.startswith("North Korea") for o in gold["organizations"]
    )
    assert set(gold["controls"]) <= CONTROLS
    for pay in gold["payments"]:
        assert set(pay) <= PAYMENT_KEYS and pay["kind"] in PAYMENT_KINDS, pay
        if "payer" in pay:
            assert pycountry.countries.get(alpha_2=pay["payer"]), pay
        if "currency_code" in pay:
            assert pycountry.currencies.get(alpha_3=pay["currency_code"]), pay
        if "amount" in pay:
            assert isinstance(pay["amount"], int | float) and pay["amount"] > 0, pay
        if "change" in pay:
            assert pay["change"] in PAYMENT_CHANGES, pay
    for s in gold["sanctions"]:
        assert UNSCR.match(s) or s in NATIONAL_SANCTIONS, s


def test_html_page_has_no_external_resources() -> None:
    pages = sorted((SAMPLE / "pages").glob("*.html"))
    assert pages
    for page in pages:
        scan = scan_page(page)
        assert scan.times and all(t for t in scan.times), f"{page.name}: needs <time datetime>"
        external = [r for r in scan.resources if re.match(r"^([a-z][a-z0-9+.-]*:|//)", r.strip())]
        assert not external, f"{page.name} loads external resources: {external}"
        foreign = [u for u in scan.urls if not u.startswith(DEMO_URL)]
        assert not foreign, f"{page.name} links outside {DEMO_URL}: {foreign}"


def test_aggregator_files_follow_the_aggregator_layout() -> None:
    files = sorted((SAMPLE / "aggregator").glob("*.txt"))
    assert files
    for path in files:
        lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
        outlet, blank1, title, blank2, tags, blank3 = lines[:6]
        assert outlet and " " not in outlet and not (blank1 or blank2 or blank3), path.name
        assert title and "," in tags, path.name
        assert lines[-3:] == ["Read in Korean", "", "Read full news in source page"], path.name


def test_notes_start_with_a_title_line() -> None:
    files = sorted((SAMPLE / "notes").glob("*.txt"))
    assert files
    for path in files:
        title, blank, *body = path.read_text(encoding="utf-8").split("\n")
        assert title.strip() and not blank and any(line.strip() for line in body), path.name


@pytest.mark.shared
def test_gold_is_read_by_the_reference_scorer(corpus: dict[str, dict], shared_dir: Path) -> None:
    scorer = shared_dir / "eval" / "score.py"
    if not scorer.is_file():
        pytest.skip(f"reference scorer not found at {scorer}")
    gold = str(SAMPLE / "gold.jsonl")
    out = subprocess.run(
        [sys.executable, str(scorer), gold, gold, "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    result = json.loads(out.stdout)
    assert result["documents"] == len(corpus)
    assert result["missing_docs_in_pred"] == 0
