"""A large generated book for the benchmarks: a footwear and garment company's union after ten years of use.

2,000 people, three terms of committees with mid-term changes, ten years of evaluations (the committees and the
union group leaders, 2016-2024 closed, 2025 under way), 500 courses and 20,000 attendance rows.

    .venv/bin/python benchmarks/large_book.py [--out benchmarks/out/large.socanbo] [--small] [--force]

Everything goes through the services layer: `desktop.services.bulk_generation` has the domain validate every
record and writes an audit row for each, and the criteria sets and year closings use the ordinary evaluation
service. The whole generation is ONE transaction, so it takes seconds. Deterministic: random.Random(9) and a
clock moved to fixed dates, so two runs write the same content.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from datetime import time as clock_time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.domain.evaluation import Evaluation, Level, Score, classify  # noqa: E402
from desktop.domain.officers import Person, PostHolding, Sex, Term  # noqa: E402
from desktop.domain.training import Attendance, Course  # noqa: E402
from desktop.domain.union import UnionProfile  # noqa: E402
from desktop.domain.vietnamese import fold  # noqa: E402
from desktop.services.book import create_book  # noqa: E402
from desktop.services.bulk_generation import BulkWriter  # noqa: E402
from desktop.services.demo import spread_points  # noqa: E402

VN = timezone(timedelta(hours=7))
TODAY = date(2025, 11, 20)  # the book describes the union as of this day
SEED = 9


@dataclass(frozen=True)
class Size:
    people: int = 2000
    years: int = 10
    courses: int = 500
    attendance: int = 20_000


LARGE = Size()
SMALL = Size(people=50, years=2, courses=10, attendance=150)

FAMILY = (("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 3), ("Huỳnh", 2.5), ("Phan", 4.5),
          ("Vũ", 2), ("Võ", 2.5), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1),
          ("Lý", 0.5), ("Đinh", 0.6), ("Trương", 0.8), ("Lâm", 0.5), ("Mai", 0.4), ("Đoàn", 0.5), ("Cao", 0.4),
          ("Lưu", 0.3), ("Châu", 0.3), ("Tạ", 0.3))
MIDDLE = {Sex.MALE: (("Văn", 40), ("Minh", 9), ("Đức", 7), ("Hữu", 6), ("Quốc", 6), ("Thanh", 5), ("Công", 5),
                     ("Đình", 5), ("Xuân", 4), ("Quang", 4), ("Tấn", 4), ("Ngọc", 3), ("Hoàng", 3), ("Trọng", 3),
                     ("Thành", 3), ("Duy", 3)),
          Sex.FEMALE: (("Thị", 48), ("Ngọc", 8), ("Thu", 6), ("Thanh", 6), ("Kim", 5), ("Mỹ", 4), ("Hồng", 4),
                       ("Thúy", 3), ("Phương", 3), ("Bích", 3), ("Minh", 3), ("Hoài", 2), ("Diễm", 2),
                       ("Quỳnh", 2))}
SECOND_MIDDLE = ("Thanh", "Ngọc", "Thu", "Kim", "Mỹ", "Hồng", "Bích", "Phương", "Minh", "Diệu", "Hoài", "Thùy")
GIVEN = {Sex.MALE: ("An Anh Bảo Bình Cường Chiến Công Danh Dũng Duy Dương Đạt Định Đông Đức Giang Hải Hào Hậu "
                    "Hiếu Hiệp Hòa Hoàng Hùng Huy Hưng Khang Khánh Khoa Kiên Lâm Linh Lộc Lợi Long Luân Mạnh Minh "
                    "Nam Nghĩa Nhân Phát Phong Phú Phúc Phước Quang Quân Sang Sơn Tài Tâm Tân Thắng Thành Thịnh "
                    "Thông Tiến Toàn Trí Trung Tuấn Tùng Việt Vinh Vũ").split(),
         Sex.FEMALE: ("An Anh Ánh Bích Châu Chi Diễm Dung Duyên Giang Hà Hạnh Hằng Hiền Hoa Hòa Hồng Huệ Hương "
                      "Hường Lan Liên Linh Loan Ly Mai My Nga Ngân Ngọc Nguyệt Nhung Nhi Oanh Phương Phượng "
                      "Quyên Quỳnh Sương Tâm Thảo Thắm Thanh Thơ Thu Thủy Thư Thương Trang Trinh Trâm Tuyết "
                      "Uyên Vân Vi Vy Xuân Yến").split()}
OLD_TONE_PLACEMENT = {"Hòa": "Hoà", "Thủy": "Thuỷ", "Thúy": "Thuý"}  # both spellings occur in real lists
# department, weight (share of the workforce), workshop (w) or office (o)
DEPARTMENTS = (("Xưởng May 1", 10, "w"), ("Xưởng May 2", 10, "w"), ("Xưởng May 3", 9, "w"), ("Xưởng May 4", 8, "w"),
               ("Xưởng Cắt", 7, "w"), ("Xưởng Gò", 9, "w"), ("Xưởng Đế", 6, "w"), ("Xưởng In - Thêu", 4, "w"),
               ("Xưởng Hoàn thiện", 6, "w"), ("Kho Nguyên phụ liệu", 3, "w"), ("Kho Thành phẩm", 3, "w"),
               ("Bộ phận Bảo vệ", 2, "w"), ("Nhà ăn", 2, "w"), ("Phòng Cơ điện", 3, "o"), ("Phòng Kỹ thuật", 3, "o"),
               ("Phòng QA", 3, "o"), ("Phòng Kế hoạch", 2, "o"), ("Phòng Nhân sự", 2, "o"),
               ("Phòng Kế toán", 1.5, "o"), ("Phòng Hành chính", 1.5, "o"), ("Phòng Xuất nhập khẩu", 1, "o"))
JOBS = {"w": (("Công nhân may", 30), ("Công nhân gò", 8), ("Công nhân hoàn thiện", 8), ("Công nhân cắt", 6),
              ("Nhân viên kiểm hàng", 5), ("Công nhân là", 4), ("Kỹ thuật chuyền", 4), ("Tổ trưởng sản xuất", 4),
              ("Nhân viên kho", 3)),
        "o": (("Nhân viên", 8), ("Chuyên viên", 5), ("Kỹ sư", 3), ("Kế toán viên", 2), ("Phó Trưởng phòng", 1),
              ("Trưởng phòng", 0.6))}
EDUCATION = {"w": (("none", 8), ("elementary", 30), ("intermediate", 40), ("college", 15), ("university", 7)),
             "o": (("intermediate", 10), ("college", 25), ("university", 55), ("master", 10))}
PHONE_PREFIXES = ("090", "091", "093", "094", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038",
                  "039", "070", "076", "077", "078", "079", "081", "083", "084", "085", "086", "088", "089", "056")
ETHNICITIES = (("Kinh", 88), ("Khmer", 3), ("Hoa", 3), ("Tày", 2), ("Mường", 1.5), ("Nùng", 1.5), ("Thái", 1))
RELIGIONS = (("", 72), ("Phật giáo", 16), ("Công giáo", 9), ("Cao Đài", 2), ("Tin Lành", 1))
BCH_DUTIES = ("Phụ trách tài chính", "Phụ trách nữ công", "Phụ trách tuyên giáo", "Phụ trách an toàn, vệ sinh lao động",
              "Phụ trách chính sách, pháp luật và thỏa ước lao động tập thể", "Phụ trách văn hóa, thể thao",
              "Phụ trách thi đua, khen thưởng", "Phụ trách đời sống, phúc lợi người lao động",
              "Phụ trách tổ chức, phát triển đoàn viên", "Phụ trách thực hiện quy chế dân chủ ở cơ sở")
COURSES = {
    "union_work": ("Tập huấn nghiệp vụ công tác công đoàn cơ sở", "Bồi dưỡng kỹ năng cho tổ trưởng công đoàn"),
    "bargaining": ("Tập huấn kỹ năng đối thoại, thương lượng tập thể",
                   "Bồi dưỡng kỹ năng giám sát thực hiện thỏa ước lao động tập thể"),
    "safety": ("Huấn luyện an toàn, vệ sinh lao động", "Tập huấn mạng lưới an toàn, vệ sinh viên"),
    "finance": ("Bồi dưỡng nghiệp vụ tài chính công đoàn",),
    "inspection": ("Tập huấn nghiệp vụ kiểm tra, giám sát của Ủy ban Kiểm tra công đoàn",),
    "women": ("Tập huấn công tác nữ công", "Phòng, chống quấy rối tình dục tại nơi làm việc"),
    "propaganda": ("Tập huấn công tác tuyên truyền, giáo dục", "Bồi dưỡng kỹ năng truyền thông trên mạng xã hội"),
    "law": ("Phổ biến Bộ luật Lao động và văn bản hướng dẫn", "Phổ biến pháp luật về bảo hiểm xã hội"),
    "democracy": ("Tập huấn thực hiện quy chế dân chủ ở cơ sở tại nơi làm việc",),
    "political_theory": ("Học tập, quán triệt Nghị quyết Đại hội Công đoàn", "Bồi dưỡng lý luận chính trị sơ cấp"),
    "other": ("Tập huấn sơ cấp cứu", "Tập huấn phòng cháy, chữa cháy và cứu nạn, cứu hộ"),
}
ORGANISERS = ("LĐLĐ Thành phố Hồ Chí Minh", "Công đoàn các Khu chế xuất và công nghiệp Thành phố Hồ Chí Minh",
              "Công đoàn Dệt may Việt Nam", "Công đoàn cơ sở", "Trung tâm Huấn luyện an toàn lao động")
PLACES = ("Hội trường Công ty", "Nhà văn hóa Lao động Thành phố", "Hội trường Công đoàn các KCX-KCN", "Trực tuyến")
AUDIENCES = ("Ủy viên BCH, UBKT", "Tổ trưởng, tổ phó công đoàn", "Cán bộ công đoàn cơ sở", "Đoàn viên công đoàn")
BANDS = {Level.EXCELLENT: (90, 97), Level.GOOD: (70.5, 89.5), Level.DONE: (50.5, 69.5), Level.NOT_DONE: (38, 49.5)}
STRENGTHS = ("Nhiệt tình, trách nhiệm; hoàn thành đúng tiến độ các nhiệm vụ được phân công.",
             "Gần gũi đoàn viên, nắm bắt kịp thời tâm tư, nguyện vọng của người lao động.",
             "Chủ động đề xuất giải pháp chăm lo đời sống, việc làm cho người lao động.",
             "Phối hợp tốt với các ủy viên BCH và tổ trưởng công đoàn khi triển khai hoạt động.")
WEAKNESSES = ("Có lúc chưa chủ động nắm bắt ý kiến của người lao động.", "Báo cáo đôi khi còn chậm so với yêu cầu.",
              "Kỹ năng thương lượng còn hạn chế.", "Chưa dành nhiều thời gian cho hoạt động công đoàn.")
REMEDIES = ("Tham gia đầy đủ các lớp tập huấn nghiệp vụ.", "Sắp xếp thời gian hợp lý giữa chuyên môn và công đoàn.",
            "Tăng cường đi cơ sở, đối thoại trực tiếp với đoàn viên.")


class Clock:
    """The time the audit rows get: moved forward to each event's date, never back."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def move(self, day: date, hour: int) -> None:
        self.now = max(self.now, datetime.combine(day, clock_time(hour), VN))


