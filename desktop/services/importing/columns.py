"""Recognising the columns of a list by their header text, with or without diacritics, and common synonyms.

A header label is compared in its folded form, without numbering or parenthesised notes ("Họ và tên (1)"
-> "ho va ten"). Two-level headers combine the parent and the child ("Năm sinh" over "Nam" | "Nữ": the
year of birth of a man or of a woman; "Thời gian" over "Từ ngày" | "Đến ngày").
"""
from __future__ import annotations

import re

from desktop.domain.errors import N_
from desktop.domain.vietnamese import fold

_PERSON = {
    "number": "stt|tt|so tt|so thu tu",
    "full_name": "ho va ten|ho ten|ho va ten hoc vien|ho ten hoc vien|ho va ten can bo|ho va ten dai bieu|"
                 "ho va ten doan vien|ten can bo|ten hoc vien|hoc vien|can bo",
    "family_name": "ho|ho dem|ho va dem|ho va ten dem|ho va chu dem|ho lot",
    "given_name": "ten",
    "birth": "nam sinh|ngay sinh|ngay thang nam sinh|ngay thang sinh|sinh ngay|ns|nam sinh ngay sinh",
    "male": "nam|nam gioi|nam sinh nam",
    "female": "nu|nu gioi|nam sinh nu",
    "sex": "gioi tinh|gioi|phai",
    "department": "don vi|bo phan|don vi cong tac|noi cong tac|phong ban|phan xuong|to|don vi bo phan|co quan|"
                  "co quan don vi|phong ban phan xuong|to cong doan",
    "phone": "dien thoai|so dien thoai|sdt|dt|di dong",
    "email": "email|e mail|thu dien tu",
    "member_code": "ma doan vien|ma so doan vien|ma dv|ma the doan vien",
    "notes": "ghi chu",
}
_FIELDS = {
    "courses": {
        "number": _PERSON["number"],
        "title": "ten lop|ten lop hoc|noi dung lop|noi dung|ten khoa hoc|lop|lop hoc|khoa hoc|ten lop tap huan|"
                 "ten lop boi duong|ten lop dao tao|noi dung tap huan|noi dung boi duong|noi dung dao tao|"
                 "ten chuong trinh|chuyen de|ten chuyen de|noi dung chuong trinh",
        "topic": "chu de|linh vuc|nhom chuyen de|loai lop|loai hinh",
        "organiser": "don vi to chuc|don vi chu tri|co quan to chuc|don vi thuc hien|co quan chu tri|to chuc",
        "period": "thoi gian|thoi gian to chuc|thoi gian hoc|ngay to chuc|thoi gian thuc hien|ngay hoc|"
                  "thoi gian du kien",
        "start_date": "tu ngay|ngay bat dau|bat dau|ngay khai giang|khai giang|tu",
        "end_date": "den ngay|ngay ket thuc|ket thuc|ngay be giang|be giang|den",
        "days": "so ngay|thoi luong|so ngay hoc|thoi luong ngay",
        "hours": "so gio|so tiet|thoi luong gio",
        "place": "dia diem|noi to chuc|dia diem to chuc|dia diem hoc",
        "mode": "hinh thuc|hinh thuc to chuc|hinh thuc hoc|phuong thuc",
        "audience": "doi tuong|thanh phan|doi tuong tham du|doi tuong hoc vien|thanh phan tham du",
        "count": "so luong|so hoc vien|so luong hoc vien|so nguoi|du kien so luong",
        "notes": "ghi chu",
    },
    "attendance": {
        **_PERSON,
        "position": "chuc vu|chuc danh|chuc vu chuyen mon|chuc vu cong doan|chuc danh cong doan|chuc vu cd",
        "result": "ket qua|xep loai|ket qua hoc tap|ket qua xep loai|ket qua danh gia|danh gia",
        "certificate_no": "so chung chi|so gcn|so giay chung nhan|so cc|giay chung nhan|chung chi|"
                          "so hieu chung chi|so hieu gcn|so vao so",
        "status": "co mat|tham du|tinh trang|diem danh|vang",
    },
    "officers": {
        **_PERSON,
        "post": "chuc vu|chuc danh|chuc vu cong doan|chuc danh cong doan|chuc vu cd|chuc vu trong cong doan|"
                "chuc vu trong bch|chuc vu bch",
        "job_title": "chuc vu chuyen mon|chuc vu chinh quyen|chuc danh chuyen mon|nghe nghiep|cong viec",
        "ethnicity": "dan toc",
        "religion": "ton giao",
        "party": "dang vien|dang vien dcsvn|la dang vien",
        "party_join_date": "ngay vao dang|ngay ket nap dang|ngay ket nap",
        "education": "trinh do chuyen mon|trinh do|chuyen mon|trinh do dao tao|trinh do chuyen mon nghiep vu",
        "political_theory": "ly luan chinh tri|trinh do ly luan chinh tri|llct|trinh do llct|chinh tri",
        "it_level": "tin hoc|trinh do tin hoc",
        "foreign_language": "ngoai ngu|trinh do ngoai ngu",
        "duties": "nhiem vu|phan cong nhiem vu|nhiem vu duoc phan cong|phu trach|linh vuc phu trach",
        "full_time": "chuyen trach|chuyen trach kiem nhiem|chuyen trach khong chuyen trach",
        "part_time": "kiem nhiem|khong chuyen trach",
        "post_start": "ngay bau|ngay nhan nhiem vu|ngay bat dau|tu ngay|ngay giu chuc vu|ngay duoc bau",
    },
}
SYNONYMS: dict[str, dict[str, str]] = {
    kind: {key: name for name, spec in fields.items() for key in spec.split("|")} for kind, fields in _FIELDS.items()}
