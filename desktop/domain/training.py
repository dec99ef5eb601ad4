"""Courses (lớp đào tạo, bồi dưỡng, tập huấn) and who attended them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.errors import N_, ValidationError, ValidationErrors

TOPICS = ("union_work", "bargaining", "safety", "finance", "inspection", "women", "propaganda", "law",
          "democracy", "political_theory", "other")
TOPIC_LABELS = {
    "union_work": N_("Union work skills"),
    "bargaining": N_("Collective bargaining and agreements"),
    "safety": N_("Occupational safety and health"),
    "finance": N_("Union finance"),
    "inspection": N_("Inspection"),
    "women": N_("Women's affairs"),
    "propaganda": N_("Propaganda and education"),
    "law": N_("Law"),
    "democracy": N_("Workplace democracy"),
    "political_theory": N_("Political theory"),
    "other": N_("Other"),
}
MODES = ("in_person", "online")
MODE_LABELS = {"in_person": N_("In person"), "online": N_("Online")}
ATTENDANCE_STATUSES = ("sent", "present", "absent")
ATTENDANCE_LABELS = {"sent": N_("Sent"), "present": N_("Attended"), "absent": N_("Absent")}
RESULTS = ("excellent", "good", "pass", "fail")
# Course results (Giỏi / Khá / Đạt / Không đạt) are worded apart from the evaluation levels
# ("Excellent", "Good"), which translate differently.
RESULT_LABELS = {"excellent": N_("Distinction"), "good": N_("Merit"), "pass": N_("Pass"), "fail": N_("Fail")}


@dataclass(frozen=True)
class Course:
    title: str
    topic: str = "union_work"
    organiser: str = ""
    start_date: date | None = None
    end_date: date | None = None
    days: float | None = None
    hours: float | None = None
    place: str = ""
    mode: str = "in_person"
    audience: str = ""
    source: str = ""
    id: int | None = None

    @property
    def year(self) -> int | None:
        day = self.start_date or self.end_date
        return day.year if day else None


@dataclass(frozen=True)
class Attendance:
    course_id: int
    person_id: int
    status: str = "sent"
    result: str | None = None
    certificate_no: str = ""
    id: int | None = None

    @property
    def trained(self) -> bool:
        """Counts towards training targets: attended and not failed."""
        return self.status == "present" and self.result != "fail"


def validate_course(course: Course) -> None:
    errors: list[ValidationError] = []
    if not course.title.strip():
        errors.append(ValidationError(N_("Enter the course title."), field="title"))
    if course.topic not in TOPICS:
        errors.append(ValidationError(N_("Unknown course topic."), field="topic"))
    if course.mode not in MODES:
        errors.append(ValidationError(N_("Unknown course mode."), field="mode"))
    if course.start_date and course.end_date and course.end_date < course.start_date:
        errors.append(ValidationError(N_("The course cannot end before it starts."), field="end_date"))
    for name, value in (("days", course.days), ("hours", course.hours)):
        if value is not None and not (0 < value <= 400):
            errors.append(ValidationError(N_("The length of the course is not plausible."), field=name))
    if errors:
        raise ValidationErrors(errors)


def validate_attendance(attendance: Attendance) -> None:
    if attendance.status not in ATTENDANCE_STATUSES:
        raise ValidationError(N_("Unknown attendance status."), field="status")
    if attendance.result is not None and attendance.result not in RESULTS:
        raise ValidationError(N_("Unknown result."), field="result")
    if attendance.result and attendance.status != "present":
        raise ValidationError(N_("Only a person who attended can have a result."), field="result")
