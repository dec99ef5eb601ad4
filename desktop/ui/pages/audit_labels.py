"""How the audit log reads to a person: a Vietnamese label for each action and field, and stored values
(keys, dates, yes/no, course numbers) turned into readable text."""
from __future__ import annotations

import json
import re
from datetime import date

from desktop.domain.evaluation import LEVEL_SHORT_LABELS, STATUS_LABELS
from desktop.domain.officers import EDUCATION_LABELS, POLITICAL_THEORY_LABELS, POST_TITLES_BY_KEY, SEX_LABELS
from desktop.domain.training import ATTENDANCE_LABELS, MODE_LABELS, RESULT_LABELS, TOPIC_LABELS
from desktop.domain.vietnamese import format_date, format_number
from desktop.i18n import N_, _

SHORT = 60  # characters shown of an old or new value (the tooltip has all of it)

ACTIONS = {
    "person.create": N_("Added a person"), "person.update": N_("Changed a person's details"),
    "person.delete": N_("Removed a person"), "post.create": N_("Gave a post"), "post.update": N_("Changed a post"),
    "post.end": N_("Ended a post"), "post.delete": N_("Deleted a post"),
    "evaluation.create": N_("Created an evaluation sheet"), "evaluation.update": N_("Changed an evaluation"),
    "evaluation.finalise": N_("Finalised an evaluation"), "evaluation.draft": N_("Returned an evaluation to draft"),
    "year.close": N_("Closed the year"), "year.reopen": N_("Reopened the year"),
    "criteria.create": N_("Set up the criteria"), "criteria.update": N_("Changed the criteria"),
    "course.create": N_("Added a course"), "course.update": N_("Changed a course"),
    "course.delete": N_("Removed a course"), "attendance.set": N_("Recorded course attendance"),
    "attendance.delete": N_("Removed from a course"), "import.apply": N_("Imported a file"),
    "report.export": N_("Exported the yearly report"), "union.update": N_("Changed the union's details"),
}
ACTIONS_OF_A_YEAR = {  # when the entry knows its year, the label says it
    "year.close": N_("Closed the year {year}"), "year.reopen": N_("Reopened the year {year}"),
    "criteria.create": N_("Set up the criteria of {year}"), "criteria.update": N_("Changed the criteria of {year}"),
}
ACTION_FAMILIES = {"import": N_("Import"), "report": N_("Report")}
FIELDS = {
    "full_name": N_("full name"), "birth_date": N_("date of birth"), "birth_year": N_("year of birth"),
    "sex": N_("sex"), "ethnicity": N_("ethnicity"), "religion": N_("religion"), "party_member": N_("Party member"),
    "party_join_date": N_("Party admission date"), "education": N_("professional qualification"),
    "political_theory": N_("political theory"), "it_level": N_("IT skills"),
    "foreign_language": N_("foreign language"), "job_title": N_("job title"), "department": N_("department"),
    "phone": N_("phone"), "email": N_("e-mail"), "member_code": N_("member code"), "notes": N_("notes"),
    "title_key": N_("post"), "term": N_("term"), "start_date": N_("from"), "end_date": N_("until"),
    "duties": N_("duties"), "full_time": N_("full-time"), "self_level": N_("level the officer proposed"),
    "final_level": N_("final level"), "strengths": N_("strengths"), "weaknesses": N_("weaknesses"),
    "remedies": N_("how to improve"), "next_year_duties": N_("duties for next year"),
    "override_reason": N_("reason for a different level"), "votes": N_("votes"), "status": N_("status"),
    "closed": N_("closed"), "title": N_("title"), "topic": N_("topic"), "organiser": N_("organiser"),
    "days": N_("days"), "hours": N_("hours"), "place": N_("place"), "mode": N_("form"), "audience": N_("audience"),
    "source": N_("source"), "result": N_("result"), "certificate_no": N_("certificate number"),
    "union_name": N_("union name"), "superior_name": N_("superior union"), "place_name": N_("place name"),
    "doc_suffix": N_("document suffix"), "chair_name": N_("chair"), "address": N_("address"),
    "kind": N_("kind"), "file": N_("file"), "added": N_("added"), "updated": N_("updated"),
    "number": N_("number"), "signed_by": N_("signed by"), "course_id": N_("course"),
}
CRITERION_FIELDS = {"self_points": N_("criterion {number}, self-assessed points"),
                    "committee_points": N_("criterion {number}, committee points"),
                    "final_points": N_("criterion {number}, final points")}