FIELDS: dict[str, tuple[str, ...]] = {kind: tuple(fields) for kind, fields in _FIELDS.items()}

# The column the kind cannot do without, and how it is named in messages.
KEY_FIELD = {"courses": "title", "attendance": "full_name", "officers": "full_name"}
KEY_LABEL = {"courses": N_("Course title (Tên lớp)"), "attendance": N_("Full name (Họ và tên)"),
             "officers": N_("Full name (Họ và tên)")}

_PERIOD_CHILD = {"tu ngay": "start_date", "tu": "start_date", "bat dau": "start_date", "ngay bat dau": "start_date",
                 "den ngay": "end_date", "den": "end_date", "ket thuc": "end_date", "ngay ket thuc": "end_date",
                 "so ngay": "days", "so gio": "hours", "so tiet": "hours"}
_SEX_CHILD = {"nam": "male", "nam gioi": "male", "nu": "female", "nu gioi": "female"}
_RESULT_CHILD = {"gioi": "excellent", "xuat sac": "excellent", "kha": "good", "dat": "pass",
                 "trung binh": "pass", "khong dat": "fail", "chua dat": "fail"}


# Per kind, the synonyms of four letters or more followed by a space, longest first (in their own order
# among equal lengths): the first alternative that matches is the longest synonym a label starts with.
_LONGEST_PREFIX = {kind: re.compile("|".join(re.escape(synonym) + " " for synonym in sorted(
    (synonym for synonym in synonyms if len(synonym) >= 4), key=len, reverse=True)))
                   for kind, synonyms in SYNONYMS.items()}


def label_key(text: str) -> str:
    """'Họ và tên (1)' -> 'ho va ten'; 'Năm\\nsinh' -> 'nam sinh'; '1. Tên lớp' -> 'ten lop'."""
    key = fold(text)
    key = re.sub(r"\([^)]*\)", " ", key)
    key = re.sub(r"[^0-9a-z]+", " ", key).strip()
    key = re.sub(r"^(?:\d+|[ivx]+)\s+(?=[a-z])", "", key)  # a leading "1." or "II." numbering
    return key


def recognise(key: str, kind: str) -> str | None:
    """The field a header label names, or None."""
    if not key or len(key) > 70:  # a title or a sentence, not a column label
        return None
    synonyms = SYNONYMS[kind]
    if key in synonyms:
        return synonyms[key]
    # "Họ và tên học viên nữ", "Đơn vị công tác hiện nay": the longest synonym the label starts with.
    match = _LONGEST_PREFIX[kind].match(key)
    if match and len(key) <= match.end() - 1 + 30:
        return synonyms[match.group()[:-1]]
    return None


def combine(parent: str, child: str, kind: str) -> str | None:
    """The field of a column under a two-level header (label keys of both levels); None when the child
    label means nothing here."""
    parent_field = recognise(parent, kind)
    if child in _SEX_CHILD and parent_field in (None, "birth", "sex", "male", "female"):
        return _SEX_CHILD[child]
    if parent_field == "period" and child in _PERIOD_CHILD:
        return _PERIOD_CHILD[child]
    if parent_field == "result" and child in _RESULT_CHILD:
        return "result_is_" + _RESULT_CHILD[child]
    if parent_field == "full_name" and child in ("ho", "ho dem", "ho va dem", "ho va ten dem"):
        return "family_name"
    if parent_field == "full_name" and child == "ten":
        return "given_name"
    return recognise(child, kind)


def known_fields(kind: str) -> set[str]:
    extra = {"male", "female", "family_name", "given_name"}
    if kind == "courses":
        extra = set()
    if kind == "attendance":
        extra |= {"result_is_" + key for key in ("excellent", "good", "pass", "fail")}
    return set(FIELDS[kind]) | extra
