"""The words the superior union's lists use for results, sex, posts, qualifications, topics and modes,
mapped to the book's codes. Everything is compared folded (no case, no diacritics, old or new tone
placement), so "Khá", "KHÁ" and "kha" are one."""
from __future__ import annotations

import re

from desktop.domain.errors import N_
from desktop.domain.officers import Sex
from desktop.domain.vietnamese import fold
from desktop.services.importing.cells import CellProblem

BAD_RESULT = N_("Row {row}, column {column}: the result {value} is not one of Giỏi, Khá, Đạt, Không đạt.")
BAD_SEX = N_("Row {row}, column {column}: {value} is neither Nam nor Nữ.")
BAD_POST = N_("Row {row}, column {column}: {value} is not a union post this book knows (Chủ tịch, Phó Chủ tịch, "
              "Ủy viên BCH, Chủ nhiệm UBKT, Tổ trưởng...).")
BAD_EDUCATION = N_("Row {row}, column {column}: the qualification {value} is not one of Sơ cấp, Trung cấp, "
                   "Cao đẳng, Đại học, Thạc sĩ, Tiến sĩ.")
BAD_THEORY = N_("Row {row}, column {column}: the political theory level {value} is not one of Sơ cấp, "
                "Trung cấp, Cao cấp, Cử nhân.")

RESULTS = {"gioi": "excellent", "xuat sac": "excellent", "loai gioi": "excellent", "kha": "good",
           "loai kha": "good", "dat": "pass", "dat yeu cau": "pass", "trung binh": "pass", "tb": "pass",
           "hoan thanh": "pass", "khong dat": "fail", "chua dat": "fail", "khong hoan thanh": "fail",
           "yeu": "fail", "kem": "fail"}
SEXES = {"nam": Sex.MALE, "nam gioi": Sex.MALE, "m": Sex.MALE, "male": Sex.MALE,
         "nu": Sex.FEMALE, "nu gioi": Sex.FEMALE, "f": Sex.FEMALE, "female": Sex.FEMALE}
ABSENT = ("vang", "khong tham du", "khong tham gia", "nghi")


def result_of(text: str) -> str:
    key = fold(text).strip(" .")
    if key in RESULTS:
        return RESULTS[key]
    raise CellProblem(BAD_RESULT, value=text)


def sex_of(text: str) -> Sex:
    key = fold(text).strip(" .")
    if key in SEXES:
        return SEXES[key]
    raise CellProblem(BAD_SEX, value=text)


def is_absent(text: str | None) -> bool:
    key = fold(text or "")
    return any(key.startswith(word) for word in ABSENT)


# --- posts: abbreviations spelled out first, then the most specific pattern wins
_POST_ABBREVIATIONS = ((r"\buv\b", "uy vien"), (r"\bbch\b", "ban chap hanh"), (r"\bbtv\b", "ban thuong vu"),
                       (r"\bubkt\b", "uy ban kiem tra"), (r"\bcdbp\b", "cong doan bo phan"),
                       (r"\bpct\b", "pho chu tich"), (r"\bct\b", "chu tich"), (r"\bcd\b", "cong doan"))
_POST_PATTERNS = (
    ("inspection_vice_chair", r"pho chu nhiem"),
    ("inspection_chair", r"chu nhiem"),
    ("inspection_member", r"uy vien uy ban kiem tra|uy vien kiem tra"),
    ("section_chair", r"chu tich cong doan bo phan|chu tich cong doan bp|to truong cong doan bo phan"),
    ("vice_chair", r"pho chu tich"),
    ("chair", r"chu tich"),
    ("standing_member", r"uy vien ban thuong vu|thuong vu"),
    ("committee_member", r"uy vien ban chap hanh|uy vien|ban chap hanh"),
    ("women_head", r"truong ban nu cong|nu cong"),
    ("group_deputy", r"to pho"),
    ("group_leader", r"to truong"),
)


def posts_of(text: str) -> list[str]:
    """Post title keys in one cell: "Phó Chủ tịch kiêm Chủ nhiệm UBKT" -> vice_chair, inspection_chair."""
    found: list[str] = []
    for part in re.split(r"[,;/+\n]|\s-\s|\bkiem\b|\bva\b", fold(text)):
        part = re.sub(r"[^a-z0-9]+", " ", part).strip()
        if not part:
            continue
        for pattern, spelled in _POST_ABBREVIATIONS:
            part = re.sub(pattern, spelled, part)
        for title_key, pattern in _POST_PATTERNS:
            if re.search(pattern, part):
                if title_key not in found:
                    found.append(title_key)
                break
        else:
            raise CellProblem(BAD_POST, value=text)
    return found


_EDUCATION = (("tien si", "doctor"), ("thac si", "master"), ("thac sy", "master"), ("dai hoc", "university"),
              ("cu nhan", "university"), ("ky su", "university"), ("cao dang", "college"),
              ("trung cap", "intermediate"), ("so cap", "elementary"), ("chua qua dao tao", "none"),
              ("chua dao tao", "none"), ("khong", "none"))
_THEORY = (("cu nhan", "bachelor"), ("cao cap", "advanced"), ("trung cap", "intermediate"),
           ("so cap", "elementary"))


def education_of(text: str) -> str:
    key = fold(text)
    for word, level in _EDUCATION:
        if word in key:
            return level
    raise CellProblem(BAD_EDUCATION, value=text)


def theory_of(text: str) -> str | None:
    key = fold(text)
    if key.strip(" .-") in ("", "chua", "khong", "chua co"):
        return None
    for word, level in _THEORY:
        if word in key:
            return level
    raise CellProblem(BAD_THEORY, value=text)


_TOPICS = (("thuong luong", "bargaining"), ("thoa uoc", "bargaining"), ("an toan", "safety"),
           ("ve sinh lao dong", "safety"), ("atvsld", "safety"), ("atvs", "safety"), ("tai chinh", "finance"),
           ("kiem tra", "inspection"), ("nu cong", "women"), ("binh dang gioi", "women"),
           ("tuyen giao", "propaganda"), ("tuyen truyen", "propaganda"), ("dan chu", "democracy"),
           ("ly luan chinh tri", "political_theory"), ("chinh tri", "political_theory"),
           ("phap luat", "law"), ("bo luat lao dong", "law"), ("luat", "law"),
           ("nghiep vu cong doan", "union_work"), ("can bo cong doan", "union_work"),
           ("cong tac cong doan", "union_work"), ("ky nang", "union_work"), ("nghiep vu", "union_work"))


def topic_of(*texts: str | None) -> str:
    """The course topic from a topic cell, else from the course title; "other" when nothing fits."""
    for text in texts:
        key = fold(text or "")
        for word, topic in _TOPICS:
            if word in key:
                return topic
    return "other"


def mode_of(text: str | None) -> str | None:
    key = fold(text or "")
    if "truc tuyen" in key or "online" in key or "zoom" in key or "tu xa" in key:
        return "online"
    if "truc tiep" in key or "tap trung" in key:
        return "in_person"
    return None


def full_time_of(text: str | None) -> bool | None:
    key = fold(text or "")
    if "kiem nhiem" in key or "khong chuyen trach" in key:
        return False
    if "chuyen trach" in key:
        return True
    return None
