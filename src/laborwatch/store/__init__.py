"""Storage: schema, migrations, queries and full-text search over SQLite or PostgreSQL."""

from laborwatch.store.database import Store, open_store

__all__ = ["Store", "open_store"]
