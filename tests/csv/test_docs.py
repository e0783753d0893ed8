"""docs/csv.md names every code and file-level message the upload can answer with."""

from __future__ import annotations

from pathlib import Path

import pytest

from certdesk.certificates import errors
from certdesk.certificates.api.v2.bulk import ONE_FILE
from certdesk.certificates.services import csv_import, csv_parse

DOC = (Path(__file__).resolve().parents[2] / "docs" / "csv.md").read_text(encoding="utf-8")

CODES = [
    csv_import.NO_FILE,
    csv_import.NOT_CSV,
    csv_import.FILE_TOO_LARGE,
    csv_parse.TOO_MANY_ROWS,
    csv_parse.INVALID_ENCODING,
    csv_parse.MALFORMED_CSV,
    csv_parse.EMPTY_FILE,
    "invalid_body",
    "certificates_disabled",
    errors.USER_NOT_FOUND,
    errors.AMBIGUOUS_IDENTIFIER,
    errors.NOT_ENROLLED,
    errors.ALREADY_ALLOWLISTED,
    errors.INVALIDATED,
    errors.BAD_FORMAT,
    errors.NOTES_TOO_LONG,
    errors.DUPLICATE,
]
MESSAGES = [
    csv_import.NO_FILE_MESSAGE,
    csv_import.NOT_CSV_MESSAGE,
    csv_import.FILE_TOO_LARGE_MESSAGE,
    csv_parse.EMPTY_FILE_MESSAGE,
    ONE_FILE,
]


@pytest.mark.parametrize("code", CODES)
def test_every_code_is_documented(code):
    assert f"`{code}`" in DOC


@pytest.mark.parametrize("message", MESSAGES)
def test_every_file_message_is_documented(message):
    assert message in DOC
