"""Reporting: findings exported in the SPEC format, and their scoring against a gold standard."""

from laborwatch.report.evaluate import EvalReport, iter_findings_jsonl, score
from laborwatch.report.export import export_findings, findings_record, iter_findings_records

__all__ = [
    "EvalReport",
    "export_findings",
    "findings_record",
    "iter_findings_jsonl",
    "iter_findings_records",
    "score",
]
