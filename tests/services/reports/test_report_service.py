"""ReportService on a small book whose numbers are known: the report's data, numbering and history."""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone

import pytest

from desktop.domain.errors import ValidationError
from desktop.services.reports import ReportOptions, verify_pdf

VN = timezone(timedelta(hours=7))
EXCELLENT = (14, 14, 14, 14, 9, 14, 13)  # 92: the points the small book gives the chair in 2025


def test_the_data_counts_the_officers(services, small_book, reports_at):
    data = reports_at(services).data(ReportOptions(2025))
    officers = data["officers"]
    assert officers["as_of"] == "2025-12-31"
    assert officers["total"] == {"count": 5, "women": 3, "young": 2, "party_members": 1, "full_time": 0}
    groups = {g["group"]: g["count"] for g in officers["groups"]}
    assert groups == {"bch": 3, "ubkt": 1, "below": 1}
    assert officers["education"]["university"] == 1 and officers["education"]["unknown"] == 1
    assert [p["full_name"] for p in officers["people"]][:2] == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_the_data_of_the_evaluation(services, small_book, reports_at):
    evaluation = reports_at(services).data(ReportOptions(2025))["evaluation"]
    rows = {r["full_name"]: r for r in evaluation["rows"]}
    assert [r["full_name"] for r in evaluation["rows"]][0] == "Nguyễn Văn An"  # the chair first
    chair = rows["Nguyễn Văn An"]
    assert chair["total"] == 92 and chair["level"] == 1 and chair["level_name"] == "Hoàn thành xuất sắc nhiệm vụ"
    assert chair["points"] == list(EXCELLENT)
    assert chair["previous_level"] == 2 and chair["change"] == "up"
    assert rows["Lê Thị Cúc"]["change"] == "down" and rows["Trần Thị Bình"]["change"] == "same"
    assert rows["Phạm Văn Dũng"]["change"] == "up"
    counts = {k: v["count"] for k, v in evaluation["distribution"].items()}
    assert counts == {"1": 1, "2": 2, "3": 1, "4": 0}
    assert evaluation["distribution"]["2"]["percent"] == 50.0
    assert evaluation["cap"] == {"ratio": 0.2, "excellent": 1, "good": 2, "allowed": 0, "exceeded": True}
    assert {k: v["count"] for k, v in evaluation["previous_year"]["distribution"].items()} == {
        "1": 0, "2": 3, "3": 1, "4": 0}
    assert len(evaluation["criteria"]) == 7 and evaluation["criteria"][0]["full_text"].startswith("Bản lĩnh")


def test_the_data_of_training_and_targets(services, small_book, reports_at):
    data = reports_at(services).data(ReportOptions(2025))
    training = data["training"]
    (course,) = training["courses"]
    assert (course["sent"], course["present"], course["trained"]) == (3, 2, 2)
    assert [u["full_name"] for u in training["untrained"]] == ["Lê Thị Cúc", "Phạm Văn Dũng", "Hồ Thị Em"]
    total = training["coverage"][-1]
    assert (total["officers"], total["trained_year"], total["percent_year"]) == (5, 2, 40.0)
    targets = {t["key"]: t for t in data["targets"]}
    assert targets["women_share"]["actual"] == pytest.approx(66.7) and targets["women_share"]["met"] is True
    assert targets["officers_trained"]["period"] == "2023–2025"
    assert targets["annual_evaluation"]["period"] == "2025"
    assert targets["women_share"]["name"] == "Nữ trong Ban Chấp hành"


def test_document_numbers_increase_through_the_year_and_restart_in_january(services, small_book, tmp_path, reports_at):
    reports = reports_at(services)
    assert reports.next_number() == 1
    first = reports.export_report(ReportOptions(2025), tmp_path / "a.pdf")
    second = reports.export_report(ReportOptions(2025), tmp_path / "b.pdf")
    assert (first.number, second.number) == ("01/BC-CĐCS", "02/BC-CĐCS")
    chosen = reports.export_report(ReportOptions(2025, number=12), tmp_path / "c.pdf")
    assert chosen.number == "12/BC-CĐCS" and reports.next_number() == 13
    next_year = reports_at(services, datetime(2027, 1, 4, 8, 0, tzinfo=VN))
    assert next_year.next_number() == 1


