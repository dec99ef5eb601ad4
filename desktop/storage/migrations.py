"""The book's schema, as append-only migrations (sqlite-utils' built-in Migrations).

A released migration is never edited: add a new function at the end. `SCHEMA_VERSION` is the number of
migrations and is written to `PRAGMA user_version`, so that an older program can refuse a newer file
before touching it.
"""
from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("socanbo")
MIGRATION_NAMES: list[str] = []


def step(func):
    """Register a migration (in file order) and count it towards SCHEMA_VERSION."""
    MIGRATION_NAMES.append(func.__name__)
    return migrations()(func)


def run_script(db: Database, script: str) -> None:
    """Run statements one by one inside the migration's transaction.

    `executescript` would COMMIT first and run outside the transaction, so a failing migration would
    leave half a schema behind.
    """
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            db.execute(pending)
            pending = ""
    if pending.strip():
        raise ValueError("incomplete SQL statement at the end of a migration")


@step
def m001_core(db: Database) -> None:
    run_script(db, 
        """
        CREATE TABLE union_profile (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            union_name TEXT NOT NULL,
            superior_name TEXT NOT NULL,
            place_name TEXT NOT NULL,
            doc_suffix TEXT NOT NULL DEFAULT 'CĐCS',
            term_start INTEGER NOT NULL,
            term_end INTEGER NOT NULL,
            chair_name TEXT NOT NULL DEFAULT '',
            non_state INTEGER NOT NULL DEFAULT 1,
            young_age INTEGER NOT NULL DEFAULT 35,
            address TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);

        CREATE TABLE terms (
            id INTEGER PRIMARY KEY,
            start_year INTEGER NOT NULL,
            end_year INTEGER NOT NULL,
            UNIQUE (start_year, end_year)
        );
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            full_name TEXT NOT NULL,
            name_folded TEXT NOT NULL,
            birth_date TEXT,
            birth_year INTEGER,
            sex TEXT CHECK (sex IN ('male', 'female')),
            ethnicity TEXT NOT NULL DEFAULT '',
            religion TEXT NOT NULL DEFAULT '',
            party_member INTEGER NOT NULL DEFAULT 0,
            party_join_date TEXT,
            education TEXT,
            political_theory TEXT,
            it_level TEXT NOT NULL DEFAULT '',
            foreign_language TEXT NOT NULL DEFAULT '',
            job_title TEXT NOT NULL DEFAULT '',
            department TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            member_code TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX people_name_folded ON people (name_folded);
        CREATE TABLE post_holdings (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people (id),
            title_key TEXT NOT NULL,
            term_id INTEGER NOT NULL REFERENCES terms (id),
            start_date TEXT,
            end_date TEXT,
            duties TEXT NOT NULL DEFAULT '',
            full_time INTEGER NOT NULL DEFAULT 0,
            CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
        );
        CREATE INDEX post_holdings_person ON post_holdings (person_id);

        CREATE TABLE criteria_sets (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL UNIQUE,
            threshold_excellent REAL NOT NULL,
            threshold_good REAL NOT NULL,
            threshold_done REAL NOT NULL,
            cap_ratio REAL NOT NULL DEFAULT 0.2
        );
        CREATE TABLE criteria (
            id INTEGER PRIMARY KEY,
            set_id INTEGER NOT NULL REFERENCES criteria_sets (id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            short_name TEXT NOT NULL,
            full_text TEXT NOT NULL,
            max_points REAL NOT NULL CHECK (max_points > 0),
            UNIQUE (set_id, number)
        );
        CREATE TABLE evaluations (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people (id),
            year INTEGER NOT NULL,
            set_id INTEGER NOT NULL REFERENCES criteria_sets (id),
            self_level INTEGER CHECK (self_level BETWEEN 1 AND 4),
            votes_1 INTEGER, votes_2 INTEGER, votes_3 INTEGER, votes_4 INTEGER,
            strengths TEXT NOT NULL DEFAULT '',
            weaknesses TEXT NOT NULL DEFAULT '',
            remedies TEXT NOT NULL DEFAULT '',
            next_year_duties TEXT NOT NULL DEFAULT '',
            total REAL,
            suggested_level INTEGER CHECK (suggested_level BETWEEN 1 AND 4),
            final_level INTEGER CHECK (final_level BETWEEN 1 AND 4),
            override_reason TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
            updated_at TEXT NOT NULL,
            UNIQUE (person_id, year)
        );
        CREATE TABLE evaluation_scores (
            evaluation_id INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            self_points REAL,
            committee_points REAL,
            final_points REAL,
            PRIMARY KEY (evaluation_id, number)
        );
        CREATE TABLE years (
            year INTEGER PRIMARY KEY,
            closed INTEGER NOT NULL DEFAULT 0,
            closed_at TEXT
        );

        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            added INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE courses (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            title_folded TEXT NOT NULL,
            topic TEXT NOT NULL DEFAULT 'other',
            organiser TEXT NOT NULL DEFAULT '',
            start_date TEXT,
            end_date TEXT,
            days REAL,
            hours REAL,
            place TEXT NOT NULL DEFAULT '',
            mode TEXT NOT NULL DEFAULT 'in_person' CHECK (mode IN ('in_person', 'online')),
            audience TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            import_id INTEGER REFERENCES imports (id)
        );
        CREATE INDEX courses_start ON courses (start_date);
        CREATE TABLE attendance (
            id INTEGER PRIMARY KEY,
            course_id INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people (id),
            status TEXT NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'present', 'absent')),
            result TEXT CHECK (result IN ('excellent', 'good', 'pass', 'fail')),
            certificate_no TEXT NOT NULL DEFAULT '',
            import_id INTEGER REFERENCES imports (id),
            UNIQUE (course_id, person_id)
        );
        CREATE INDEX attendance_person ON attendance (person_id);

        CREATE TABLE indicators (
            key TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            target REAL NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL,
            enabled INTEGER NOT NULL DEFAULT 1
        );

        CREATE TABLE report_exports (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,
            number TEXT NOT NULL,
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            signed_by TEXT NOT NULL DEFAULT '',
            exported_at TEXT NOT NULL
        );

        -- Append-only: the triggers below make rows immutable.
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            entity TEXT NOT NULL,
            row_id INTEGER,
            field TEXT NOT NULL DEFAULT '',
            old_value TEXT,
            new_value TEXT,
            reason TEXT NOT NULL DEFAULT '',
            year INTEGER,
            person_id INTEGER
        );
        CREATE INDEX audit_year ON audit (year);
        CREATE INDEX audit_person ON audit (person_id);
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;
        """
    )


@step
def m002_report_issued_on(db: Database) -> None:
    """The date printed on each exported report (its place-and-date line): document numbers restart with the
    calendar year of that date, not of the export. Rows exported before this update only recorded when they
    were exported; the export dialog proposes that day as the document's date, so it stands in for it."""
    run_script(db, """
        ALTER TABLE report_exports ADD COLUMN issued_on TEXT NOT NULL DEFAULT '';
        UPDATE report_exports SET issued_on = substr(exported_at, 1, 10) WHERE issued_on = '';
        CREATE INDEX report_exports_issued_on ON report_exports (issued_on);
        """)


SCHEMA_VERSION = len(MIGRATION_NAMES)
