"""Extraction: stored documents to findings, each tied to the sentence it came from.

The stages run in order: sentences, gazetteer mentions, quantities and dates, event frames,
per-document findings (``pipeline.extract_documents``).
"""

EXTRACTOR_VERSION = "0.3.1"
