"""The demo book's content: the union, its people and posts over two terms, the evaluation plan of three
years, the remarks, and the courses. Plain data; `desktop.services.demo` writes it through the services."""
from __future__ import annotations

from datetime import date, timedelta, timezone

from desktop.domain.evaluation import Level
from desktop.domain.officers import Term
from desktop.domain.union import UnionProfile

VN = timezone(timedelta(hours=7))
DEMO_TODAY = date(2025, 11, 20)  # the data describes the union as of this day; `today` may only be later
PREVIOUS, CURRENT = Term(2018, 2023), Term(2023, 2028)
PREVIOUS_CONGRESS, PREVIOUS_END, CONGRESS = date(2018, 6, 12), date(2023, 5, 14), date(2023, 5, 15)
KCN = "Công đoàn Khu công nghiệp Tân Bình"
CITY = "LĐLĐ Thành phố Hồ Chí Minh"
COMPANY = "Công ty TNHH May mặc Sông Hồng"

PROFILE = UnionProfile(
    union_name="Công đoàn cơ sở Công ty TNHH May mặc Sông Hồng", superior_name=KCN,
    place_name="Phường Tây Thạnh", term=CURRENT, doc_suffix="CĐCS", chair_name="Nguyễn Minh Tuấn",
    non_state=True, address="Lô 12, đường số 6, Khu công nghiệp Tân Bình, Phường Tây Thạnh, TP. Hồ Chí Minh")

