"""Build-time catalog tools: extract the template, check the Vietnamese catalog, compile .mo files.

Run as `python -m desktop.i18n_catalogs [extract|check|compile|missing]`. The scripts call `compile`
before every run and test; the test suite calls `problems()` so that an untranslated, fuzzy or
placeholder-mismatched Vietnamese entry fails the build.
"""
from __future__ import annotations

import string
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from desktop.paths import compiled_locale_dir, install_root

DOMAIN = "socanbo"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def i18n_dir() -> Path:
    return install_root() / "i18n"


def extract() -> Catalog:
    """Every message id marked in the package's sources."""
    catalog = Catalog(project="socanbo", domain=DOMAIN)
    root = install_root()
    method_map = [("desktop/**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), method_map=method_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        if filename.startswith("desktop/i18n_catalogs"):
            continue
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def vietnamese_parts() -> list[Path]:
    return sorted((i18n_dir() / "vi").glob("*.po"))


def merged_vietnamese() -> tuple[Catalog, list[str]]:
    """All vi/*.po files as one catalog, and the ids that stand in more than one file."""
    merged = Catalog(locale="vi", domain=DOMAIN)
    seen: dict[tuple, str] = {}
    clashes: list[str] = []
    for part in vietnamese_parts():
        with part.open("rb") as handle:
            catalog = read_po(handle, locale="vi")
        for message in catalog:
            if not message.id:
                continue
            key = (message.context, message.id if isinstance(message.id, str) else message.id[0])
            if key in seen:
                clashes.append(f"{part.name}: {key[1]!r} also in {seen[key]}")
                continue
            seen[key] = part.name
            merged.add(message.id, message.string, context=message.context, flags=message.flags)
    return merged, clashes


_FIELD = string.Formatter()


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in _FIELD.parse(text) if name is not None}
    except ValueError:
        return {"<malformed>"}


def _strings(value) -> list[str]:
    return [value] if isinstance(value, str) else [s for s in value]


def problems() -> list[str]:
    """Untranslated, fuzzy or placeholder-mismatched Vietnamese entries for the extracted ids."""
    template = extract()
    merged, clashes = merged_vietnamese()
    found = list(clashes)
    for message in template:
        if not message.id:
            continue
        translated = merged.get(message.id, context=message.context)
        label = message.id if isinstance(message.id, str) else message.id[0]
        where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
        if translated is None or not all(_strings(translated.string or "")) or not translated.string:
            found.append(f"untranslated: {label!r} ({where})")
            continue
        if translated.fuzzy:
            found.append(f"fuzzy: {label!r}")
            continue
        wanted = set().union(*(_fields(s) for s in _strings(message.id)))
        for text in _strings(translated.string):
            if _fields(text) != wanted:
                found.append(f"placeholders differ: {label!r} -> {text!r}")
    return found


def missing_as_po() -> str:
    """The untranslated ids as a .po fragment, ready to be translated and pasted into a part."""
    template = extract()
    merged, _ = merged_vietnamese()
    lines = []
    for message in template:
        if not message.id or merged.get(message.id, context=message.context) is not None:
            continue
        if message.context:
            lines.append(f"msgctxt {_quote(message.context)}")
        if isinstance(message.id, str):
            lines += [f"msgid {_quote(message.id)}", 'msgstr ""', ""]
        else:
            lines += [f"msgid {_quote(message.id[0])}", f"msgid_plural {_quote(message.id[1])}",
                      'msgstr[0] ""', ""]
    return "\n".join(lines)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def compile_all() -> None:
    """Write vi (merged parts) and en (identity) .mo files into i18n/compiled/."""
    merged, _ = merged_vietnamese()
    _write(merged, "vi")
    template = extract()
    english = Catalog(locale="en", domain=DOMAIN)
    for message in template:
        if message.id:
            english.add(message.id, message.id, context=message.context)
    _write(english, "en")


def _write(catalog: Catalog, language: str) -> None:
    target = compiled_locale_dir() / language / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with (target / f"{DOMAIN}.mo").open("wb") as handle:
        write_mo(handle, catalog, use_fuzzy=False)


def write_template() -> Path:
    path = i18n_dir() / f"{DOMAIN}.pot"
    with path.open("wb") as handle:
        write_po(handle, extract(), omit_header=False, sort_by_file=True)
    return path


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "compile"
    if command == "compile":
        compile_all()
        return 0
    if command == "extract":
        print(write_template())
        return 0
    if command == "check":
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    if command == "missing":
        print(missing_as_po())
        return 0
    print("usage: python -m desktop.i18n_catalogs [compile|extract|check|missing]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
