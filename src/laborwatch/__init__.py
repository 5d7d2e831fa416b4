"""laborwatch: a source-cited evidence base on North Korean overseas labour.

The package is laid out as the pipeline runs: ``ingest`` (sources to stored documents),
``extract`` (documents to findings tied to sentences), ``report`` (exports, scoring), with
``store`` underneath and ``cli`` as a thin face over the library.
"""

from laborwatch.errors import (
    ConfigError,
    ExtractError,
    IngestError,
    LaborwatchError,
    NotFound,
    StoreError,
)

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "ExtractError",
    "IngestError",
    "LaborwatchError",
    "NotFound",
    "StoreError",
    "__version__",
]