# key, full name, sex, birth date (or year only), Party admission, education, political theory, job title,
# department, phone, e-mail, notes. 27 people, 11 women.
PEOPLE = (
    ("tuan", "Nguyễn Minh Tuấn", "M", date(1979, 3, 12), date(2006, 2, 3), "university", "intermediate",
     "Phó Trưởng phòng Nhân sự", "Phòng Nhân sự", "0903 456 712", "tuan.nm@maysonghong.vn", ""),
    ("thuy", "Trần Thị Thanh Thuỷ", "F", date(1984, 8, 25), date(2010, 5, 19), "university", "intermediate",
     "Cán bộ công đoàn chuyên trách", "Văn phòng Công đoàn", "0918 224 365", "thuy.ttt@maysonghong.vn", ""),
    ("hoa", "Lê Thị Hoà", "F", date(1987, 7, 21), None, "college", None,
     "Kế toán viên", "Phòng Kế toán", "0937 115 208", "hoa.lt@maysonghong.vn", ""),
    ("linh", "Phạm Thị Mỹ Linh", "F", 1990, None, "intermediate", None,
     "Tổ trưởng sản xuất", "Xưởng May 1", "0376 482 915", "", ""),
    ("nam", "Hoàng Văn Nam", "M", date(1992, 11, 5), date(2019, 12, 22), "university", "elementary",
     "Nhân viên truyền thông nội bộ", "Phòng Nhân sự", "0985 307 641", "nam.hv@maysonghong.vn", ""),
    ("phat", "Huỳnh Tấn Phát", "M", 1981, None, "college", None,
     "Kỹ thuật viên bảo trì", "Phòng Cơ điện", "0909 618 247", "", ""),
    ("bao", "Đặng Quốc Bảo", "M", date(1983, 1, 30), date(2012, 9, 2), "university", "elementary",
     "Trưởng nhóm kiểm soát chất lượng", "Phòng QA", "0912 733 580", "bao.dq@maysonghong.vn", ""),
    ("oanh", "Vũ Thị Kim Oanh", "F", date(1986, 4, 14), None, "university", None,
     "Chuyên viên quan hệ lao động", "Phòng Nhân sự", "0868 219 473", "oanh.vtk@maysonghong.vn", ""),
    ("toan", "Bùi Văn Toàn", "M", date(1988, 9, 9), None, "intermediate", None, "Tổ trưởng tổ Cắt 1",
     "Xưởng Cắt", "0357 640 128", "", "Chuyển công tác sang công ty khác từ ngày 01/7/2024."),
    ("loi", "Dương Văn Lợi", "M", 1985, None, "college", None,
     "Phó Quản đốc", "Xưởng May 2", "0971 582 336", "", ""),
    ("tram", "Võ Thị Ngọc Trâm", "F", date(1989, 12, 2), date(2016, 6, 15), "university", "elementary",
     "Nhân viên kế hoạch sản xuất", "Phòng Kế hoạch", "0794 361 820", "tram.vtn@maysonghong.vn", ""),
    ("ngoc", "Ngô Thị Bích Ngọc", "F", date(1995, 2, 17), None, "college", None,
     "Tổ trưởng tổ Cắt 2", "Xưởng Cắt", "0332 915 476", "", ""),
    ("lan", "Đỗ Thị Lan", "F", date(1982, 10, 8), date(2009, 3, 26), "university", "elementary",
     "Kế toán tổng hợp", "Phòng Kế toán", "0903 871 054", "lan.dt@maysonghong.vn", ""),
    ("khang", "Hồ Minh Khang", "M", date(1991, 6, 27), None, "intermediate", None,
     "Thủ kho", "Kho nguyên phụ liệu", "0988 140 692", "", ""),
    ("hong", "Lý Thị Hồng", "F", 1976, None, "none", None,
     "Công nhân may", "Xưởng May 1", "0345 278 901", "", "Nghỉ việc từ tháng 10/2024."),
    ("loc", "Phan Văn Lộc", "M", 1987, None, "elementary", None, "Công nhân may", "Xưởng May 2", "", "", ""),
    ("dung", "Trần Văn Dũng", "M", date(1990, 3, 3), None, "intermediate", None,
     "Công nhân cắt", "Xưởng Cắt", "0967 452 318", "", ""),
    ("hoa2", "Nguyễn Văn Hòa", "M", date(1993, 8, 19), None, "college", None,
     "Thợ điện", "Phòng Cơ điện", "0356 709 214", "", ""),
    ("chi", "Lê Thị Kim Chi", "F", 1994, None, "intermediate", None,
     "Công nhân hoàn thiện", "Xưởng Hoàn thiện", "", "", ""),
    ("khanh", "Phạm Văn Khánh", "M", 1985, None, "elementary", None,
     "Nhân viên kho", "Kho thành phẩm", "0933 506 817", "", ""),
    ("manh", "Huỳnh Văn Mạnh", "M", date(1996, 5, 1), None, "college", None,
     "Nhân viên kiểm hàng", "Phòng QA", "0826 394 150", "", ""),
    ("hai", "Đỗ Văn Hải", "M", 1989, None, "elementary", None, "Công nhân là", "Xưởng Hoàn thiện", "", "", ""),
    ("tam", "Hồ Thanh Tâm", "M", 1997, None, "intermediate", None,
     "Công nhân may", "Xưởng May 2", "0398 472 163", "", ""),
    ("thanh", "Ngô Văn Thành", "M", date(1964, 2, 20), date(1990, 1, 8), "university", "intermediate",
     "Trưởng phòng Hành chính", "Phòng Hành chính", "0913 825 406", "", "Nghỉ hưu từ tháng 6/2023."),
    ("trang", "Dương Thị Thu Trang", "F", date(1975, 11, 30), None, "college", None,
     "Kế toán thanh toán", "Phòng Kế toán", "0908 317 662", "", "Nghỉ việc từ tháng 7/2023."),
    ("khoi", "Vũ Đình Khôi", "M", 1978, date(2004, 11, 7), "university", "elementary", "Trưởng ca sản xuất",
     "Xưởng May 2", "0919 064 583", "", "Điều động sang chi nhánh Long An từ tháng 3/2023."),
    ("diem", "Nguyễn Thị Diễm", "F", date(1992, 7, 7), None, "intermediate", None,
     "Công nhân may", "Xưởng May 1", "0387 621 045", "", ""),
)
LATE_JOINERS = {"ngoc": date(2024, 7, 2), "diem": date(2024, 10, 2)}  # entered when they took a post

