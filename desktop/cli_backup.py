"""`socanbo backup`, `socanbo backups`, `socanbo restore`: the backups page's work, headless.

The backups folder is the one chosen in the settings, else `backups/` in the data folder; `--to` /
`--dir` name another. `restore BACKUP` takes a file path, a file name in the backups folder, or the number
shown by `socanbo backups` (1 = the newest).
"""
from __future__ import annotations

from pathlib import Path

from desktop.cli import book_path
from desktop.cli_output import print_json, print_table
from desktop.domain.errors import N_, BookFileError
from desktop.domain.vietnamese import format_date, format_number
from desktop.i18n import _, pgettext
from desktop.paths import AppPaths
from desktop.services.app_settings import AppSettings
from desktop.services.backups import BackupService, reason_label

EXIT_OK, EXIT_ERROR = 0, 1


def register(commands) -> dict:
    backup = commands.add_parser("backup", help=_("make a checked backup of the book now"))
    backup.add_argument("--to", metavar="DIR", help=_("the folder to write it to (default: the backups folder)"))

    listing = commands.add_parser("backups", help=_("list the book's backups, newest first"))
    listing.add_argument("--dir", metavar="DIR", help=_("the backups folder (default: the one in the settings)"))
    listing.add_argument("--json", action="store_true", help=_("print JSON for programs"))

    restore = commands.add_parser("restore", help=_("replace the book by a backup (the book is backed up first)"))
    restore.add_argument("backup", metavar="BACKUP",
                         help=_("a backup file, its name in the backups folder, or its number in the list"))
    restore.add_argument("--dir", metavar="DIR", help=_("the backups folder (default: the one in the settings)"))
    return {"backup": cmd_backup, "backups": cmd_backups, "restore": cmd_restore}


def backups_folder(paths: AppPaths, chosen: str | None = None) -> Path:
    if chosen:
        return Path(chosen).expanduser()
    configured = AppSettings.load(paths.settings_file).backups_dir
    return Path(configured).expanduser() if configured else paths.backups_dir


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return _("{size} MB").format(size=format_number(size / 1024 / 1024, 1))
    return _("{size} KB").format(size=format_number(max(1, round(size / 1024))))


def when_text(moment) -> str:
    local = moment.astimezone()
    return f"{format_date(local.date())} {local:%H:%M}"


def cmd_backup(args, paths: AppPaths) -> int:
    service = BackupService(backups_folder(paths, args.to))
    book = book_path(args, paths)
    info = service.back_up(book)
    print(_("Backup written: {path} ({size}).").format(path=info.path, size=size_text(info.size)))
    return EXIT_OK


def cmd_backups(args, paths: AppPaths) -> int:
    service = BackupService(backups_folder(paths, args.dir))
    found = service.backups(book_path(args, paths))
    if args.json:
        print_json([{"number": number, "file": str(info.path), "created_at": info.created_at.isoformat(),
                     "reason": info.reason, "reason_text": _(reason_label(info.reason)), "size": info.size,
                     "schema_version": info.schema_version, "checked": info.checked}
                    for number, info in enumerate(found, start=1)])
        return EXIT_OK
    print_table(["#", pgettext("backups", "Made at"), pgettext("backups", "Size"), pgettext("backups", "Why"),
                 pgettext("backups", "File")],
                [[number, when_text(info.created_at), size_text(info.size), _(reason_label(info.reason)),
                  info.path.name] for number, info in enumerate(found, start=1)])
    return EXIT_OK


def _chosen_backup(service: BackupService, book: Path, text: str) -> Path:
    if text.isdigit():
        found = service.backups(book)
        number = int(text)
        if not 1 <= number <= len(found):
            raise BookFileError(N_("There is no backup number {number}; see: socanbo backups."), number=number)
        return found[number - 1].path
    candidate = Path(text).expanduser()
    if candidate.is_file():
        return candidate
    in_folder = service.backups_dir / text
    if in_folder.is_file():
        return in_folder
    raise BookFileError(N_("The backup {path} does not exist. See: socanbo backups."), path=text)


def cmd_restore(args, paths: AppPaths) -> int:
    service = BackupService(backups_folder(paths, args.dir))
    book = book_path(args, paths)
    backup = _chosen_backup(service, book, args.backup)
    result = service.restore(backup, book)
    if result.previous is not None:
        print(_("The book as it was is kept in {path}.").format(path=result.previous.path))
    summary = result.summary
    years = ", ".join(str(year) for year in summary.years) or "—"
    print(_("Restored {book} from {backup}.").format(book=book, backup=backup))
    print(_("The book holds: {union}; years {years}; {people} people, {evaluations} evaluations, {courses} "
            "courses.").format(union=summary.union_name or "—", years=years, people=summary.people,
                               evaluations=summary.evaluations, courses=summary.courses))
    return EXIT_OK

