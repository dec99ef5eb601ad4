"""Files that are refused as a whole: one clear Vietnamese message, and the book is not touched."""
from __future__ import annotations

import io
import os
import struct
import zipfile

import pytest

from desktop.i18n import _
from desktop.services.importing import ImportFileError, files, read_table


def rejected(path, kind="attendance", **kwargs) -> str:
    with pytest.raises(ImportFileError) as caught:
        read_table(path, kind, **kwargs)
    return caught.value.render(_)


def encrypted_ole() -> bytes:
    """A compound file as Excel writes a password-protected .xlsx: streams EncryptionInfo and EncryptedPackage."""
    header = bytearray(512)
    header[0:8] = files.OLE_MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 44, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0]: the FAT is sector 0
    header[80:512] = b"\xff" * 432
    fat = struct.pack("<II", 0xFFFFFFFD, 0xFFFFFFFE) + b"\xff" * 504

    def entry(name: str, kind: int, child: int = 0xFFFFFFFF, right: int = 0xFFFFFFFF) -> bytes:
        raw = (name + "\0").encode("utf-16-le")
        data = bytearray(128)
        data[0:len(raw)] = raw
        struct.pack_into("<HBB", data, 64, len(raw), kind, 1)
        struct.pack_into("<III", data, 68, 0xFFFFFFFF, right, child)
        struct.pack_into("<I", data, 116, 0xFFFFFFFE)
        return bytes(data)

    directory = entry("Root Entry", 5, child=1) + entry("EncryptionInfo", 2, right=2) + \
        entry("EncryptedPackage", 2) + bytes(128)
    return bytes(header) + fat + directory


def test_a_picture_named_xlsx_is_not_a_spreadsheet(write_bytes):
    path = write_bytes("danh-sach.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(200))
    assert rejected(path) == ("Tệp danh-sach.xlsx không phải là bảng tính. Hãy nhập tệp Excel (.xlsx, .xls), "
                              "OpenDocument (.ods) hoặc CSV.")


def test_a_word_document_is_not_a_spreadsheet(write_bytes):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert "không phải là bảng tính" in rejected(write_bytes("ke-hoach.xlsx", buffer.getvalue()))
    assert "không phải là bảng tính" in rejected(write_bytes("ke-hoach.pdf", b"%PDF-1.7\n" + bytes(100)))


def test_a_web_page_saved_as_xls(write_bytes):
    page = b"<html><head><meta charset='utf-8'></head><body><table><tr><td>H\xe1\xbb\x8d</td></tr></table></body>"
    assert rejected(write_bytes("ket-qua.xls", page)) == (
        "Tệp ket-qua.xls là một trang web (HTML) mang tên bảng tính, không phải tệp Excel thật. Hãy mở tệp bằng "
        "Excel, lưu lại dưới dạng Excel Workbook (.xlsx), rồi nhập bản lưu đó.")


def test_an_xml_2003_spreadsheet(write_bytes):
    data = (b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
            b"<Worksheet/></Workbook>")
    assert "XML Spreadsheet 2003" in rejected(write_bytes("ds.xls", data))


def test_a_password_protected_xlsx(write_bytes):
    assert rejected(write_bytes("co-mat-khau.xlsx", encrypted_ole())) == (
        "Tệp co-mat-khau.xlsx được đặt mật khẩu. Hãy mở tệp bằng Excel, gỡ mật khẩu (File > Info > Protect "
        "Workbook), lưu lại, rồi nhập lại.")


def test_a_password_protected_xls_saved_by_libreoffice(fixtures_dir):
    assert "được đặt mật khẩu" in rejected(fixtures_dir / "co-mat-khau.xls")


def test_an_empty_sheet(write_xlsx):
    assert rejected(write_xlsx([], sheet="Trang 1")) == "Trang tính Trang 1 của tệp danh-sach.xlsx trống."


def test_every_sheet_empty(write_xlsx):
    path = write_xlsx([], sheet="Trang 1", sheets={"Trang 2": []})
    assert rejected(path) == "Tệp danh-sach.xlsx không có dữ liệu: mọi trang tính đều trống."


def test_no_recognisable_header(write_xlsx):
    path = write_xlsx([["Báo cáo tháng 5"], ["Doanh thu", 1200000], ["Chi phí", 800000]])
    assert rejected(path) == ("Không nhận ra dòng tiêu đề của bảng trong tệp danh-sach.xlsx (trang tính Danh sách): "
                              "cần có cột \"Họ và tên\". Hãy kiểm tra có đúng danh sách không, hoặc tự chọn các cột.")
    assert "cần có cột \"Tên lớp\"" in rejected(path, "courses")


def test_a_header_without_rows(write_xlsx):
    path = write_xlsx([["STT", "Họ và tên", "Năm sinh"], [], [None, "Tổng cộng"]])
    assert "có dòng tiêu đề nhưng không có dòng dữ liệu nào" in rejected(path)


def test_a_file_over_50_mb(tmp_path):
    path = tmp_path / "rat-lon.xlsx"
    with path.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)  # sparse: nothing is written
    assert rejected(path) == ("Tệp rat-lon.xlsx nặng 51 MB; không nhập tệp lớn hơn 50 MB. Hãy kiểm tra có đúng "
                              "tệp không, hoặc chia danh sách thành nhiều tệp.")


