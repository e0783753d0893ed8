"""Parsing the bulk-exceptions CSV (SPEC §8) into rows. Pure: no database, no Django
objects per row, one pass over the file as it is read.

Rows are numbered as a spreadsheet shows them: every record the CSV reader yields is one
row (a blank line too), and a quoted value spanning several lines is still one row. Only
CRLF, LF and a lone CR end a record: the bytes are decoded by an `io.TextIOWrapper` with
`newline=""` and split by `csv.reader` itself, never by `str.splitlines` (which would also
split on U+2028, form feed, 0x1C-0x1E and U+0085).

Invalid UTF-8 is decoded with `surrogateescape`, so each bad byte becomes a lone
surrogate U+DC80-U+DCFF, which valid UTF-8 never decodes to. The first line holding one
(or a NUL byte) stops the reader while it builds the record that line belongs to, so the
file-level error names that record's row.

The reader is lenient as Excel is: text after the closing quote of a value is kept with
it (`"Medical" leave` reads `Medical leave`; a space there is trimmed with the cell), and
a value may be as long as the file. The only quoting error is a quote still open at the
end of the file: after the last line the reader is given a NUL, which no accepted line
holds; a closed file makes it a record of its own, an open quote takes it into its
value."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, NamedTuple

from certdesk.certificates import errors
from certdesk.certificates.services.learners import MAX_NOTES
from certdesk.core.errors import CertdeskError

MAX_ROWS = 100_000
HEADER_WORDS = frozenset(
    {"username", "email", "user", "learner", "identifier", "username_or_email"}
)

TOO_MANY_ROWS = "too_many_rows"
INVALID_ENCODING = "invalid_encoding"
MALFORMED_CSV = "malformed_csv"
EMPTY_FILE = "empty_file"

# Open edX's text for a file without data rows.
EMPTY_FILE_MESSAGE = "CSV file is empty or contains no valid entries"

_SUSPECT = re.compile("[\x00\udc80-\udcff]")
_END = "\x00"  # follows the last line (see the module's docstring)

# A cell may be as long as the file: a long one is a row error of its own (notes over
# 1,000 characters, SPEC §8), not the csv module's default 131,072-character limit.
# The limit is the csv module's, for the whole process; nothing else here reads CSV.
csv.field_size_limit(max(csv.field_size_limit(), 16 * 1024 * 1024))


class CsvFileError(CertdeskError):
    """A problem with the file as a whole: nothing of it is used. `row` names the row
    that caused it, when one did, and is then part of the error body."""

    def __init__(self, code: str, message: str, *, row: int | None = None, status: int = 400):
        extra = {"row": row} if row is not None else None
        super().__init__(message, code=code, status=status, extra=extra)
        self.row = row


# (row, identifier, notes) of a usable row: a plain tuple, the cheapest thing to build
# 100,000 times.
CsvRow = tuple[int, str, str]


class CsvRowError(NamedTuple):
    row: int
    learner: str
    code: str
    message: str


@dataclass
class ParsedCsv:
    rows: list[CsvRow] = field(default_factory=list)
    errors: list[CsvRowError] = field(default_factory=list)
    skipped: int = 0  # blank rows and the header

    @property
    def data_rows(self) -> int:
        return len(self.rows) + len(self.errors)


class _Suspect(Exception):
    """A line with a NUL byte or an invalid UTF-8 byte (internal to this module)."""

    def __init__(self, character: str) -> None:
        super().__init__(character)
        self.character = character


class _Lines:
    """The decoded lines for csv.reader, each checked for a NUL or an invalid byte; knows
    whether the file was read to its end (an open quote at that point is never closed)."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.exhausted = False
        self._checked = self._check(lines)

    def __iter__(self) -> Iterator[str]:
        return self._checked

    def _check(self, lines: Iterable[str]) -> Iterator[str]:
        search = _SUSPECT.search
        for line in lines:
            suspect = search(line)
            if suspect is not None:
                raise _Suspect(suspect.group())
            yield line
        self.exhausted = True
        yield _END


def _record_error(row: int, problem: Exception) -> CsvFileError:
    if isinstance(problem, _Suspect) and problem.character == "\x00":
        return CsvFileError(MALFORMED_CSV, f"Row {row} contains a NUL byte.", row=row)
    if isinstance(problem, _Suspect):
        message = f'Row {row} is not UTF-8 text; save the file as "CSV UTF-8" and upload it again.'
        return CsvFileError(INVALID_ENCODING, message, row=row)
    return CsvFileError(MALFORMED_CSV, f"Row {row} is not valid CSV ({problem}).", row=row)


def _unclosed_quote(row: int) -> CsvFileError:
    message = f"Row {row} opens a quoted value that is never closed."
    return CsvFileError(MALFORMED_CSV, message, row=row)


def csv_records(stream: BinaryIO) -> Iterator[tuple[int, list[str]]]:
    """(row number, raw cells) for every record of the file, blank ones included."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    lines = _Lines(text)
    reader = csv.reader(iter(lines), strict=False, skipinitialspace=True)
    row = 0
    try:
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except (csv.Error, _Suspect) as problem:
                raise _record_error(row + 1, problem) from None
            if lines.exhausted and record and record[-1].endswith(_END):
                if record == [_END]:
                    return  # the end marker alone: every quote was closed
                raise _unclosed_quote(row + 1)
            row += 1
            yield row, record
    finally:
        text.detach()  # the caller owns the stream


def _row_error(row: int, identifier: str, notes: str, extra: bool) -> CsvRowError | None:
    """The row error of a non-blank row, if it has one."""
    if extra:
        message = f"Row {row} has more than two values; expected username_or_email[,notes]."
        return CsvRowError(row, identifier, errors.BAD_FORMAT, message)
    if not identifier:
        message = f"Row {row} has notes but no username or email."
        return CsvRowError(row, identifier, errors.BAD_FORMAT, message)
    if len(notes) > MAX_NOTES:
        message = (
            f"The notes of {identifier} in row {row} are {len(notes):,} characters long; "
            f"at most {MAX_NOTES:,} are allowed."
        )
        return CsvRowError(row, identifier, errors.NOTES_TOO_LONG, message)
    return None


def csv_parse(stream: BinaryIO) -> ParsedCsv:
    """Every data row of the file, either usable (`rows`) or a row error (`errors`).
    Raises CsvFileError for the file-level errors of SPEC §8. Kept tight: it runs once
    per row of files up to 100,000 rows."""
    parsed = ParsedCsv()
    data_rows = 0
    header_possible = True
    for row, record in csv_records(stream):
        identifier = record[0].strip() if record else ""
        notes = record[1].strip() if len(record) > 1 else ""
        extra = len(record) > 2 and any(cell.strip() for cell in record[2:])
        if not (identifier or notes or extra):
            parsed.skipped += 1  # blank: empty, or only whitespace and commas
            continue
        if header_possible:
            header_possible = False
            if identifier.lower() in HEADER_WORDS:
                parsed.skipped += 1
                continue
        if data_rows == MAX_ROWS:
            message = f"The file has more than {MAX_ROWS:,} rows; split it into smaller files."
            raise CsvFileError(TOO_MANY_ROWS, message)
        data_rows += 1
        problem = _row_error(row, identifier, notes, extra)
        if problem is None:
            parsed.rows.append((row, identifier, notes))
        else:
            parsed.errors.append(problem)
    if not data_rows:
        raise CsvFileError(EMPTY_FILE, EMPTY_FILE_MESSAGE)
    return parsed
