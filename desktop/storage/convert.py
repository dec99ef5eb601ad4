"""Conversions between domain values and what SQLite stores (ISO dates, 0/1 flags, NULLs)."""
from __future__ import annotations

from datetime import date


def date_out(value: date | None) -> str | None:
    return value.isoformat() if value else None


def date_in(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def flag_out(value: bool) -> int:
    return 1 if value else 0


def optional_float(value) -> float | None:
    return None if value is None else float(value)
