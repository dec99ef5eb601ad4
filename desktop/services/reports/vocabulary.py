"""Vietnamese words for the book's codes, whatever language the window speaks.

A report is an administrative document for a Vietnamese body, so it is written in Vietnamese always. The
labels of levels, posts, topics… are English message ids in the domain with their Vietnamese text in the
catalog; this module reads that text from the Vietnamese catalog directly (compiled, or the .po sources when
the catalog has not been compiled), instead of through the active language.
"""
from __future__ import annotations

import gettext
from functools import lru_cache

from desktop.domain.evaluation import LEVEL_LABELS, Level
from desktop.domain.officers import (EDUCATION_LABELS, POLITICAL_THEORY_LABELS, POST_TITLES_BY_KEY, SEX_LABELS,
                                     Group, Sex)
from desktop.domain.training import ATTENDANCE_LABELS, MODE_LABELS, RESULT_LABELS, TOPIC_LABELS
from desktop.domain.vietnamese import nfc
from desktop.paths import compiled_locale_dir, install_root

DOMAIN = "socanbo"
GROUP_NAMES = {Group.BCH: "Ban Chấp hành", Group.UBKT: "Ủy ban Kiểm tra", Group.BELOW: "Cán bộ dưới Ban Chấp hành"}


@lru_cache(maxsize=1)
def _catalog() -> dict[str, str]:
    try:
        with (compiled_locale_dir() / "vi" / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as handle:
            return dict(gettext.GNUTranslations(handle)._catalog)  # noqa: SLF001 - read once, as a dict
    except OSError:
        pass
    from babel.messages.pofile import read_po  # the sources, when nobody has compiled them yet

    found: dict[str, str] = {}
    for part in sorted((install_root() / "i18n" / "vi").glob("*.po")):
        with part.open("rb") as handle:
            for message in read_po(handle, locale="vi"):
                if message.id and isinstance(message.id, str) and message.string:
                    found[message.id] = message.string
    return found


def vi(message_id: str) -> str:
    """The Vietnamese text of a message id (the id itself when the catalog lacks it)."""
    return nfc(_catalog().get(message_id) or message_id)


def level_name(level: Level | int | None) -> str:
    return vi(LEVEL_LABELS[Level(level)]) if level else ""


def post_name(title_key: str) -> str:
    title = POST_TITLES_BY_KEY.get(title_key)
    return vi(title.label) if title else title_key


def sex_name(sex: Sex | None) -> str:
    return vi(SEX_LABELS[sex]) if sex else ""


def education_name(code: str | None) -> str:
    return vi(EDUCATION_LABELS[code]) if code in EDUCATION_LABELS else ""


def theory_name(code: str | None) -> str:
    return vi(POLITICAL_THEORY_LABELS[code]) if code in POLITICAL_THEORY_LABELS else ""


def topic_name(code: str) -> str:
    return vi(TOPIC_LABELS[code]) if code in TOPIC_LABELS else code


def mode_name(code: str) -> str:
    return vi(MODE_LABELS[code]) if code in MODE_LABELS else code


def result_name(code: str | None) -> str:
    return vi(RESULT_LABELS[code]) if code in RESULT_LABELS else ""


def attendance_name(code: str) -> str:
    return vi(ATTENDANCE_LABELS[code]) if code in ATTENDANCE_LABELS else code
