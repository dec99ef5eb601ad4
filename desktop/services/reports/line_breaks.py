"""Balanced line breaks for the centred names of the header block ("CÔNG ĐOÀN KHU CÔNG NGHIỆP / TÂN BÌNH").

A paragraph fills each line as far as it goes, which leaves a single word on the last line ("HỒNG") and cuts
two-syllable words apart ("CÔNG / TY"). Here the name is broken into the fewest lines that fit, choosing among
those the breaks that give lines of even width, with no line of a single word, and not inside a word of
several syllables unless the lines are much more even that way: the common words of union and company names
(công đoàn, cơ sở, công ty, khu công nghiệp…), and the syllables of a proper name taken in pairs from its end
("MAY MẶC / SÔNG HỒNG").
"""
from __future__ import annotations

from itertools import combinations
from typing import Callable

from desktop.domain.vietnamese import fold

# Words of several syllables in the names of unions, companies, schools and places (folded: no case or marks).
COMPOUNDS = tuple(tuple(word.split()) for word in (
    "lien doan lao dong", "cong doan", "co so", "cap tren", "tong cong ty", "cong ty", "co phan",
    "trach nhiem huu han", "mot thanh vien", "hai thanh vien", "khu cong nghiep", "cong nghiep", "khu che xuat",
    "khu kinh te", "che xuat", "kinh te", "nha may", "xi nghiep", "chi nhanh", "van phong", "doanh nghiep",
    "ngan hang", "thuong mai", "dich vu", "san xuat", "xuat nhap khau", "xay dung", "dau tu", "phat trien",
    "co khi", "dien tu", "dien luc", "vien thong", "giao thong", "van tai", "may mac", "det may", "thuc pham",
    "cong nghe", "thong tin", "truyen thong", "giao duc", "dao tao", "mam non", "tieu hoc", "trung hoc co so",
    "trung hoc pho thong", "dai hoc", "cao dang", "trung cap", "benh vien", "trung tam", "y te", "hanh chinh",
    "su nghiep", "co quan", "uy ban nhan dan", "nhan dan", "ban quan ly", "thanh pho", "thi xa", "thi tran",
    "viet nam", "ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "lao dong", "lien doan",
    "trach nhiem", "huu han", "thanh vien", "uy ban", "quan ly", "trung hoc", "pho thong", "xuat khau",
))
# Costs of a choice of lines, against their unevenness (the sum over the lines of the squared share of the
# width by which each falls short of the widest one):
COMPOUND_SPLIT_COST = 0.5  # a known word of two syllables cut apart ("CÔNG / TY")
PHRASE_SPLIT_COST = 0.4  # a longer one cut between its words ("KHU / CÔNG NGHIỆP")
NAME_SPLIT_COST = 0.2  # two syllables of a name, paired by guess: less sure, so cheaper ("SÔNG / HỒNG")
EXTRA_LINE_COST = 0.3  # one line more than the fewest that fit (tried to avoid cutting a word)
ORPHAN_COST = 1.0  # a line of one word: only when nothing else fits


def break_costs(words: list[str]) -> list[float]:
    """The cost of breaking the line before each word (index 0 unused): inside a known word of two syllables
    (công đoàn, công nghiệp) COMPOUND_SPLIT_COST, inside a longer one only (khu | công nghiệp)
    PHRASE_SPLIT_COST; between two syllables of the rest, paired from the end of each run (Vietnamese proper
    names are mostly of two syllables), NAME_SPLIT_COST."""
    folded = [fold(word) for word in words]
    costs = [0.0] * len(words)
    covered = [False] * len(words)
    for start in range(len(words)):
        for compound in COMPOUNDS:
            end = start + len(compound)
            if tuple(folded[start:end]) == compound:
                cost = COMPOUND_SPLIT_COST if len(compound) == 2 else PHRASE_SPLIT_COST
                for inner in range(start + 1, end):
                    costs[inner] = max(costs[inner], cost)
                covered[start:end] = [True] * len(compound)
    index = len(words) - 1
    while index > 0:  # pair the leftover syllables from the end of each run
        if not covered[index] and not covered[index - 1]:
            costs[index] = NAME_SPLIT_COST
            index -= 2
        else:
            index -= 1
    return costs


def balanced_lines(text: str, width_of: Callable[[str], float], max_width: float, max_lines: int = 6) -> list[str]:
    """`text` as lines of at most `max_width` (measured by `width_of`): the fewest that fit, or one more when
    that avoids cutting a word; even, with no line of one word, breaking between words of the name."""
    words = text.split()
    if len(words) <= 1 or width_of(" ".join(words)) <= max_width:
        return [" ".join(words)] if words else []
    split_cost = break_costs(words)
    best: tuple[float, list[str]] | None = None
    fewest = None
    for count in range(2, min(max_lines, len(words)) + 1):
        if fewest is not None and count > fewest + 1:
            break
        for breaks in combinations(range(1, len(words)), count - 1):
            edges = (0, *breaks, len(words))
            lines = [" ".join(words[a:b]) for a, b in zip(edges, edges[1:])]
            widths = [width_of(line) for line in lines]
            if max(widths) > max_width:
                continue
            fewest = count if fewest is None else fewest
            cost = sum(((max(widths) - w) / max_width) ** 2 for w in widths)
            cost += sum(split_cost[b] for b in breaks)
            cost += ORPHAN_COST * sum(1 for a, b in zip(edges, edges[1:]) if b - a == 1)
            cost += EXTRA_LINE_COST * (count - fewest)
            if best is None or cost < best[0]:
                best = (cost, lines)
    return best[1] if best else [text]  # a word wider than the column: the paragraph wraps it as it can
