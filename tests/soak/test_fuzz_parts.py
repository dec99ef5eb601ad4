"""Differential fuzzing of reading a sheet in parts: the fuzzer's .xlsx cases (the seed lists and their
mutations), read with each sheet cut into parts for calamine's worker threads and worked on part by part,
give what reading the sheet whole gives: the same table to the last problem, or the same refusal.

Only big sheets are read in parts in use (sheet_parts.PARTS_FROM_BYTES); here every sheet is.
"""
from __future__ import annotations

import random

import pytest

import fuzz_imports as fuzz
from desktop.services.importing import ImportFileError, read_table, sheet_parts
from desktop.services.importing.files import Workbook

FIXED_SEED, BLOCKS, PER_BLOCK = 4049, 6, 60


def outcome(path, kind):
    """What read_table makes of the file, in comparable form."""
    try:
        table = read_table(path, kind)
    except ImportFileError as error:
        return "refused", error.message_id, error.params
    return ("read", table.sheet, table.header_row, table.header_rows, table.columns, table.mapping, table.title,
            table.legacy_encoding, table.problems, table.ignored,
            [(row.row, row.values, list(row.problems)) for row in table.rows])


@pytest.fixture
def parts_used(monkeypatch):
    """Every sheet read in parts (2 to 4 of them); the list collects how many each read was given."""
    used = []
    real_read_parts = sheet_parts.read_parts

    def read_parts(workbooks, sheet_cut, *rest):
        used.append(len(sheet_cut.spans))
        return real_read_parts(workbooks, sheet_cut, *rest)

    monkeypatch.setattr("desktop.services.importing.files.read_parts", read_parts)
    return used


def _xlsx_cases(block: int):
    """The fuzzer's cases drawn until one is an .xlsx file (named so), PER_BLOCK of them."""
    rng = random.Random(f"fuzz-parts:{FIXED_SEED}:{block}")
    found = 0
    while found < PER_BLOCK:
        case = fuzz.random_case(rng)
        if case.fmt == "xlsx" and case.suffix in ("", "xlsx", "XLSX"):
            data = fuzz.build(case)
            if not fuzz.needs_isolation(data):
                found += 1
                yield case, data


@pytest.mark.parametrize("block", range(BLOCKS))
def test_a_sheet_read_in_parts_reads_as_the_whole_sheet(tmp_path, monkeypatch, parts_used, block):
    compared = 0
    for case, data in _xlsx_cases(block):
        path = tmp_path / case.file_name
        path.write_bytes(data)
        with monkeypatch.context() as whole_only:
            whole_only.setattr(Workbook, "__init__", _whole_only(Workbook.__init__))
            whole = outcome(path, case.kind)
        with monkeypatch.context() as in_parts_only:
            _every_sheet_in_parts(in_parts_only, cpus=2 + compared % 3)
            parts_used.clear()
            in_parts = outcome(path, case.kind)
        assert in_parts == whole, case.label
        compared += bool(parts_used)
    assert compared >= PER_BLOCK // 3  # most cases are read in parts


def _whole_only(init):
    def whole(self, source, in_parts=True):
        init(self, source, False)
    return whole


def _every_sheet_in_parts(monkeypatch, cpus: int) -> None:
    monkeypatch.setattr(sheet_parts, "PARTS_FROM_BYTES", 2)
    monkeypatch.setattr("desktop.services.importing.files.PARTS_FROM_BYTES", 2)
    monkeypatch.setattr(sheet_parts.os, "cpu_count", lambda: cpus)
