"""SQLite's own integrity checks on an open book."""
from __future__ import annotations

import sqlite3

from sqlite_utils import Database


def integrity_problems(db: Database, quick: bool = False) -> list[str]:
    """Lines from integrity_check (or quick_check) and foreign_key_check; empty when the file is sound."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        lines = [row[0] for row in db.execute(f"PRAGMA {pragma}").fetchall()]
        problems = [line for line in lines if line != "ok"]
        for table, rowid, parent, _fk in db.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"{table} row {rowid}: missing {parent}")
    except sqlite3.DatabaseError as error:
        problems = [str(error)]
    return problems
