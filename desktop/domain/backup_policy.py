"""Which backups to keep: the thinning rule, a pure function of their times and reasons.

Works on any objects with `path`, `created_at` (aware datetime) and `pre_migration` (storage's BackupInfo).
"""
from __future__ import annotations

from datetime import datetime


def thin(backups: list, now: datetime) -> list:
    """The backups to delete: keep all of the last 2 days; then the newest of each day for 7 days, of each
    ISO week for 8 weeks, of each month for 12 months; always every pre-migration copy and the newest
    backup. Calendar days, weeks and months are counted in `now`'s time zone."""
    keep: set = set()
    ordered = sorted(backups, key=lambda b: b.created_at, reverse=True)
    if ordered:
        keep.add(ordered[0].path)
    buckets = ((7, lambda t: t.date()), (8 * 7, lambda t: tuple(t.isocalendar())[:2]),
               (365, lambda t: (t.year, t.month)))
    seen: set[tuple] = set()
    for backup in ordered:  # newest first: the first one seen in a period is that period's newest
        when = backup.created_at.astimezone(now.tzinfo)
        age_days = (now - backup.created_at).total_seconds() / 86400
        if backup.pre_migration or age_days < 2:
            keep.add(backup.path)
        for index, (days, key_of) in enumerate(buckets):
            key = (index, key_of(when))
            if age_days < days and key not in seen:
                seen.add(key)
                keep.add(backup.path)
    return [backup for backup in ordered if backup.path not in keep]
