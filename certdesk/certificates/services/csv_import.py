"""Granting exceptions from a CSV file (SPEC §8): check the upload, parse it, grant through
`exceptions_grant_many`, and build the answer with its summary. The API endpoint and the
`import_exceptions` command both call `exceptions_import_csv`, so they cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, BinaryIO

from django.contrib.auth.base_user import AbstractBaseUser

from certdesk.audit.services import AuditContext
from certdesk.certificates.services.csv_parse import CsvFileError, CsvRowError, csv_parse
from certdesk.certificates.services.exceptions import Progress, exceptions_grant_many
from certdesk.certificates.services.learners import BulkResult, LearnerOutcome, LearnerRequest
from certdesk.core.collector import collector_paused
from certdesk.courses.models import Course

MAX_FILE_BYTES = 10 * 1024 * 1024

NO_FILE = "no_file"
NOT_CSV = "not_csv"
FILE_TOO_LARGE = "file_too_large"

# Open edX's texts where it has one.
NO_FILE_MESSAGE = "No file uploaded"
NOT_CSV_MESSAGE = "File must be in CSV format"
FILE_TOO_LARGE_MESSAGE = "The file is larger than 10 MB; split it into smaller files."
# A request carrying the file may exceed MAX_FILE_BYTES by its multipart envelope (part
# headers, boundaries); a body larger than this cannot hold a file within the limit.
MAX_UPLOAD_BODY_BYTES = MAX_FILE_BYTES + 1024 * 1024

# The source of an upload's events when no row is theirs; each grant, and the certificate
# change it causes, is audited with the source `csv:row N` of its row (SPEC §7.8).
AUDIT_SOURCE = "csv"


def no_file_error() -> CsvFileError:
    return CsvFileError(NO_FILE, NO_FILE_MESSAGE)


def csv_upload_check(*, name: str, size: int) -> None:
    """The checks made before a byte of the file is parsed: its name, then its size."""
    if not name.lower().endswith(".csv"):
        raise CsvFileError(NOT_CSV, NOT_CSV_MESSAGE)
    if size > MAX_FILE_BYTES:
        raise CsvFileError(FILE_TOO_LARGE, FILE_TOO_LARGE_MESSAGE, status=413)


@dataclass(frozen=True)
class CsvImport:
    """What an import did (or, on a dry run, would do)."""

    result: BulkResult
    row_errors: list[CsvRowError]
    rows: int  # data rows: not blank, not the header
    skipped: int  # blank rows and the header
    dry_run: bool


@collector_paused()
def exceptions_import_csv(
    *,
    course: Course,
    name: str,
    size: int,
    stream: BinaryIO,
    granted_by: AbstractBaseUser,
    context: AuditContext,
    dry_run: bool = False,
    on_progress: Progress | None = None,
) -> CsvImport:
    """Grant an exception for every valid row of the file (SPEC §8, checks of §7.1).
    A file-level problem raises CsvFileError and writes nothing; with `dry_run` nothing
    is written either way. The caller owns `stream` and closes it."""
    csv_upload_check(name=name, size=size)
    parsed = csv_parse(stream)
    requests = [
        LearnerRequest(identifier=identifier, notes=notes, position=row, row=row)
        for row, identifier, notes in parsed.rows
    ]
    data_rows = parsed.data_rows
    parsed.rows.clear()  # the requests hold the same values: 100,000 tuples less
    result = exceptions_grant_many(
        course=course,
        requests=requests,
        granted_by=granted_by,
        context=context,
        dry_run=dry_run,
        on_progress=on_progress,
    )
    return CsvImport(
        result=result,
        row_errors=parsed.errors,
        rows=data_rows,
        skipped=parsed.skipped,
        dry_run=dry_run,
    )


def _outcome(item: LearnerOutcome) -> dict[str, Any]:
    request = item.request
    return {
        "row": request.row,
        "learner": request.identifier,
        "message": item.message,
        "code": item.code,
    }


def _row_error(item: CsvRowError) -> dict[str, Any]:
    return {"row": item.row, "learner": item.learner, "message": item.message, "code": item.code}


def csv_import_answer(done: CsvImport) -> dict[str, Any]:
    """The answer of SPEC §8: `{success, errors, warnings, summary, dry_run}`, every list
    in row order, identifiers as the file spelled them (trimmed)."""
    errors = [_row_error(item) for item in done.row_errors]
    errors += [_outcome(item) for item in done.result.errors]
    errors.sort(key=lambda error: error["row"])
    warnings = [_outcome(item) for item in done.result.warnings]
    return {
        "success": [request.identifier for request in done.result.success],
        "errors": errors,
        "warnings": warnings,
        "summary": {
            "rows": done.rows,
            "granted": len(done.result.success),
            "failed": len(errors),
            "skipped": done.skipped,
            "duplicates": len(warnings),
        },
        "dry_run": done.dry_run,
    }
