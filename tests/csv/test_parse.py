"""The CSV parser on its own (no database): row numbers, limits, speed."""

from __future__ import annotations

import io

import pytest

from certdesk.certificates.services.csv_parse import (
    MAX_ROWS,
    CsvFileError,
    csv_parse,
    csv_records,
)


def parse(data: bytes):
    return csv_parse(io.BytesIO(data))


def file_error(data: bytes) -> CsvFileError:
    with pytest.raises(CsvFileError) as caught:
        parse(data)
    return caught.value


def test_rows_are_numbered_like_a_spreadsheet():
    data = b'\r\nann,"one\r\ntwo"\rbob\n\n"cat","x\ny\nz"\r\ndan'
    assert [row for row, _ in csv_records(io.BytesIO(data))] == [1, 2, 3, 4, 5, 6]
    assert parse(data).rows == [
        (2, "ann", "one\r\ntwo"),
        (3, "bob", ""),
        (5, "cat", "x\ny\nz"),
        (6, "dan", ""),
    ]


@pytest.mark.parametrize("offset", range(8180, 8200))
def test_a_crlf_split_across_read_chunks_ends_one_row(offset):
    """The text layer reads 8 KiB at a time; a CR at the end of one read and the LF at
    the start of the next are still one line end."""
    data = b"a" * offset + b"\r\nbob\r\ncat\r\n"
    assert [row for row, _, _ in parse(data).rows] == [1, 2, 3]


def test_an_invalid_byte_inside_a_multiline_value_names_the_row_it_starts_on():
    error = file_error(b'ann\nbob,"first line\nsecond \xff line"\ncat\n')
    assert (error.code, error.row, error.extra) == ("invalid_encoding", 2, {"row": 2})


def test_an_invalid_byte_after_a_long_valid_prefix_is_found_in_its_row():
    data = b"".join(b"learner%05d,ok\n" % i for i in range(5000)) + b"late,\xc3\x28\n"
    assert file_error(data).row == 5001


def test_exactly_the_row_limit_is_accepted_and_one_more_is_not():
    rows = b"".join(b"u%06d\n" % i for i in range(MAX_ROWS))
    parsed = parse(b"username\n\n" + rows + b"\n")
    assert (len(parsed.rows), parsed.skipped) == (MAX_ROWS, 3)
    error = file_error(rows + b"one_more\n")
    assert (error.code, error.status, error.row) == ("too_many_rows", 400, None)


def test_the_caller_keeps_the_stream_open():
    stream = io.BytesIO(b"ann\n")
    csv_parse(stream)
    assert not stream.closed


def test_a_value_longer_than_the_csv_modules_default_limit_is_a_row_error():
    """131,072 characters is the csv module's default; a cell is held to SPEC §8's limits
    only (notes over 1,000 characters are that row's error), whatever its length."""
    parsed = csv_parse(io.BytesIO(b"ann," + b"x" * 200_000 + b"\nbob,fine\n"))
    assert [(e.row, e.learner, e.code) for e in parsed.errors] == [(1, "ann", "notes_too_long")]
    assert parsed.rows == [(2, "bob", "fine")]


@pytest.mark.parametrize(
    ("content", "notes"),
    [
        (b'ann,"Medical leave" \n', "Medical leave"),  # a space after the closing quote
        (b'ann,"Medical" leave\n', "Medical leave"),  # text after it, kept as Excel does
        (b'"ann" ,late\n', "late"),
        (b'ann,"said ""yes"""\n', 'said "yes"'),
    ],
)
def test_after_a_closing_quote_the_value_goes_on(content, notes):
    assert csv_parse(io.BytesIO(content)).rows == [(1, "ann", notes)]


@pytest.mark.parametrize(
    ("content", "row"),
    [
        (b'ann,"never closed\n', 1),
        (b'ann\nbob,"never\nclosed', 2),
        (b'ann\nbob,"ends on a doubled quote""', 2),
    ],
)
def test_only_a_quote_open_at_the_end_of_the_file_is_malformed(content, row):
    error = file_error(content)
    assert (error.code, error.row) == ("malformed_csv", row)
    assert "never closed" in error.message


def test_100000_rows_are_all_parsed():
    """Its speed is measured by `bench/run.py csv`, not here."""
    data = (
        "\ufeffusername,notes\r\n"
        + "".join(f'learner{i:06d},"Granted in bulk, row {i + 2}"\r\n' for i in range(MAX_ROWS))
    ).encode()
    parsed = parse(data)
    assert len(parsed.rows) == MAX_ROWS
    assert parsed.rows[-1] == (
        MAX_ROWS + 1,
        f"learner{MAX_ROWS - 1:06d}",
        f"Granted in bulk, row {MAX_ROWS + 1}",
    )