def _workbook_zip(path, sheet_xml: bytes) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as handle:
            for _ in range(len(sheet_xml) // (1024 * 1024)):
                handle.write(sheet_xml[:1024 * 1024])


def test_a_zip_bomb_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "bom.xlsx"
    _workbook_zip(path, b"\0" * (40 * 1024 * 1024))  # 40 MB of zeros packs into about 40 KB
    assert path.stat().st_size < 200_000
    assert rejected(path) == ("Tệp bom.xlsx khi giải nén lên tới 40 MB, lớn hơn nhiều so với một danh sách thật; "
                              "tệp bị từ chối vì không an toàn.")


def test_a_zip_that_unpacks_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_UNPACKED_BYTES", 2 * 1024 * 1024)
    path = tmp_path / "lon.xlsx"
    _workbook_zip(path, os.urandom(3 * 1024 * 1024))  # random bytes do not pack: only the size is too big
    assert "khi giải nén lên tới 3 MB" in rejected(path)


def test_a_damaged_workbook(write_xlsx, write_bytes):
    whole = write_xlsx([["Họ và tên"], ["Nguyễn Văn An"]]).read_bytes()
    assert "bị hỏng" in rejected(write_bytes("hong.xlsx", whole[: len(whole) // 2]))


def test_a_missing_file(tmp_path):
    assert "không tồn tại hoặc không mở được" in rejected(tmp_path / "khong-co.xlsx")


def test_an_unknown_sheet_lists_the_sheets(write_xlsx):
    path = write_xlsx([["Họ và tên"], ["An"]], sheet="DS", sheets={"Tổng hợp": [["x"]]})
    assert rejected(path, sheet="Lớp 2") == "Tệp danh-sach.xlsx không có trang tính tên Lớp 2. Các trang tính của " \
                                            "tệp: DS, Tổng hợp."


def test_a_mapping_to_a_missing_column(write_xlsx):
    path = write_xlsx([["Họ và tên", "Năm sinh"], ["An", 1980]])
    assert rejected(path, mapping={"department": 7}) == ("Cột 8 được chọn cho \"department\" không có trong trang "
                                                         "tính (trang tính có 2 cột).")


def test_a_bad_file_changes_nothing_in_the_book(services, counts, write_bytes, course_id):
    from desktop.services.importing import apply, preview

    before = counts()
    path = write_bytes("ket-qua.xls", b"<html><table><tr><td>x</td></tr></table></html>")
    with pytest.raises(ImportFileError):
        apply(services, preview(services, read_table(path, "attendance"), "attendance", course_id=course_id))
    assert counts() == before
    assert services.training.repo.imports() == []


def test_a_csv_of_blank_lines_is_an_empty_sheet(write_bytes):
    assert rejected(write_bytes("ds.csv", b"   \r\n\r\n;;\r\n")) == "Trang tính ds của tệp ds.csv trống."
