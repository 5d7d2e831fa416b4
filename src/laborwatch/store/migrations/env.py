"""Alembic environment: used by ``open_store`` and by ``alembic upgrade head`` at the repo root."""

from alembic import context

from laborwatch.store.models import Base

config = context.config
target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    # full-text search structures (SQLite's FTS5 table and its shadow tables, PostgreSQL's
    # documents_fts table and its indexes) are created by hand in migrations, not by models
    return not (type_ in ("table", "index") and name and name.startswith("documents_fts"))


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from laborwatch.config import load_settings
    from laborwatch.store.database import create_db_engine

    url = config.get_main_option("sqlalchemy.url") or load_settings().db
    engine = create_db_engine(url)
    with engine.begin() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
