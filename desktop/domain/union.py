"""The union's profile: everything the report header and the targets need."""
from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.errors import N_, ValidationError, ValidationErrors
from desktop.domain.officers import Term


@dataclass(frozen=True)
class UnionProfile:
    union_name: str
    superior_name: str
    place_name: str
    term: Term
    doc_suffix: str = "CĐCS"
    chair_name: str = ""
    non_state: bool = True  # enterprise outside the state sector: the chair's bargaining target applies
    young_age: int = 35  # "young" officers are under this age in the year measured (seeds leave it open)
    address: str = ""


def validate_profile(profile: UnionProfile) -> None:
    errors: list[ValidationError] = []
    for name, label in (("union_name", N_("Enter the union's name.")),
                        ("superior_name", N_("Enter the superior union's name.")),
                        ("place_name", N_("Enter the place name for the date line (e.g. Phường Tân Định)."))):
        if not getattr(profile, name).strip():
            errors.append(ValidationError(label, field=name))
    if not profile.doc_suffix.strip() or any(ch.isspace() for ch in profile.doc_suffix.strip()):
        errors.append(ValidationError(N_("The document number suffix is one word, for example CĐCS."),
                                      field="doc_suffix"))
    if not (18 <= profile.young_age <= 60):
        errors.append(ValidationError(N_("The age limit for young officers must be between 18 and 60."),
                                      field="young_age"))
    if errors:
        raise ValidationErrors(errors)