@dataclass
class Planned:
    person: Person
    joins: date  # the day the person is entered in the book
    department: str


@dataclass
class Post:
    person: int  # index into the planned people
    title_key: str
    term: Term
    start: date
    end: date | None
    duties: str
    full_time: bool = False

    def active_in_year(self, year: int) -> bool:
        return self.start <= date(year, 12, 31) and (self.end is None or self.end >= date(year, 1, 1))

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


@dataclass
class Plan:
    years: list[int]
    people: list[Planned] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)


def _pick(rng: random.Random, weighted):
    return rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


def _name(rng: random.Random, sex: Sex) -> str:
    parts = [_pick(rng, FAMILY), _pick(rng, MIDDLE[sex])]
    given = rng.choice(GIVEN[sex])
    if sex is Sex.FEMALE and parts[1] == "Thị" and rng.random() < 0.25:
        parts.append(rng.choice([m for m in SECOND_MIDDLE if m != given]))
    if given in OLD_TONE_PLACEMENT and rng.random() < 0.3:
        given = OLD_TONE_PLACEMENT[given]
    return " ".join([*parts, given])


def _person(rng: random.Random, number: int, joins: date) -> Planned:
    sex = Sex.FEMALE if rng.random() < 0.62 else Sex.MALE
    name = _name(rng, sex)
    department, _weight, kind = rng.choices(DEPARTMENTS, [d[1] for d in DEPARTMENTS])[0]
    oldest = 55 if joins.year <= 2016 else 45
    born_year = joins.year - rng.randint(18, oldest)
    born = date(born_year, rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.7 else None
    party = (kind == "o" and rng.random() < 0.3) or rng.random() < 0.07
    party_day = None
    if party and born_year + 19 < joins.year:
        party_day = date(rng.randint(born_year + 19, joins.year - 1), rng.randint(1, 12), rng.randint(1, 28))
    education = _pick(rng, EDUCATION[kind])
    phone = ""
    if rng.random() < 0.85:
        digits = f"{rng.choice(PHONE_PREFIXES)}{rng.randrange(10**7):07d}"
        phone = f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    words = fold(name).split()
    email = (f"{words[-1]}.{''.join(w[0] for w in words[:-1])}{number % 100}@giaydaphulam.vn"
             if kind == "o" and rng.random() < 0.7 else "")
    person = Person(name, birth_date=born, birth_year=None if born else born_year, sex=sex,
                    ethnicity=_pick(rng, ETHNICITIES), religion=_pick(rng, RELIGIONS), party_member=party,
                    party_join_date=party_day, education=education,
                    political_theory=rng.choice(("elementary", "intermediate")) if party else None,
                    it_level="Cơ bản" if education in ("college", "university", "master") else "",
                    foreign_language="Tiếng Anh B1" if kind == "o" and rng.random() < 0.4 else "",
                    job_title=_pick(rng, JOBS[kind]), department=department, phone=phone, email=email,
                    member_code=f"DV{number:05d}")
    return Planned(person, joins, department)


def _slots(people: int) -> list[tuple[str, str]]:
    """The posts of one term for a union of `people` officers and members: (title key, duties)."""
    departments = [d[0] for d in DEPARTMENTS]
    slots = [("chair", "Phụ trách chung; trực tiếp chỉ đạo đối thoại, thương lượng tập thể")]
    slots += [("vice_chair", "Thường trực công đoàn")] * (1 + (people >= 500))
    slots += [("standing_member", "Ủy viên Ban Thường vụ")] * round(people / 500)
    slots += [("committee_member", BCH_DUTIES[i % len(BCH_DUTIES)]) for i in range(max(3, round(people / 100)))]
    slots += [("inspection_chair", "Chủ trì kiểm tra, giám sát; kiểm tra tài chính công đoàn")]
    slots += [("inspection_vice_chair", "Kiểm tra việc thu, chi tài chính công đoàn")] * (people >= 300)
    slots += [("inspection_member", "Giám sát thực hiện thỏa ước lao động tập thể")] * max(2, round(people / 400))
    slots += [("section_chair", f"Công đoàn bộ phận {departments[i % len(departments)]}")
              for i in range(round(people / 100))]
    slots += [("group_leader", f"Tổ công đoàn {departments[i % len(departments)]}")
              for i in range(max(3, round(people / 25)))]
    slots += [("group_deputy", f"Tổ công đoàn {departments[i % len(departments)]}") for i in range(round(people / 50))]
    slots += [("women_head", "Trưởng ban nữ công quần chúng")]
    return slots


def plan_book(size: Size, rng: random.Random) -> Plan:
    last = TODAY.year
    plan = Plan(years=list(range(last - size.years + 1, last + 1)))
    first = plan.years[0]
    start = date(first, 1, 5)
    first_batch = size.people if size.years == 1 else round(size.people * 0.6)
    later_years = plan.years[1:] or [first]
    for number in range(size.people):
        year = first if number < first_batch else later_years[(number - first_batch) * len(later_years)
                                                              // max(1, size.people - first_batch)]
        plan.people.append(_person(rng, number + 1, date(year, 1, 5)))
    term_start = first - (first - 2023) % 5  # congresses every five years, the latest in 2023
    plan.terms = [Term(y, y + 5) for y in range(term_start, last + 1, 5)]
    congress = {t.start_year: date(t.start_year, 5, rng.randint(10, 25)) for t in plan.terms}
    holders: dict[int, int] = {}  # slot -> the person holding it when the previous term ended
    left: set[int] = set()  # people who left the company mid-term do not come back
    for term in plan.terms:
        begins = congress[term.start_year]
        next_congress = congress.get(term.end_year)
        term_ends = next_congress - timedelta(days=1) if next_congress else None
        busy: set[int] = set()

        def available(day: date, department: str | None = None) -> int:
            entered = max(day, start)
            free = [i for i, p in enumerate(plan.people) if p.joins <= entered and i not in busy and i not in left]
            pool = [i for i in free if department is None or plan.people[i].department == department] or free
            return rng.choice(pool)

        committee: list[int] = []
        for slot, (title_key, duties) in enumerate(_slots(size.people)):
            department = next((duties[len(prefix):] for prefix in ("Tổ công đoàn ", "Công đoàn bộ phận ")
                               if duties.startswith(prefix)), None)
            if title_key == "inspection_chair" and committee:
                person = rng.choice(committee)  # the inspection chair sits on the executive committee
            elif slot in holders and holders[slot] not in busy and rng.random() < 0.65:
                person = holders[slot]
            else:
                person = available(begins, department)
            busy.add(person)
            if title_key == "committee_member":
                committee.append(person)
            since = begins
            while True:  # a post changes hands when its holder leaves (about one in twenty-five a year)
                leaves = None
                for year in range(since.year, min(term.end_year, TODAY.year) + 1):
                    day = date(year, rng.randint(2, 11), rng.randint(1, 28))
                    if rng.random() < 0.04 and since < day < TODAY and (term_ends is None or day < term_ends):
                        leaves = day
                        break
                plan.posts.append(Post(person, title_key, term, since, leaves or term_ends, duties,
                                       full_time=title_key == "vice_chair" and duties == "Thường trực công đoàn"
                                       and not any(p.full_time and p.term == term for p in plan.posts)))
                if leaves is None:
                    break
                left.add(person)
                since = leaves + timedelta(days=1)
                person = available(since, department)
                busy.add(person)
            holders[slot] = person
    return plan


def _evaluation(rng: random.Random, person_id: int, year: int, criteria_set, state: str, duties: str):
    if state == "new":
        return Evaluation(person_id, year)
    level = _pick(rng, ((Level.EXCELLENT, 12), (Level.GOOD, 66), (Level.DONE, 19), (Level.NOT_DONE, 3)))
    maxima = [c.max_points for c in criteria_set.criteria]
    low, high = BANDS[level]
    final = spread_points(rng, rng.randint(int(low * 2), int(high * 2)) / 2, maxima)
    committee = [min(m, max(0.0, p + rng.choice((-0.5, 0, 0, 0.5)))) for p, m in zip(final, maxima)]
    own = [min(m, max(0.0, p + rng.choice((0, 0.5, 0.5, 1)))) for p, m in zip(committee, maxima)]
    scores = tuple(Score(n, s, c, f if state == "final" else None)
                   for n, s, c, f in zip(range(1, len(maxima) + 1), own, committee, final))
    final_level, reason = None, ""
    if state == "final" and rng.random() < 0.01:
        final_level = Level(int(level) + 1) if level != Level.NOT_DONE else Level.DONE
        reason = "Tập thể Ban Chấp hành thống nhất điều chỉnh mức xếp loại do thời gian tham gia hoạt động trong năm."
    votes = {}
    if state == "final" and rng.random() < 0.6:
        present = rng.randint(18, 27)
        majority = rng.randint(present - 4, present)
        votes = {int(final_level or level): majority}
        if majority < present:
            votes[int(level) + 1 if level != Level.NOT_DONE else int(level) - 1] = present - majority
    return Evaluation(person_id, year, scores, self_level=classify(sum(own), criteria_set.thresholds), votes=votes,
                      strengths=rng.choice(STRENGTHS), weaknesses=rng.choice(WEAKNESSES),
                      remedies=rng.choice(REMEDIES) if state == "final" else "",
                      next_year_duties=f"Tiếp tục {duties[0].lower()}{duties[1:]}." if state == "final" else "",
                      final_level=final_level, override_reason=reason, finalised=state == "final")


class _Writer:
    def __init__(self, services, clock: Clock, plan: Plan, size: Size, rng: random.Random) -> None:
        self.s, self.clock, self.plan, self.size, self.rng = services, clock, plan, size, rng
        self.bulk = BulkWriter(services, clock)
        self.ids: list[int | None] = [None] * len(plan.people)

    def events(self) -> list[tuple[datetime, int, str, object]]:
        found = []
        start = date(self.plan.years[0], 1, 5)
        for day in sorted({p.joins for p in self.plan.people}):
            found.append((datetime.combine(day, clock_time(8), VN), 0, "people", day))
        for day in sorted({max(p.start, start) for p in self.plan.posts}):
            found.append((datetime.combine(day, clock_time(9), VN), 1, "posts", day))
        for year in self.plan.years:
            last = year == TODAY.year
            found.append((datetime.combine(TODAY - timedelta(days=2) if last else date(year, 12, 5),
                                           clock_time(14), VN), 2, "courses", year))
            found.append((datetime.combine(TODAY if last else date(year, 12, 15), clock_time(8), VN), 3,
                          "evaluations", year))
            if not last:
                found.append((datetime.combine(date(year + 1, 1, 8), clock_time(10), VN), 4, "close", year))
        return sorted(found, key=lambda e: (e[0], e[1]))

    def write(self) -> None:
        per_year = self._course_counts()
        sizes = self._attendance_sizes(sum(per_year.values()))
        start = date(self.plan.years[0], 1, 5)
        for moment, _order, kind, value in self.events():
            self.clock.move(moment.date(), moment.hour)
            if kind == "people":
                chosen = [i for i, p in enumerate(self.plan.people) if p.joins == value]
                for i, new_id in zip(chosen, self.bulk.add_people([self.plan.people[i].person for i in chosen])):
                    self.ids[i] = new_id
            elif kind == "posts":
                self.bulk.add_posts([PostHolding(self.ids[p.person], p.title_key, p.term, p.start, p.end, p.duties,
                                                 p.full_time) for p in self.plan.posts if max(p.start, start) == value])
            elif kind == "courses":
                self._courses(value, per_year[value], sizes)
            elif kind == "evaluations":
                self._evaluations(value)
            else:
                self.s.evaluations.close_year(value)

    def _course_counts(self) -> dict[int, int]:
        years = self.plan.years
        return {y: self.size.courses // len(years) + (i >= len(years) - self.size.courses % len(years))
                for i, y in enumerate(years)}

    def _attendance_sizes(self, courses: int) -> list[int]:
        raw = [self.rng.randint(10, 70) for _ in range(courses)]
        sizes = [r * self.size.attendance // sum(raw) for r in raw]
        for i in range(self.size.attendance - sum(sizes)):
            sizes[i % courses] += 1
        return sizes

    def _courses(self, year: int, count: int, sizes: list[int]) -> None:
        rng, last = self.rng, year == TODAY.year
        first_day, last_day = date(year, 1, 10), (TODAY - timedelta(days=3) if last else date(year, 11, 30))
        days = sorted(first_day + timedelta(days=rng.randrange((last_day - first_day).days)) for _ in range(count))
        courses = []
        for number, day in enumerate(days, start=1):
            topic = rng.choice(list(COURSES))
            length = rng.choice((1, 1, 1, 2, 2, 3, 5))
            place = rng.choice(PLACES)
            courses.append(Course(f"{rng.choice(COURSES[topic])} năm {year} (lớp {number})", topic,
                                  rng.choice(ORGANISERS), day, day + timedelta(days=length - 1), length, length * 8,
                                  place, "online" if place == "Trực tuyến" else "in_person", rng.choice(AUDIENCES)))
        course_ids = self.bulk.add_courses(courses)
        records, years = [], {}
        for course_id, course in zip(course_ids, courses):
            years[course_id] = year
            want = sizes.pop()
            entered = [i for i, p in enumerate(self.plan.people) if p.joins <= course.start_date]
            officers = sorted({p.person for p in self.plan.posts if p.active_on(course.start_date)} & set(entered))
            others = sorted(set(entered) - set(officers))
            from_officers = min(len(officers), round(want * 0.4), want)
            chosen = rng.sample(officers, from_officers) + rng.sample(others, min(len(others), want - from_officers))
            recent = course.start_date > TODAY - timedelta(days=20)
            certificate = rng.random() < 0.5
            for place, i in enumerate(sorted(chosen), start=1):
                status = "sent" if recent else _pick(rng, (("present", 90), ("absent", 6), ("sent", 4)))
                result = None
                if status == "present" and course.mode == "in_person":
                    result = _pick(rng, (("excellent", 20), ("good", 45), ("pass", 32), ("fail", 3)))
                number = f"{course_id:03d}{place:03d}/{year}/GCN" if certificate and result not in (None, "fail") else ""
                records.append(Attendance(course_id, self.ids[i], status, result, number))
        self.bulk.add_attendance(records, years)

    def _evaluations(self, year: int) -> None:
        criteria_set = self.s.evaluations.criteria_set(year)
        duties: dict[int, str] = {}
        for post in self.plan.posts:
            if post.active_in_year(year):
                duties.setdefault(post.person, post.duties)
        evaluations = []
        for i in sorted(duties):
            state = "final" if year < TODAY.year else _pick(self.rng, (("final", 70), ("draft", 20), ("new", 10)))
            evaluations.append(_evaluation(self.rng, self.ids[i], year, criteria_set, state, duties[i]))
        self.bulk.add_evaluations(evaluations, criteria_set)


def generate(path: Path, size: Size = LARGE, seed: int = SEED) -> dict[str, int]:
    """Write the book at `path` (refused if it exists); returns the rows per table."""
    rng = random.Random(seed)
    plan = plan_book(size, rng)
    current = plan.terms[-1]
    chair = next(p for p in plan.posts if p.term == current and p.title_key == "chair" and p.end is None)
    profile = UnionProfile(union_name="Công đoàn cơ sở Công ty TNHH Giày da Phú Lâm",
                           superior_name="Công đoàn các Khu chế xuất và công nghiệp Thành phố Hồ Chí Minh",
                           place_name="Phường Bình Hưng Hòa", term=current, chair_name=plan.people[chair.person].person.full_name,
                           address="Lô C5, Khu công nghiệp Tân Tạo, Phường Bình Hưng Hòa, Thành phố Hồ Chí Minh")
    clock = Clock(datetime.combine(date(plan.years[0], 1, 4), clock_time(8), VN))
    services = create_book(Path(path), profile, clock=clock)
    done = False
    try:
        with services.book.transaction():
            writer = _Writer(services, clock, plan, size, rng)
            writer.write()
            counts = writer.bulk.counts()
        done = True
    finally:
        services.close()
        if not done:
            Path(path).unlink(missing_ok=True)
    return counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "large.socanbo")
    parser.add_argument("--small", action="store_true", help="50 people, 2 years, 10 courses (for tests)")
    parser.add_argument("--force", action="store_true", help="replace the file if it exists")
    args = parser.parse_args(argv)
    if args.force:
        args.out.unlink(missing_ok=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    counts = generate(args.out, SMALL if args.small else LARGE)
    elapsed = time.perf_counter() - started
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) in {elapsed:.1f} s")
    print("  ".join(f"{table}: {count}" for table, count in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