def test_each_export_is_recorded_with_its_digest(services, small_book, tmp_path, audit_rows, reports_at):
    reports = reports_at(services)
    result = reports.export_report(ReportOptions(2025, number=5), tmp_path / "bao-cao.pdf")
    (record,) = reports.exports()
    assert record.year == 2025 and record.number == "05/BC-CĐCS" and record.signed_by == ""
    assert record.file_name == str((tmp_path / "bao-cao.pdf").resolve())
    assert record.sha256 == hashlib.sha256((tmp_path / "bao-cao.pdf").read_bytes()).hexdigest() == result.sha256
    assert record.exported_at == "2026-01-05T09:00:00+07:00"
    assert reports.exports(2024) == []
    (audit,) = audit_rows("report.export")
    assert audit["year"] == 2025 and "05/BC-CĐCS" in audit["new_value"]


def test_options_are_checked(services, small_book, tmp_path, reports_at):
    reports = reports_at(services)
    for options in (ReportOptions(2025, number=0), ReportOptions(2025, signer="boss"), ReportOptions(1800)):
        with pytest.raises(ValidationError):
            reports.data(options)
    resolved = reports.resolved(ReportOptions(2025, recipients=("  ", "Ban Tuyên giáo;")))
    assert resolved.recipients == ("Ban Tuyên giáo;",)
    assert resolved.signer_name == "Nguyễn Văn An" and resolved.issued_on == date(2026, 1, 5)
    assert reports.resolved(ReportOptions(2025, signer="deputy")).signer_name == "Trần Thị Bình"


def test_recipients_and_proposals_reach_the_pdf(services, small_book, tmp_path, reports_at):
    from pdf_facts import pages

    options = ReportOptions(2025, recipients=("Như trên", "Ban Thường vụ CĐ KCN (để b/c)", "Lưu: VT, BCH"),
                            proposals="Đề nghị cấp trên hỗ trợ.")
    result = reports_at(services).export_report(options, tmp_path / "r.pdf")
    texts = [line.text for page in pages(result.path) for line in page.lines]
    assert "- Ban Thường vụ CĐ KCN (để b/c);" in texts and "- Lưu: VT, BCH." in texts
    assert "Đề nghị cấp trên hỗ trợ." in texts
    assert verify_pdf(result.path).data["document"]["recipients"][1] == "Ban Thường vụ CĐ KCN (để b/c)"


def test_a_report_of_an_empty_year_still_renders(services, tmp_path, reports_at):
    result = reports_at(services).export_report(ReportOptions(2025, signer_name="Nguyễn Văn An"), tmp_path / "trong.pdf")
    data = verify_pdf(result.path).data
    assert data["evaluation"]["rows"] == [] and data["training"]["courses"] == []
    assert result.pages >= 2


def test_the_token_driver_is_remembered_in_the_book(services, reports_at):
    reports = reports_at(services)
    assert reports.token_driver() is None
    reports.remember_token_driver("C:\\Windows\\System32\\eps2003csp11.dll")
    assert reports.token_driver() == "C:\\Windows\\System32\\eps2003csp11.dll"


