from laborwatch.cli import app  # noqa: F401
