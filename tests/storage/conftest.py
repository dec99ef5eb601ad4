"""Fixtures for the storage tests: book paths, ready-made books, a schema with one more migration,
and a way to run Python code in a separate process (for the lock tests)."""
from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

import desktop.storage.database as database_module
import desktop.storage.migrations as migrations_module
from desktop.storage.database import open_database

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def book_path(tmp_path: Path) -> Path:
    return tmp_path / "b.socanbo"


@pytest.fixture
def make_book(book_path: Path):
    """Create a closed book at the current schema, with optional `settings` rows; returns its path."""

    def make(path: Path | None = None, settings: dict[str, str] | None = None) -> Path:
        target = path or book_path
        book = open_database(target, create=True)
        try:
            for key, value in (settings or {}).items():
                with book.transaction():
                    book.db["settings"].insert({"key": key, "value": value})
        finally:
            book.close()
        return target

    return make


@pytest.fixture
def file_hash():
    def digest(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()

    return digest


@pytest.fixture
def extended_schema(monkeypatch):
    """Pretend the program knows one more migration than the released one.

    Returns a function taking the extra migration (default: create table `extra_things`); it installs a
    migration set of the real migrations plus that one, and raises SCHEMA_VERSION to match.
    """

    def install(extra=None) -> int:
        def m999_extra_things(db: Database) -> None:
            migrations_module.run_script(db, "CREATE TABLE extra_things (id INTEGER PRIMARY KEY, label TEXT);")

        extended = Migrations(migrations_module.migrations.name)
        for name in migrations_module.MIGRATION_NAMES:
            extended()(getattr(migrations_module, name))
        extended(name="m999_extra_things")(extra or m999_extra_things)
        version = migrations_module.SCHEMA_VERSION + 1
        for module in (database_module, migrations_module):
            monkeypatch.setattr(module, "migrations", extended)
            monkeypatch.setattr(module, "SCHEMA_VERSION", version)
        return version

    return install


@pytest.fixture
def run_python():
    """Run code in a fresh interpreter with cwd at the repository root; returns the CompletedProcess."""

    def run(code: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=REPO_ROOT,
                              capture_output=True, text=True, timeout=timeout)

    return run