# key, post, duties. The 2018–2023 committee is history, ended the day before the congress; in the
# 2023–2028 term only the vice chair is full-time (chuyên trách), as in most enterprises.
PREVIOUS_POSTS = (
    ("thanh", "chair", "Phụ trách chung"), ("tuan", "vice_chair", "Phụ trách đối thoại, thương lượng tập thể"),
    ("thuy", "committee_member", "Phụ trách nữ công"), ("hoa", "committee_member", "Phụ trách tài chính"),
    ("phat", "committee_member", "Phụ trách an toàn, vệ sinh lao động"),
    ("bao", "committee_member", "Phụ trách công tác kiểm tra"),
    ("trang", "committee_member", "Phụ trách văn hóa, thể thao"), ("khoi", "committee_member", "Phụ trách tuyên giáo"),
)
FULL_TIME = {("thuy", "vice_chair")}
CURRENT_POSTS = (
    ("tuan", "chair", "Phụ trách chung; trực tiếp chỉ đạo đối thoại, thương lượng tập thể"),
    ("thuy", "vice_chair", "Thường trực công đoàn; phụ trách tổ chức, phát triển đoàn viên"),
    ("hoa", "committee_member", "Phụ trách tài chính"), ("linh", "committee_member", "Phụ trách nữ công"),
    ("nam", "committee_member", "Phụ trách tuyên giáo"),
    ("phat", "committee_member", "Phụ trách an toàn, vệ sinh lao động"),
    ("bao", "committee_member", "Chủ nhiệm UBKT; phụ trách công tác kiểm tra"),
    ("oanh", "committee_member", "Phụ trách chính sách, pháp luật và thỏa ước lao động tập thể"),
    ("toan", "committee_member", "Phụ trách văn hóa, thể thao"),
    ("loi", "committee_member", "Phụ trách thi đua, khen thưởng"),
    ("tram", "committee_member", "Phụ trách đời sống, phúc lợi người lao động"),
    ("bao", "inspection_chair", "Chủ trì kiểm tra, giám sát; kiểm tra tài chính công đoàn"),
    ("lan", "inspection_vice_chair", "Kiểm tra việc thu, chi tài chính công đoàn"),
    ("khang", "inspection_member", "Giám sát việc thực hiện thỏa ước lao động tập thể"),
    ("hong", "group_leader", "Tổ công đoàn Xưởng May 1"), ("loc", "group_leader", "Tổ công đoàn Xưởng May 2"),
    ("dung", "group_leader", "Tổ công đoàn Xưởng Cắt"), ("hoa2", "group_leader", "Tổ công đoàn Phòng Cơ điện"),
    ("chi", "group_leader", "Tổ công đoàn Xưởng Hoàn thiện"), ("khanh", "group_leader", "Tổ công đoàn Kho vận"),
    ("manh", "group_leader", "Tổ công đoàn Phòng QA"), ("hai", "group_deputy", "Tổ công đoàn Xưởng Hoàn thiện"),
    ("tam", "group_deputy", "Tổ công đoàn Xưởng May 2"), ("linh", "women_head", "Trưởng ban nữ công quần chúng"),
)

# Final levels per year; points are drawn to fit them. 2023: 2 excellent of 11 good (within the 20% cap);
# 2024: 3 excellent of 9 good (over it), so the cap warning has one case of each.
E, G, D = Level.EXCELLENT, Level.GOOD, Level.DONE
PLAN = {
    2023: dict(tuan=E, thuy=E, hoa=G, linh=G, nam=G, phat=G, bao=G, oanh=G, toan=G, loi=D, tram=G, lan=G,
               khang=G, thanh=G, trang=D, khoi=G),
    2024: dict(tuan=E, thuy=E, bao=E, hoa=G, linh=G, nam=G, phat=G, oanh=G, tram=G, lan=G, khang=G, ngoc=G,
               toan=D, loi=D),
    2025: dict(thuy=G, tuan=G, hoa=G, bao=G, lan=G, linh=G, nam=G, phat=G, oanh=G),
}
# A conclusion that differs from the points (the reason is required and kept).
OVERRIDES = {(2023, "khoi"): (D, "Từ tháng 3/2023 được điều động sang chi nhánh Long An, không tham gia đầy đủ "
                                 "hoạt động của Ban Chấp hành; tập thể BCH thống nhất xếp loại Hoàn thành nhiệm vụ.")}
LEAVERS = {2023: {"thanh", "trang", "khoi"}, 2024: {"toan"}}
# 2025 is under way: these are drafts (which columns are filled so far); the rest of PLAN[2025] is final
# and the people not in PLAN[2025] are not started.
DRAFTS_2025 = {"linh": "committee", "phat": "committee", "nam": "self", "oanh": "partial"}
BANDS = {E: (90, 96), G: (71, 88.5), D: (55, 68.5)}

