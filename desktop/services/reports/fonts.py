"""The document font: Times New Roman where Windows has it, else the bundled Liberation Serif.

Nghị định 30/2020 asks for Times New Roman; Liberation Serif (SIL OFL, in resources/fonts) has the same
metrics, so a page breaks in the same places either way. Both are registered as TrueType fonts, which
reportlab always embeds (as subsets): no base-14 font may reach a report, because a reader's substitute
for Times-Roman has no Vietnamese letters.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.domain.errors import N_, BookFileError, technical
from desktop.paths import resources_dir

FAMILY = "SoCanBoSerif"
STYLES = ("regular", "bold", "italic", "bold_italic")
_WINDOWS_TIMES = {"regular": "times.ttf", "bold": "timesbd.ttf", "italic": "timesi.ttf", "bold_italic": "timesbi.ttf"}
_BUNDLED = {"regular": "LiberationSerif-Regular.ttf", "bold": "LiberationSerif-Bold.ttf",
            "italic": "LiberationSerif-Italic.ttf", "bold_italic": "LiberationSerif-BoldItalic.ttf"}


@dataclass(frozen=True)
class FontSet:
    """Registered reportlab font names of the four styles, and the files they come from."""
    regular: str
    bold: str
    italic: str
    bold_italic: str
    files: dict
    source: str  # "times" or "bundled"

    def file(self, style: str) -> Path:
        return self.files[style]


def bundled_font_dir() -> Path:
    return resources_dir() / "fonts"


def _windows_times() -> dict[str, Path] | None:
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot")
    if not windir:
        return None
    folder = Path(windir) / "Fonts"
    found = {style: folder / name for style, name in _WINDOWS_TIMES.items()}
    return found if all(path.is_file() for path in found.values()) else None


def font_files(prefer_system: bool = True) -> tuple[dict[str, Path], str]:
    """The four files to use and where they come from."""
    system = _windows_times() if prefer_system else None
    if system:
        return system, "times"
    bundled = {style: bundled_font_dir() / name for style, name in _BUNDLED.items()}
    missing = [str(path) for path in bundled.values() if not path.is_file()]
    if missing:
        raise BookFileError(N_("The report font is missing: {path}. Reinstall the program."), path=missing[0])
    return bundled, "bundled"


@lru_cache(maxsize=None)
def document_fonts(prefer_system: bool = True) -> FontSet:
    """Register the family once per process (reportlab's registry is global) and return its names."""
    files, source = font_files(prefer_system)
    prefix = FAMILY if source == "times" else f"{FAMILY}-Lib"
    names = {"regular": prefix, "bold": f"{prefix}-Bold", "italic": f"{prefix}-Italic",
             "bold_italic": f"{prefix}-BoldItalic"}
    for style in STYLES:
        try:
            pdfmetrics.registerFont(TTFont(names[style], str(files[style])))
        except Exception as error:  # noqa: BLE001 - a damaged font file must not end in a traceback
            raise BookFileError(N_("The report font {path} cannot be read: {reason}."), path=str(files[style]),
                                reason=technical(error)) from None
    pdfmetrics.registerFontFamily(prefix, normal=names["regular"], bold=names["bold"], italic=names["italic"],
                                  boldItalic=names["bold_italic"])
    return FontSet(names["regular"], names["bold"], names["italic"], names["bold_italic"], files, source)
