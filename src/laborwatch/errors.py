"""Exceptions users can catch: every error laborwatch raises derives from LaborwatchError."""


class LaborwatchError(Exception):
    """Base class of all laborwatch errors."""


class ConfigError(LaborwatchError):
    """A setting is missing or invalid."""


class StoreError(LaborwatchError):
    """The database cannot be opened, migrated or queried."""


class NotFound(StoreError):
    """A document or finding asked for by id does not exist."""


class IngestError(LaborwatchError):
    """An input cannot be read; ``reason`` is the short code recorded as a reject."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class ExtractError(LaborwatchError):
    """Extraction failed, e.g. a gazetteer file is malformed."""