STRENGTHS = {
    E: ("Gương mẫu, bản lĩnh, dám nghĩ dám làm; chủ động đề xuất nhiều giải pháp chăm lo cho người lao động.",
        "Nắm chắc pháp luật lao động, giải quyết kịp thời kiến nghị của đoàn viên, được người lao động tín nhiệm."),
    G: ("Nhiệt tình, trách nhiệm; hoàn thành đúng tiến độ các nhiệm vụ được phân công.",
        "Gần gũi đoàn viên, nắm bắt kịp thời tâm tư, nguyện vọng của người lao động trong bộ phận.",
        "Phối hợp tốt với các ủy viên BCH và tổ trưởng công đoàn khi triển khai hoạt động."),
    D: ("Có tinh thần trách nhiệm, chấp hành sự phân công của Ban Chấp hành.",
        "Tham gia các hoạt động phong trào do công đoàn tổ chức."),
}
DUTY_STRENGTHS = (
    ("tài chính", "Quản lý thu, chi tài chính công đoàn đúng quy định; lập dự toán, quyết toán kịp thời, công khai."),
    ("nữ công", "Tổ chức tốt các hoạt động nhân ngày 8/3 và 20/10; quan tâm lao động nữ mang thai, nuôi con nhỏ."),
    ("tuyên giáo", "Duy trì bản tin và nhóm Zalo công đoàn; đưa kịp thời chính sách mới đến đoàn viên."),
    ("an toàn", "Tham gia kiểm tra an toàn, vệ sinh lao động tại các xưởng; kiến nghị khắc phục nhiều nguy cơ."),
    ("kiểm tra", "Thực hiện đúng kế hoạch kiểm tra, giám sát; kiểm tra tài chính công đoàn đúng quy trình."),
    ("pháp luật", "Tư vấn pháp luật lao động cho đoàn viên; tham gia rà soát thỏa ước lao động tập thể."),
    ("thương lượng", "Chủ trì đối thoại định kỳ với người sử dụng lao động; thương lượng tăng tiền ăn ca thành công."),
    ("tổ chức", "Làm tốt công tác phát triển đoàn viên và quản lý đoàn viên trên phần mềm."),
    ("văn hóa", "Tổ chức hội thao, giải bóng đá công nhân thu hút đông đảo người lao động tham gia."),
    ("thi đua", "Theo dõi, tổng hợp thi đua, khen thưởng chính xác, kịp thời."),
    ("đời sống", "Đề xuất nâng chất lượng bữa ăn ca; thăm hỏi kịp thời đoàn viên ốm đau, khó khăn."),
)
WEAKNESSES = {
    E: ("Có lúc ôm việc, chưa giao việc hợp lý cho các ủy viên.",
        "Thời gian dành cho công tác công đoàn còn hạn chế do kiêm nhiệm công việc chuyên môn."),
    G: ("Kỹ năng thuyết trình, vận động đoàn viên còn hạn chế.", "Một số báo cáo còn chậm so với thời hạn.",
        "Chưa chủ động đề xuất nội dung mới trong lĩnh vực được phân công.",
        "Ứng dụng công nghệ thông tin trong công tác công đoàn còn hạn chế."),
    D: ("Tham gia sinh hoạt Ban Chấp hành chưa đầy đủ; một số việc được giao chưa hoàn thành đúng hạn.",
        "Chưa nắm vững quy định mới của pháp luật lao động và Điều lệ Công đoàn Việt Nam."),
}
REMEDIES = {
    E: ("Tăng cường phân công, đôn đốc; quan tâm bồi dưỡng cán bộ kế cận.",),
    G: ("Tham gia đầy đủ các lớp tập huấn của công đoàn cấp trên; xây dựng kế hoạch công tác hằng quý.",
        "Sắp xếp thời gian hợp lý giữa công việc chuyên môn và công tác công đoàn."),
    D: ("Bố trí thời gian dự đầy đủ các cuộc họp BCH; tự học, cập nhật quy định mới; báo cáo tiến độ hằng tháng.",),
}

