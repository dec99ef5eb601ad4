"""The Vietnamese catalog is complete: no untranslated or fuzzy entry, placeholders match."""
from desktop import i18n, i18n_catalogs


def test_vietnamese_catalog_is_complete():
    problems = i18n_catalogs.problems()
    assert problems == [], "\n".join(problems[:40])


def test_every_part_parses_and_has_no_duplicate_ids():
    merged, clashes = i18n_catalogs.merged_vietnamese()
    assert clashes == []
    assert len(merged) > 100


def test_placeholder_mismatch_is_detected(tmp_path, monkeypatch):
    (tmp_path / "vi").mkdir()
    (tmp_path / "vi" / "x.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Created the book {path}."\nmsgstr "Đã tạo sổ {duong_dan}."\n', encoding="utf-8")
    monkeypatch.setattr(i18n_catalogs, "i18n_dir", lambda: tmp_path)
    problems = i18n_catalogs.problems()
    assert any("placeholders differ" in p and "Created the book" in p for p in problems)
    assert any(p.startswith("untranslated:") for p in problems)


def test_compiled_catalogs_translate_both_ways():
    i18n_catalogs.compile_all()
    try:
        i18n.set_language("vi")
        assert i18n._("Chair") == "Chủ tịch"
        i18n.set_language("en")
        assert i18n._("Chair") == "Chair"
    finally:
        i18n.set_language("vi")
