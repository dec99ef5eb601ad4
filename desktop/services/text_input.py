"""Text that enters the book is cleaned on the way in: NFC, no zero-width characters, trimmed."""
from __future__ import annotations

import dataclasses
from enum import Enum

from desktop.domain.vietnamese import clean_text, nfc

# Multi-line fields keep their line breaks (remarks, duties); only NFC and trimming apply there.
MULTILINE_FIELDS = {"duties", "strengths", "weaknesses", "remedies", "next_year_duties", "notes",
                    "override_reason", "audience", "full_text"}


def clean_multiline(text: str) -> str:
    lines = [" ".join(clean_text(line).split()) for line in nfc(text).replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()


def cleaned(value):
    """A copy of a dataclass with every str field cleaned."""
    changes = {}
    for field in dataclasses.fields(value):
        current = getattr(value, field.name)
        # Enums such as Sex subclass str but are choices, not typed text: leave them as they are.
        if isinstance(current, str) and not isinstance(current, Enum):
            changes[field.name] = clean_multiline(current) if field.name in MULTILINE_FIELDS else clean_text(current)
    return dataclasses.replace(value, **changes)