# title, topic, organiser, first day, days (or None), hours (or None), place (ONLINE: an online course),
# audience, certificate suffix, attendees. Attendee marks: "-" absent, "?" sent (course to come), "!" failed.
HALL, NVHLD, ONLINE = "Hội trường Công đoàn KCN Tân Bình", "Nhà Văn hóa Lao động TP. Hồ Chí Minh", "Trực tuyến"
FACTORY, SAFETY_STAFF = "Hội trường Công ty", "An toàn, vệ sinh viên; cán bộ công đoàn"
BCH_UBKT, UBKT, WOMEN = "Ủy viên BCH, UBKT công đoàn cơ sở", "Ủy viên UBKT công đoàn cơ sở", "Cán bộ nữ công"
POLICY = "Chủ tịch, ủy viên BCH phụ trách chính sách"
COURSES = (
    ("Bồi dưỡng nghiệp vụ công tác công đoàn cho cán bộ công đoàn cơ sở nhiệm kỳ 2023–2028", "union_work", KCN,
     date(2023, 6, 20), 2, None, HALL, BCH_UBKT, "", "tuan thuy hoa linh nam phat bao oanh toan loi tram lan khang"),
    ("Kỹ năng đối thoại và thương lượng tập thể tại doanh nghiệp", "bargaining", CITY, date(2023, 8, 10), 2, None,
     NVHLD, "Chủ tịch, Phó Chủ tịch CĐCS doanh nghiệp ngoài nhà nước", "GCN-LĐLĐ", "tuan thuy oanh"),
    ("Huấn luyện an toàn, vệ sinh lao động năm 2023 cho an toàn, vệ sinh viên", "safety", COMPANY,
     date(2023, 9, 14), 2, None, FACTORY, SAFETY_STAFF, "GCN-ATVSLĐ", "tuan phat loc dung hoa2 khanh manh chi"),
    ("Nghiệp vụ kiểm tra, giám sát của Ủy ban Kiểm tra công đoàn cơ sở", "inspection", KCN, date(2023, 10, 5), 1,
     None, HALL, UBKT, "", "bao lan khang"),
    ("Quản lý tài chính, tài sản công đoàn cơ sở", "finance", KCN, date(2023, 10, 24), None, 4, ONLINE,
     "Chủ tịch, kế toán, thủ quỹ công đoàn cơ sở", "", "hoa lan thuy"),
    ("Công tác nữ công và bình đẳng giới trong doanh nghiệp", "women", CITY, date(2023, 11, 8), 1, None, NVHLD,
     WOMEN, "", "linh thuy hong chi"),
    ("Phổ biến Bộ luật Lao động năm 2019 và các nghị định hướng dẫn mới", "law", CITY, date(2024, 3, 19), None, 3,
     ONLINE, "Cán bộ công đoàn cơ sở", "", "oanh tuan nam dung hoa2 loc"),
    ("Kỹ năng tuyên truyền, vận động đoàn viên trên mạng xã hội", "propaganda", KCN, date(2024, 4, 16), 1, None,
     HALL, "Ủy viên phụ trách tuyên giáo, tổ trưởng công đoàn", "", "nam manh chi tam"),
    ("Huấn luyện an toàn, vệ sinh lao động định kỳ năm 2024", "safety", COMPANY, date(2024, 5, 23), 2, None,
     FACTORY, SAFETY_STAFF, "GCN-ATVSLĐ", "phat tuan dung hoa2 khanh manh loc-"),
    ("Tổ chức Hội nghị người lao động và đối thoại tại nơi làm việc", "democracy", KCN, date(2024, 6, 11), 1, None,
     HALL, "Ban Chấp hành công đoàn cơ sở", "", "tuan- thuy oanh loi"),
    ("Thương lượng tập thể và ký kết thỏa ước lao động tập thể", "bargaining", CITY, date(2024, 8, 20), 3, None,
     NVHLD, POLICY, "GCN-LĐLĐ", "oanh tuan thuy"),
    ("Bồi dưỡng nghiệp vụ công tác công đoàn cho cán bộ công đoàn mới", "union_work", KCN, date(2024, 9, 17), 2,
     None, HALL, "Cán bộ công đoàn mới được bầu, bổ sung", "", "ngoc loc! chi"),
    ("Lập dự toán, quyết toán tài chính công đoàn cơ sở năm 2025", "finance", KCN, date(2024, 11, 12), None, 4,
     ONLINE, "Kế toán, thủ quỹ, UBKT công đoàn cơ sở", "", "hoa lan"),
    ("Phổ biến Luật Công đoàn năm 2024 (có hiệu lực từ ngày 01/7/2025)", "law", CITY, date(2025, 3, 25), None, 3,
     ONLINE, "Cán bộ công đoàn cơ sở", "", "tuan thuy hoa linh nam phat bao oanh loi tram ngoc lan khang diem"),
    ("Thực hiện dân chủ ở cơ sở tại nơi làm việc", "democracy", KCN, date(2025, 5, 13), 1, None, HALL,
     "Ban Chấp hành công đoàn cơ sở", "", "thuy oanh loi"),
    ("Kiểm tra, giám sát việc quản lý, sử dụng tài chính công đoàn", "inspection", KCN, date(2025, 6, 18), 1, None,
     HALL, UBKT, "", "bao lan khang"),
    ("Huấn luyện an toàn, vệ sinh lao động định kỳ năm 2025", "safety", COMPANY, date(2025, 7, 10), 2, None,
     FACTORY, SAFETY_STAFF, "GCN-ATVSLĐ", "phat dung hoa2 manh diem tam"),
    ("Chăm lo, bảo vệ quyền lợi lao động nữ trong doanh nghiệp", "women", KCN, date(2025, 10, 14), 1, None, HALL,
     WOMEN, "", "linh ngoc diem chi"),
    ("Kỹ năng thương lượng tập thể về tiền lương năm 2026", "bargaining", KCN, date(2025, 12, 4), 2, None, HALL,
     POLICY, "", "oanh? ngoc?"),
)
