"""HTML pages: main text and metadata with trafilatura, publication date with htmldate.

``OPTIONS`` were chosen on the 181-page html-benchmark (``benchmarks/bench_html.py``):
``include_comments=False`` drops reader comments, which the articles' ground truth never holds,
and ``fast=True`` skips the fallback extractors; together they score a higher token F1 than
trafilatura's defaults and run faster. Metadata is read with trafilatura's own metadata
functions, but only those whose fields are stored (meta tags, JSON-LD, title, URL, tags) plus
htmldate: its full ``extract_metadata`` also hunts authors in the page body and licences,
which costs about a sixth of the page's time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import trafilatura
from htmldate import find_date

from laborwatch.errors import IngestError
from laborwatch.ingest.dates import parse_published
from laborwatch.ingest.fields import canonical_url, clean_source, clean_tags, clean_title, clean_url
from laborwatch.ingest.fields import hostname as url_hostname
from laborwatch.ingest.model import ParsedDocument
from laborwatch.ingest.text import clean_line, normalize_text

if TYPE_CHECKING:
    from lxml.html import HtmlElement

try:  # module functions of trafilatura 2.x; older or newer layouts fall back to the whole set
    from trafilatura.metadata import (
        examine_meta,
        extract_catstags,
        extract_meta_json,
        extract_title,
        extract_url,
    )
except ImportError:  # pragma: no cover - depends on the installed trafilatura
    examine_meta = None

FORMAT = "html"
OPTIONS: dict[str, Any] = {"fast": True, "include_comments": False}
_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.I | re.S,
)
_MAX_META = 1000
# what trafilatura finds in a page without an article (a script shell, an index) is a few
# navigation words
MIN_WORDS = 10
_WORD = re.compile(r"\w+")


@dataclass
class PageMeta:
    title: str | None = None
    url: str | None = None
    date: str | None = None
    tags: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # author, sitename, description...


def looks_like(text: str) -> bool:
    return _HTML_START.match(text[:4096]) is not None


def parse(html: str) -> ParsedDocument:
    """Raises ``IngestError("no_article_text")`` when trafilatura finds no main text."""
    try:
        tree = trafilatura.load_html(html)
        # trafilatura works on a copy of a tree it is given: one parse serves both passes
        result = trafilatura.bare_extraction(tree, **OPTIONS) if tree is not None else None
        text = normalize_text(result.text or "", line_paragraphs=True) if result else ""
        meta = page_metadata(tree) if text else None
    except Exception as exc:  # a parser bug on one page must not stop the batch
        raise IngestError("no_article_text", f"extraction failed: {exc!r}"[:300]) from exc
    if meta is None or len(_WORD.findall(text)) < MIN_WORDS:
        raise IngestError("no_article_text", "no main text found in the page")
    title = clean_title(meta.title)
    first, _, rest = text.partition("\n\n")
    if title and rest and first.casefold() == title.casefold():
        text = rest  # the headline is the title, as in the other formats
    url = clean_url(meta.url)
    published, precision = parse_published(meta.date)
    return ParsedDocument(
        text=text,
        title=title,
        url=url,
        canonical_url=canonical_url(url),
        source=clean_source(url_hostname(url) or meta.extra.get("sitename")),
        published=published,
        published_precision=precision,
        tags=clean_tags(part for tag in meta.tags for part in tag.split(",")),
        meta=meta.extra,
    )


def page_metadata(tree: HtmlElement) -> PageMeta:
    """Title, URL (canonical link or og:url), publication date, tags and a few extras."""
    date_params = {
        "original_date": True,  # the first publication, not the last update
        "extensive_search": False,  # markup and URL only: faster, nearly as complete
        "max_date": date.today().isoformat(),
    }
    if examine_meta is None:  # pragma: no cover
        found = trafilatura.extract_metadata(tree, date_config=date_params)
        title, url, tags = found.title, found.url, found.tags or []
    else:
        found = extract_meta_json(tree, examine_meta(tree))
        title = found.title or extract_title(tree)
        url = found.url or extract_url(tree)
        tags = found.tags or extract_catstags("tag", tree)
    extra: dict[str, Any] = {}
    for name in ("author", "sitename", "description"):
        value = getattr(found, name, None)
        if isinstance(value, str) and clean_line(value):
            extra[name] = clean_line(value)[:_MAX_META]
    if found.categories:
        extra["categories"] = clean_tags(str(item) for item in found.categories)
    return PageMeta(
        title=title,
        url=url,
        date=find_date(tree, url=url, **date_params),
        tags=[str(tag) for tag in tags],
        extra=extra,
    )