def test_a_read_only_book_cannot_record_an_export(demo_book, tmp_path):
    from desktop.domain.errors import BookFileError
    from desktop.services.book import open_book
    from desktop.services.reports import ReportService

    with open_book(demo_book, read_only=True) as services:
        with pytest.raises(BookFileError):
            ReportService(services).export_report(ReportOptions(2025), tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()


def test_numbers_follow_the_year_of_the_document_date_not_of_the_export(services, small_book, tmp_path, reports_at):
    december = reports_at(services, datetime(2026, 12, 30, 10, 0, tzinfo=VN))
    # prepared before the new year, dated in it: 01 and 02 of 2027
    first = december.export_report(ReportOptions(2026, issued_on=date(2027, 1, 5)), tmp_path / "a.pdf")
    second = december.export_report(ReportOptions(2026, issued_on=date(2027, 1, 6)), tmp_path / "b.pdf")
    assert (first.number, second.number) == ("01/BC-CĐCS", "02/BC-CĐCS")
    assert december.next_number() == 1  # nothing is dated 2026 yet
    assert december.next_number(date(2027, 2, 1)) == 3
    # a 2025 report dated in 2026, exported in 2027, still counts in 2026
    later = reports_at(services, datetime(2027, 3, 2, 8, 0, tzinfo=VN))
    late = later.export_report(ReportOptions(2025, issued_on=date(2026, 12, 31)), tmp_path / "c.pdf")
    assert late.number == "01/BC-CĐCS"  # the first one dated 2026
    assert later.next_number() == 3 and later.next_number(date(2026, 6, 1)) == 2
    assert [(e.number, e.issued_on) for e in later.exports()][0] == ("01/BC-CĐCS", "2026-12-31")


def test_targets_list_the_people_missing_only_where_they_keep_an_unmet_target(services, small_book, reports_at):
    targets = {t["key"]: t for t in reports_at(services).data(ReportOptions(2025))["targets"]}
    for target in targets.values():
        if target["met"] is not False:
            assert target["missing"] == [], target  # met (or not measurable): nobody is missing
    for key in ("women_share", "young_share", "renewal"):  # the committee's make-up: nobody "missing" anything
        assert targets[key]["missing"] == [], targets[key]
    trained = targets["officers_trained"]
    assert trained["met"] is False
    assert trained["missing"] == ["Lê Thị Cúc", "Phạm Văn Dũng", "Hồ Thị Em"]  # the untrained, Vietnamese order
    assert len(trained["missing"]) == trained["denominator"] - trained["numerator"]


def test_the_report_year_is_the_latest_year_with_evaluations(services, small_book, reports_at):
    january = reports_at(services, datetime(2026, 1, 5, 9, 0, tzinfo=VN))
    assert january.report_year() == 2025  # 2025 has evaluations: the year being reported in January
    assert reports_at(services, datetime(2026, 11, 20, 9, 0, tzinfo=VN)).report_year() == 2025
    services.evaluations.open_year(2026)  # a year opened, nobody scored yet: not the year being reported
    assert reports_at(services, datetime(2026, 11, 20, 9, 0, tzinfo=VN)).report_year() == 2025


def test_without_evaluations_the_report_year_is_last_year_until_summer(services, reports_at):
    assert reports_at(services, datetime(2026, 1, 5, 9, 0, tzinfo=VN)).report_year() == 2025
    assert reports_at(services, datetime(2026, 11, 5, 9, 0, tzinfo=VN)).report_year() == 2026


def test_an_export_warns_about_a_year_without_evaluations(services, small_book, tmp_path, reports_at):
    from desktop.i18n import _

    future = reports_at(services).export_report(ReportOptions(2030), tmp_path / "2030.pdf")
    texts = [warning.render(_) for warning in future.warnings]
    assert texts == ["Năm 2030 chưa có phiếu đánh giá nào: mục II của báo cáo để trống. Hãy kiểm tra lại năm báo "
                     "cáo, hoặc nhập kết quả đánh giá của năm đó trước.",
                     "Báo cáo về năm 2030 nhưng đề ngày 05/01/2026, trước khi năm đó bắt đầu."]
    assert future.path.is_file()  # a warning, not a refusal
    assert reports_at(services).export_report(ReportOptions(2025), tmp_path / "2025.pdf").warnings == ()


def test_the_printed_signer_and_the_certificate_holder_are_compared_as_names():
    from desktop.services.reports.service import same_person

    assert same_person("Nguyễn Minh Tuấn", "NGUYỄN MINH TUẤN")
    assert same_person("Trần Thị Thanh Thuỷ", "Trần Thị Thanh Thủy")  # old and new tone placement
    assert same_person("Nguyễn Minh Tuấn", "Nguyễn Minh Tuấn - Chủ tịch CĐCS")
    assert not same_person("Trần Thị Thanh Thuỷ", "Nguyễn Minh Tuấn")
    assert not same_person("Nguyễn Minh", "Nguyễn Minh Tuấn")  # a shorter name is another person
