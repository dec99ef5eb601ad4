"""How the CLI prints: aligned text tables for people, JSON for programs."""
from __future__ import annotations

import json
import sys
import unicodedata

from desktop.domain.evaluation import Level
from desktop.domain.officers import POST_TITLES_BY_KEY, Group
from desktop.domain.vietnamese import format_date, format_number
from desktop.i18n import _


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else (2 if unicodedata.east_asian_width(ch) in "WF" else 1)
               for ch in text)


def print_table(headers: list[str], rows: list[list], stream=None) -> None:
    stream = stream or sys.stdout
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(headers)]
    line = "  ".join(h + " " * (w - _width(h)) for h, w in zip(headers, widths))
    print(line.rstrip(), file=stream)
    print("  ".join("-" * w for w in widths), file=stream)
    for row in cells:
        print("  ".join(v + " " * (w - _width(v)) for v, w in zip(row, widths)).rstrip(), file=stream)
    if not rows:
        print(_("(nothing to list)"), file=stream)


def print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def iso(value) -> str | None:
    return value.isoformat() if value else None


def points(value) -> str:
    return "" if value is None else format_number(value, 1 if value != int(value) else 0)


def level_number(level: Level | None) -> int | None:
    return int(level) if level else None


def officer_json(entry) -> dict:
    person = entry.person
    return {
        "id": person.id, "full_name": person.full_name, "birth_date": iso(person.birth_date),
        "birth_year": person.effective_birth_year, "sex": person.sex.value if person.sex else None,
        "posts": [{"title": _(POST_TITLES_BY_KEY[h.title_key].label), "title_key": h.title_key,
                   "group": h.group.value, "term": h.term.label, "start": iso(h.start_date), "end": iso(h.end_date),
                   "duties": h.duties} for h in entry.holdings],
    }


def officer_row(entry, today) -> list:
    person = entry.person
    current = [h for h in entry.holdings if h.active_on(today)]
    posts = "; ".join(_(POST_TITLES_BY_KEY[h.title_key].label) for h in sorted(current, key=lambda h: h.title.rank))
    sex = {None: "", "male": _("Male"), "female": _("Female")}[person.sex.value if person.sex else None]
    return [person.id, person.full_name, person.effective_birth_year or "", sex, posts or _("(no current post)"),
            person.department]


def course_json(row) -> dict:
    c = row.course
    return {"id": c.id, "title": c.title, "topic": c.topic, "organiser": c.organiser, "start_date": iso(c.start_date),
            "end_date": iso(c.end_date), "days": c.days, "place": c.place, "mode": c.mode, "audience": c.audience}


def evaluation_json(row) -> dict:
    e = row.evaluation
    return {
        "person_id": row.person.id, "full_name": row.person.full_name, "year": e.year,
        "criteria": [{"number": c.number, "max_points": c.max_points, "self": e.score(c.number).self_points,
                      "committee": e.score(c.number).committee_points, "final": e.score(c.number).final_points}
                     for c in row.criteria_set.criteria],
        "total": row.total, "suggested_level": level_number(row.suggested_level),
        "final_level": level_number(e.final_level), "status": "final" if e.finalised else "draft",
    }


def group_label(group: Group) -> str:
    return _(group.label)


def indicator_json(value) -> dict:
    return {"key": value.key, "name": _(value.name), "target": value.target, "actual": value.actual,
            "met": value.met, "source": value.source}


def short_date(value) -> str:
    return format_date(value)
