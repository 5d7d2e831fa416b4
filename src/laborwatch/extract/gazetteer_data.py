"""Reading, validating and merging gazetteer YAML files (the packaged ones and analysts' own).

A file has up to five top-level sections: ``places``, ``organizations``, ``people``,
``resolutions`` (lists of entries) and ``resolution_words`` (the words that introduce a
resolution number). Every entry needs a ``source`` note. An entry whose id (a resolution's
``number``) is already known is merged into the known one: scalars replace, name lists grow,
source notes accumulate; ``replace: true`` replaces the entry outright. Any error names the file
and the entry.

Name strings may use brace alternatives, expanded here: ``"Росси{я,и,ю,ей}"`` is four names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from laborwatch.errors import ExtractError

SECTIONS = ("places", "organizations", "people", "resolutions")
PACKAGED_FILES = ("places.yaml", "organizations.yaml", "people.yaml", "resolutions.yaml")
PLACE_KINDS = frozenset({"country", "region", "city", "area", "multi_country"})
ORG_KINDS = frozenset(
    {
        "dprk_state",
        "dprk_company",
        "dprk_military_unit",
        "foreign_government",
        "foreign_company",
        "international",
        "media",
        "research",
    }
)
ORG_ATTRIBUTIONS = frozenset({"government", "official_statistics", "media", "named_person"})
PERSON_ATTRIBUTIONS = frozenset({"government", "named_person"})
MAX_FILE_BYTES = 5_000_000  # an analyst's file is hand-written YAML, not a dump
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser is ~10x faster


# --- brace alternatives ----------------------------------------------------------------------


def expand(name: str) -> list[str]:
    """The names a brace pattern stands for: ``"Кита{й,я}"`` -> ``["Китай", "Китая"]``.
    Groups may nest (``"{Russian,Russia's} {Labo{u,}r Ministry,Ministry of Labo{u,}r}"``);
    a comma outside braces is an ordinary character."""
    forms, _ = _expand_seq(name, 0, top=True)
    return forms


def _expand_seq(text: str, i: int, top: bool) -> tuple[list[str], int]:
    forms = [""]
    while i < len(text):
        char = text[i]
        if char == "{":
            alternatives, i = _expand_group(text, i + 1)
            forms = [f + a for f in forms for a in alternatives]
            continue
        if char == "}" and top:
            raise ValueError(f"unbalanced braces in {text!r}")
        if char in ",}" and not top:
            return forms, i
        forms = [f + char for f in forms]
        i += 1
    if not top:
        raise ValueError(f"unbalanced braces in {text!r}")
    return forms, i


def _expand_group(text: str, i: int) -> tuple[list[str], int]:
    alternatives: list[str] = []
    while True:
        forms, i = _expand_seq(text, i, top=False)
        alternatives += forms
        if text[i] == "}":
            return alternatives, i + 1
        i += 1  # a comma: the next alternative


# --- field checks: each returns the clean value or raises ValueError --------------------------


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string")
    return value.strip()


def _name_list(value: Any, what: str, min_len: int = 2) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ValueError(f"{what} must be a list of strings")
    out: list[str] = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            raise ValueError(f"{what} must be a list of strings, not {item!r}")
        for form in expand(str(item).strip()):
            if len(form.strip()) < min_len:
                raise ValueError(f"{what}: name {item!r} is too short")
            out.append(form.strip())
    return tuple(dict.fromkeys(out))


def _word_list(value: Any, what: str) -> tuple[str, ...]:
    return _name_list(value, what, min_len=1)


def _lang_names(value: Any, what: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise ValueError(f"{what} must map a language code to a list of names")
    return {str(lang): _name_list(names, f"{what}.{lang}") for lang, names in value.items()}


def _enum(allowed: frozenset[str]) -> Any:
    def check(value: Any, what: str) -> str:
        if value not in allowed:
            raise ValueError(f"{what} must be one of {', '.join(sorted(allowed))}, not {value!r}")
        return str(value)

    return check


def _optional(check: Any) -> Any:
    return lambda value, what: None if value is None else check(value, what)


def _iso(value: Any, what: str) -> str:
    if not (isinstance(value, str) and len(value) == 2 and value.isascii() and value.isupper()):
        raise ValueError(f"{what} must be an ISO 3166-1 alpha-2 code like 'RU', not {value!r}")
    return value


def _bool(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{what} must be true or false")
    return value


def _coordinate(limit: float) -> Any:
    def check(value: Any, what: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or abs(value) > limit:
            raise ValueError(f"{what} must be a number within ±{limit:g}")
        return float(value)

    return check


def _number(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 9999:
        raise ValueError(f"{what} must be a resolution number (1-9999)")
    return value


def _date(value: Any, what: str) -> str:
    text = str(value)  # YAML reads 2017-12-22 as a date
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        raise ValueError(f"{what} must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return text


def _year_range(value: Any, what: str) -> tuple[int, int]:
    if not (isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)):
        raise ValueError(f"{what} must be [first year, last year]")
    return value[0], value[1]


_COMMON = {
    "id": _text,
    "name": _text,
    "source": _text,
    "notes": _optional(_text),
    "names": _lang_names,
    "abbreviations": _name_list,
    "not_mentions": _name_list,
}
FIELDS: dict[str, dict[str, Any]] = {
    "places": {
        **_COMMON,
        "kind": _enum(PLACE_KINDS),
        "country": _optional(_iso),
        "occupied": _bool,
        "parent": _optional(_text),
        "demonyms": _lang_names,
        "lat": _optional(_coordinate(90)),
        "lon": _optional(_coordinate(180)),
    },
    "organizations": {
        **_COMMON,
        "kind": _enum(ORG_KINDS),
        "country": _optional(_iso),
        "attribution": _optional(_enum(ORG_ATTRIBUTIONS)),
        "parent": _optional(_text),
        "labour_role": _bool,
        "ambiguous_abbreviations": _name_list,
    },
    "people": {
        **_COMMON,
        "role": _optional(_text),
        "country": _optional(_iso),
        "attribution": _optional(_enum(PERSON_ATTRIBUTIONS)),
        "organization": _optional(_text),
    },
    "resolutions": {
        "number": _number,
        "adopted": _optional(_date),
        "summary": _text,
        "source": _text,
        "bare": _bool,
        "notes": _optional(_text),
    },
}
_REQUIRED = {
    "places": ("name", "kind", "source"),
    "organizations": ("name", "kind", "source"),
    "people": ("name", "source"),
    "resolutions": ("summary", "source"),
}
_WORDS = {
    "source": _text,
    "intro": _lang_names,
    "qualifiers": _lang_names,
    "number_prefixes": _word_list,
    "number_suffixes": _word_list,
    "separators": _word_list,
    "not_followed_by": _word_list,
    "year_like": _year_range,
}


# --- merging ---------------------------------------------------------------------------------


def _union(old: Iterable[str], new: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*old, *new)))


def _merge_value(key: str, old: Any, new: Any) -> Any:
    """Lists grow, per-language name lists grow, source notes accumulate, the rest replaces."""
    if old is None:
        return new
    if isinstance(new, dict):
        merged = dict(old)
        for lang, names in new.items():
            merged[lang] = _union(merged.get(lang, ()), names)
        return merged
    if isinstance(new, tuple) and key != "year_like":
        return _union(old, new)
    if key == "source" and old != new:
        return f"{old}; {new}"
    return new


@dataclass
class GazetteerData:
    """Entries of all files read so far, merged by key, with the files each came from."""

    entries: dict[str, dict[str, dict[str, Any]]] = field(
        default_factory=lambda: {s: {} for s in SECTIONS}
    )
    origins: dict[tuple[str, str], str] = field(default_factory=dict)
    words: dict[str, Any] = field(default_factory=dict)

    def copy(self) -> GazetteerData:
        return GazetteerData(
            {s: dict(e) for s, e in self.entries.items()}, dict(self.origins), dict(self.words)
        )

    def read(self, text: str, label: str) -> None:
        """Add the entries of one YAML document; ``label`` names it in error messages."""
        try:
            data = yaml.load(text, Loader=_LOADER)
        except yaml.YAMLError as exc:
            raise ExtractError(f"{label}: not valid YAML: {exc}") from exc
        if data is None:
            return
        if not isinstance(data, dict):
            raise ExtractError(f"{label}: expected sections ({', '.join(SECTIONS)}) at top level")
        unknown = set(data) - set(SECTIONS) - {"resolution_words"}
        if unknown:
            raise ExtractError(
                f"{label}: unknown section(s) {', '.join(sorted(map(str, unknown)))}"
            )
        for section in SECTIONS:
            items = data.get(section) or []
            if not isinstance(items, list):
                raise ExtractError(f"{label}: {section} must be a list of entries")
            seen: set[str] = set()
            for index, item in enumerate(items):
                key, entry = self._check(section, item, index, label)
                if key in seen:
                    raise ExtractError(f"{label}: {section} entry {key} appears twice")
                seen.add(key)
                self._add(section, key, entry, label)
        if "resolution_words" in data:
            self._read_words(data["resolution_words"], label)

    def read_file(self, path: Path) -> None:
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ExtractError(f"{path}: larger than {MAX_FILE_BYTES} bytes")
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ExtractError(f"{path}: cannot read gazetteer file: {exc}") from exc
        self.read(text, str(path))

    def _check(self, section: str, raw: Any, index: int, label: str) -> tuple[str, dict]:
        if not isinstance(raw, dict):
            raise ExtractError(f"{label}: {section} entry #{index + 1} is not a mapping")
        key_field = "number" if section == "resolutions" else "id"
        ident = raw.get(key_field)
        where = f"{label}: {section} entry {ident if ident is not None else f'#{index + 1}'}"
        allowed = FIELDS[section]
        try:
            if ident is None:
                raise ValueError(f"missing {key_field!r}")
            unknown = set(raw) - set(allowed) - {"replace"}
            if unknown:
                raise ValueError(f"unknown field(s) {', '.join(sorted(map(str, unknown)))}")
            replace = _bool(raw.get("replace", False), "replace")
            entry = {k: allowed[k](v, k) for k, v in raw.items() if k != "replace"}
            key = str(entry[key_field])
            known = key in self.entries[section] and not replace
            missing = [f for f in (("source",) if known else _REQUIRED[section]) if f not in entry]
            if missing:
                raise ValueError(f"missing {', '.join(repr(f) for f in missing)}")
        except ValueError as exc:
            raise ExtractError(f"{where}: {exc}") from exc
        if replace:
            self.entries[section].pop(key, None)
        return key, entry

    def _add(self, section: str, key: str, entry: dict[str, Any], label: str) -> None:
        table = self.entries[section]
        old = table.get(key, {})
        table[key] = {**old, **{k: _merge_value(k, old.get(k), v) for k, v in entry.items()}}
        previous = self.origins.get((section, key))
        self.origins[(section, key)] = f"{previous}, {label}" if previous else label

    def _read_words(self, words: Any, label: str) -> None:
        if not isinstance(words, dict):
            raise ExtractError(f"{label}: resolution_words must be a mapping")
        for key, value in words.items():
            if key not in _WORDS:
                raise ExtractError(f"{label}: resolution_words has unknown key {key!r}")
            try:
                checked = _WORDS[key](value, f"resolution_words.{key}")
            except ValueError as exc:
                raise ExtractError(f"{label}: {exc}") from exc
            self.words[key] = _merge_value(key, self.words.get(key), checked)
        if "source" not in self.words:
            raise ExtractError(f"{label}: resolution_words needs a 'source' note")

    def validate(self) -> None:
        """Checks across entries: ids unique over sections, parents and countries consistent."""
        places, orgs = self.entries["places"], self.entries["organizations"]

        def fail(section: str, key: str, message: str) -> None:
            raise ExtractError(f"{self.origins[(section, key)]}: {section} entry {key}: {message}")

        owner: dict[str, str] = {}
        for section in ("places", "organizations", "people"):
            for key in self.entries[section]:
                if key in owner:
                    fail(section, key, f"id is already used in {owner[key]}")
                owner[key] = section
        for key, place in places.items():
            kind, country = place["kind"], place.get("country")
            if kind == "multi_country" and country:
                fail("places", key, "a multi_country area has no single country")
            if kind != "multi_country" and not country:
                fail("places", key, "needs 'country' (ISO code)")
            if place.get("demonyms") and kind not in ("country", "multi_country"):
                fail("places", key, "demonyms belong to countries")
            parent = place.get("parent")
            if parent is not None:
                if parent not in places:
                    fail("places", key, f"parent {parent!r} is not a known place")
                if places[parent].get("country") not in (None, country):
                    fail("places", key, f"country differs from parent {parent!r}")
        for key, org in orgs.items():
            if org.get("parent") is not None and org["parent"] not in orgs:
                fail("organizations", key, f"parent {org['parent']!r} is not a known organization")
        for key, person in self.entries["people"].items():
            if person.get("organization") is not None and person["organization"] not in orgs:
                fail("people", key, f"organization {person['organization']!r} is not known")


@cache
def packaged_data() -> GazetteerData:
    """The gazetteer files shipped in ``laborwatch/data/gazetteer/``, read once."""
    data = GazetteerData()
    folder = resources.files("laborwatch") / "data" / "gazetteer"
    for name in PACKAGED_FILES:
        data.read((folder / name).read_text(encoding="utf-8"), f"gazetteer/{name}")
    data.validate()
    return data


def read_data(extra: Iterable[Path]) -> GazetteerData:
    """The packaged entries with analysts' files merged in, in order."""
    data = packaged_data().copy()
    for path in extra:
        data.read_file(Path(path))
    data.validate()
    return data