YES_NO_FIELDS = {"party_member", "full_time", "closed", "non_state"}
_LEVELS = {str(int(level)): label for level, label in LEVEL_SHORT_LABELS.items()}
KEYED_LABELS = {  # fields whose stored values are keys: shown by their label
    "title_key": {key: title.label for key, title in POST_TITLES_BY_KEY.items()},
    "sex": {sex.value: label for sex, label in SEX_LABELS.items()},
    "education": EDUCATION_LABELS, "political_theory": POLITICAL_THEORY_LABELS, "topic": TOPIC_LABELS,
    "mode": MODE_LABELS, "result": RESULT_LABELS, "self_level": _LEVELS, "final_level": _LEVELS,
    "status": {**STATUS_LABELS, **ATTENDANCE_LABELS},
}
HIDDEN_KEYS = {"id", "person_id", "course_id", "sha256", "name_folded"}  # course_id is shown as the title when known
_CRITERION = re.compile(r"^criterion_(\d+)\.(\w+)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def action_label(action: str, year: int | None = None) -> str:
    if year is not None and action in ACTIONS_OF_A_YEAR:
        return _(ACTIONS_OF_A_YEAR[action]).format(year=year)
    if action in ACTIONS:
        return _(ACTIONS[action])
    family = action.split(".", 1)[0]
    return _(ACTION_FAMILIES[family]) if family in ACTION_FAMILIES else action


def field_label(field: str) -> str:
    if match := _CRITERION.match(field or ""):
        template = CRITERION_FIELDS.get(match[2])
        return _(template).format(number=match[1]) if template else field
    return _(FIELDS[field]) if field in FIELDS else field


def value_text(field: str, raw, courses: dict[int, str] | None = None) -> str:
    """A stored value as a person reads it: dates dd/mm/yyyy, yes/no, labels instead of keys, numbers 12,5,
    course titles instead of course numbers."""
    if raw is None or raw == "":
        return ""
    text = raw if isinstance(raw, str) else _json(raw)
    if text.startswith(("{", "[")):
        try:
            structure = json.loads(text)
        except ValueError:
            return text
        if field == "votes" and isinstance(structure, dict):
            return "; ".join(f"{value_text('final_level', key)}: {count}" for key, count in structure.items())
        return _structure_text(structure, courses or {})
    if field in YES_NO_FIELDS or text in ("true", "false"):
        return _("yes") if text in ("1", "true", "True") else _("no")
    if text in KEYED_LABELS.get(field, {}):
        return _(KEYED_LABELS[field][text])
    if field == "course_id" and text.isdigit() and courses and int(text) in courses:
        return courses[int(text)]
    if _ISO_DATE.match(text):
        try:
            return format_date(date.fromisoformat(text))
        except ValueError:
            return text
    if _CRITERION.match(field or "") or field in ("days", "hours"):
        try:
            number = float(text)
            return format_number(number, 0 if number == int(number) else 1)
        except ValueError:
            return text
    return text


def _structure_text(value, courses: dict[int, str]) -> str:
    if isinstance(value, dict):
        parts = [f"{field_label(key)}: {value_text(key, item if isinstance(item, str) else _json(item), courses)}"
                 for key, item in value.items()
                 if item not in (None, "") and (key not in HIDDEN_KEYS or (key == "course_id" and item in courses))]
        return "; ".join(parts)
    if isinstance(value, list):
        return ", ".join(value_text("", item if isinstance(item, str) else _json(item), courses) for item in value)
    return str(value)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def shortened(text: str, limit: int = SHORT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def reason_text(reason: str) -> str:
    """Imports record "import:<id> <file>" as their reason: shown as the file the rows came from."""
    if reason.startswith("import:"):
        file_name = reason.split(" ", 1)[1] if " " in reason else reason
        return _("Imported from {file}").format(file=file_name)
    return reason
