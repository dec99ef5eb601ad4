"""Tests for `socanbo backup`, `socanbo backups`, `socanbo restore`, and `check` on damage (exit code 1)."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path


def assert_ok(result) -> None:
    assert result.returncode == 0, str(result)
    assert "Traceback" not in result.stderr, str(result)


def assert_error(result, *fragments: str) -> None:
    assert result.returncode == 1, str(result)
    assert "Traceback" not in result.stderr, str(result)
    for fragment in fragments:
        assert fragment in result.stderr, str(result)


def break_people(path: Path) -> None:
    conn = sqlite3.connect(str(path))
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'people'").fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * 4096 + 8)
        handle.write(b"\xff" * 16)


def people(path: Path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM people").fetchone()[0]
    finally:
        conn.close()


def listed(socanbo, book: Path, *extra) -> list[dict]:
    result = socanbo("--data", book, "backups", "--json", *extra)
    assert_ok(result)
    return json.loads(result.stdout)


def test_help_lists_the_backup_verbs(socanbo):
    result = socanbo("--help")
    assert_ok(result)
    for verb in ("backup", "backups", "restore"):
        assert verb in result.stdout


def test_backup_goes_to_the_data_folder(socanbo, demo_copy, user_data):
    result = socanbo("--data", demo_copy, "backup")
    assert_ok(result)
    (made,) = list((user_data / "backups").glob("*.socanbo"))
    assert made.name.startswith("ban-sao_") and made.name.endswith("_manual.socanbo")
    assert str(made) in result.stdout and "Đã sao lưu" in result.stdout
    assert people(made) == people(demo_copy)


def test_backup_to_another_folder(socanbo, demo_copy, tmp_path, user_data):
    stick = tmp_path / "usb"
    assert_ok(socanbo("--data", demo_copy, "backup", "--to", stick))
    assert len(list(stick.glob("*.socanbo"))) == 1
    assert not (user_data / "backups").exists()
    assert [b["reason"] for b in listed(socanbo, demo_copy, "--dir", stick)] == ["manual"]


def test_backup_folder_from_the_settings(socanbo, demo_copy, tmp_path, user_data):
    chosen = tmp_path / "chosen"
    user_data.mkdir(parents=True, exist_ok=True)
    (user_data / "settings.json").write_text(json.dumps({"backups_dir": str(chosen)}), encoding="utf-8")
    assert_ok(socanbo("--data", demo_copy, "backup"))
    assert len(list(chosen.glob("*.socanbo"))) == 1


def test_backup_of_a_damaged_book_is_refused(socanbo, demo_copy, user_data):
    break_people(demo_copy)
    assert_error(socanbo("--data", demo_copy, "backup"), "hỏng")
    assert not list((user_data / "backups").glob("*.socanbo")) if (user_data / "backups").exists() else True


def test_backup_of_a_missing_book(socanbo, tmp_path):
    assert_error(socanbo("--data", tmp_path / "none.socanbo", "backup"), "none.socanbo")


def test_backups_lists_newest_first_as_table_and_json(socanbo, demo_copy):
    assert_ok(socanbo("--data", demo_copy, "backup"))
    assert_ok(socanbo("--data", demo_copy, "backup"))
    found = listed(socanbo, demo_copy)
    assert [b["number"] for b in found] == [1, 2]
    assert found[0]["created_at"] >= found[1]["created_at"]
    assert set(found[0]) == {"number", "file", "created_at", "reason", "reason_text", "size", "schema_version",
                             "checked"}
    assert found[0]["reason_text"] == "sao lưu thủ công" and found[0]["checked"] is True
    table = socanbo("--data", demo_copy, "backups")
    assert_ok(table)
    assert Path(found[0]["file"]).name in table.stdout and "sao lưu thủ công" in table.stdout


def test_backups_of_a_book_without_any(socanbo, demo_copy):
    result = socanbo("--data", demo_copy, "backups")
    assert_ok(result)
    assert "(không có gì)" in result.stdout
    assert listed(socanbo, demo_copy) == []


def test_restore_by_number_backs_up_the_book_first(socanbo, demo_copy):
    assert_ok(socanbo("--data", demo_copy, "backup"))
    conn = sqlite3.connect(str(demo_copy))
    conn.execute("DELETE FROM attendance")
    conn.commit()
    conn.close()
    result = socanbo("--data", demo_copy, "restore", "1")
    assert_ok(result)
    assert "27" in result.stdout and "Công đoàn cơ sở Công ty TNHH May mặc Sông Hồng" in result.stdout
    reasons = [b["reason"] for b in listed(socanbo, demo_copy)]
    assert reasons == ["pre-restore", "manual"]
    conn = sqlite3.connect(str(demo_copy))
    assert conn.execute("SELECT count(*) FROM attendance").fetchone()[0] > 0
    conn.close()
    assert_ok(socanbo("--data", demo_copy, "check"))


def test_restore_by_file_name_and_by_path(socanbo, demo_copy, tmp_path):
    stick = tmp_path / "usb"
    assert_ok(socanbo("--data", demo_copy, "backup", "--to", stick))
    (made,) = stick.glob("*.socanbo")
    assert_ok(socanbo("--data", demo_copy, "restore", made))
    assert_ok(socanbo("--data", demo_copy, "restore", made.name, "--dir", stick))


def test_restore_of_a_damaged_backup_changes_nothing(socanbo, demo_copy, sha256):
    assert_ok(socanbo("--data", demo_copy, "backup"))
    (backup,) = listed(socanbo, demo_copy)
    break_people(Path(backup["file"]))
    before = sha256(demo_copy)
    assert_error(socanbo("--data", demo_copy, "restore", "1"), "hỏng")
    assert sha256(demo_copy) == before
    assert len(listed(socanbo, demo_copy)) == 1


def test_restore_of_an_unknown_backup(socanbo, demo_copy):
    assert_error(socanbo("--data", demo_copy, "restore", "7"), "7")
    assert_error(socanbo("--data", demo_copy, "restore", "nothing.socanbo"), "nothing.socanbo")


def test_restore_onto_a_damaged_book_keeps_the_damaged_file(socanbo, demo_copy):
    assert_ok(socanbo("--data", demo_copy, "backup"))
    break_people(demo_copy)
    assert_error(socanbo("--data", demo_copy, "check"))
    assert_ok(socanbo("--data", demo_copy, "restore", "1"))
    assert [b["reason"] for b in listed(socanbo, demo_copy)] == ["damaged", "manual"]
    assert_ok(socanbo("--data", demo_copy, "check"))


def test_restore_in_english(socanbo, demo_copy):
    assert_ok(socanbo("--data", demo_copy, "backup"))
    result = socanbo("--lang", "en", "--data", demo_copy, "restore", "1")
    assert_ok(result)
    assert "Restored" in result.stdout


# --- check reports damage with exit code 1 -----------------------------------------------------------------

def test_check_exits_1_on_damaged_pages(socanbo, demo_copy):
    assert_ok(socanbo("--data", demo_copy, "check"))
    break_people(demo_copy)
    result = socanbo("--data", demo_copy, "check")
    assert_error(result)
    assert str(demo_copy) in result.stderr or "malformed" in result.stderr or "hỏng" in result.stderr


def test_check_exits_1_on_a_missing_parent_row(socanbo, demo_copy):
    conn = sqlite3.connect(str(demo_copy))
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM people WHERE id = (SELECT person_id FROM evaluations LIMIT 1)")
    conn.commit()
    conn.close()
    assert_error(socanbo("--data", demo_copy, "check"))
