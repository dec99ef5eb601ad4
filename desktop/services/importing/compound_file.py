"""An .xls file's compound-file container, read the way python-calamine reads it.

calamine sizes its buffers by numbers in the container's header and directory, and reads every sector the
header's table names, without checking either against the file: one damaged number (a fuzzed file had a
header slot naming sector 268,962,048, a buffer of 137 GB) makes it allocate far beyond any memory, and a
failed allocation aborts the whole program. `Container` refuses such a file before calamine opens it (every
buffer calamine would size from the file stays under LIMIT, every chain of sectors ends), and gives the
Workbook stream for extent.py, which measures each sheet's reach in it.
"""
from __future__ import annotations

import struct

from desktop.services.importing import errors
from desktop.services.importing.errors import ImportFileError

LIMIT = 200 * 1024 * 1024  # files.MAX_UNPACKED_BYTES: no list needs a buffer near it
ENDOFCHAIN, DIFSECT, RESERVED = 0xFFFFFFFE, 0xFFFFFFFC, 0xFFFFFFFA
MINI_SECTOR = 64
MINI_CUTOFF = 4096  # calamine reads a stream shorter than this from the mini stream


class Container:
    """The sectors, tables and directory of a compound file. Raises ImportFileError (damaged) for what would
    make calamine allocate without bound; `readable` is False for a header calamine refuses by itself."""

    def __init__(self, data: bytes, file_name: str) -> None:
        self.data, self.file_name = data, file_name
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E) if len(data) >= 512 else (0, 0)
        self.readable = shift in (9, 12) and mini_shift == 6
        if not self.readable:
            return
        self.size = size = 1 << shift
        dir_len, fat_len, dir_start = struct.unpack_from("<III", data, 40)
        mini_start, mini_len, difat = struct.unpack_from("<III", data, 60)
        calamine_difat_len = struct.unpack_from("<I", data, 62)[0]  # calamine reads it two bytes early
        for what, count, unit in (("FAT", fat_len, 4), ("DIFAT", calamine_difat_len, 4),
                                  ("directory", dir_len, size), ("mini FAT", mini_len, size)):
            self._buffer(count * unit, f"{what} size")
        # The table's sectors: 109 slots in the header, then a chain of DIFAT sectors, each listing size/4 - 1
        # more and then the next. calamine reads every slot under DIFSECT, used or not.
        slots, seen = list(struct.unpack_from("<109I", data, 0x4C)), set()
        while difat < RESERVED:
            if difat in seen:
                self._damaged("DIFAT chain loops")
            seen.add(difat)
            *listed, difat = self._sector_words(difat)
            slots.extend(listed)
        self.fat = [word for sector in slots if sector < DIFSECT for word in self._sector_words(sector)]
        directory = self._chain_bytes(dir_start, self.fat, size, dir_len * size)
        self.entries = [_Entry(directory[i:i + 128], size) for i in range(0, len(directory) - 127, 128)]
        self.mini_fat: tuple[int, ...] = ()
        self.mini_stream = b""
        if self.entries and mini_len:
            root = self.entries[0]
            self.mini_stream = self._chain_bytes(root.start, self.fat, size, root.length)
            self.mini_fat = _words(self._chain_bytes(mini_start, self.fat, size, mini_len * size))
        # The streams calamine reads: the workbook, and a VBA project's (found by names in its own streams: all
        # are checked then, but the empty ones, which may say "no sector" any way they like).
        vba = any(entry.name == "_VBA_PROJECT_CUR" for entry in self.entries)
        self._workbook: dict[str, bytes] = {}  # the first stream of each name calamine looks for
        for entry in self.entries:
            if entry.name in ("Workbook", "Book") or vba and (entry.length or entry.start < RESERVED):
                found = self.stream(entry)
                if entry.name in ("Workbook", "Book"):
                    self._workbook.setdefault(entry.name, found)

    def stream(self, entry: _Entry) -> bytes:
        if entry.length < MINI_CUTOFF:
            return self._chain_bytes(entry.start, self.mini_fat, MINI_SECTOR, entry.length, self.mini_stream)
        return self._chain_bytes(entry.start, self.fat, self.size, entry.length)

    def workbook_stream(self) -> bytes | None:
        """The Workbook stream ("Book" in BIFF5), as calamine finds it (read once, by the checks)."""
        return self._workbook.get("Workbook", self._workbook.get("Book"))

    def _damaged(self, reason: str):
        raise ImportFileError(errors.DAMAGED, file=self.file_name, reason=reason)

    def _buffer(self, length: int, what: str) -> None:
        if length > LIMIT:
            self._damaged(what)

    def _sector_words(self, sector: int) -> tuple[int, ...]:
        """The sector's 32-bit words (calamine first makes room for every sector up to it)."""
        self._buffer((sector + 1) * self.size, "sector number")
        start = (sector + 1) * self.size
        return _words(self.data[start:start + self.size])

    def _chain_bytes(self, start: int, table, size: int, length: int, source: bytes | None = None) -> bytes:
        """A chain of sectors (of `source`, else of the file), at most `length` bytes when given, as calamine
        reads it: each sector until ENDOFCHAIN, then the next from `table` (calamine stops with a panic, which
        is caught, at a sector past the table)."""
        self._buffer(length, "stream size")
        pieces, seen, sector = [], set(), start
        while sector != ENDOFCHAIN:
            self._buffer((sector + 1) * size, "sector number")
            if sector in seen:  # calamine would follow the loop until memory runs out
                self._damaged("sector chain loops")
            seen.add(sector)
            offset = sector * size if source is not None else (sector + 1) * size
            pieces.append((self.data if source is None else source)[offset:offset + size])
            if sector >= len(table):
                break
            sector = table[sector]
        found = b"".join(pieces)
        return found[:length] if length else found


def _words(found: bytes) -> tuple[int, ...]:
    """Little-endian 32-bit words (a sector cut short by the end of the file gives what it holds)."""
    return struct.unpack(f"<{len(found) // 4}I", found[:len(found) // 4 * 4])


class _Entry:
    """A directory entry as calamine reads it: a name, a first sector and a length."""

    def __init__(self, raw: bytes, sector_size: int) -> None:
        name = raw[:64].decode("utf-16-le", "ignore")
        self.name = name.split("\0", 1)[0]
        self.start = struct.unpack_from("<I", raw, 116)[0]
        self.length = struct.unpack_from("<I" if sector_size == 512 else "<Q", raw, 120)[0]
