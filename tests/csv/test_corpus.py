"""Every file of `corpus/` uploaded through the HTTP API (SPEC §8), against the learners of
the `learners` fixture. Beside each file, `<file name>.json` holds the expected answer:

- `status`: the HTTP status;
- `body`: the parts of the body that matter. A dict matches when each of its keys
  matches; a list when it has as many items, each matching; `message_contains` is a
  substring of `message`. For a file-level error, `row` is in the body exactly when
  it is in the expectation;
- `exceptions` (answers 200): every exception of the course afterwards, username →
  notes (the fixture's `eve` included).

A file-level error must leave the database as it was. The upload is named like the file,
so `not-csv.txt` and `UPPERCASE.CSV` test the name check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.csv.conftest import exceptions_by_username, upload
from tests.snapshots import assert_nothing_written, db_snapshot

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(
    path for path in CORPUS.iterdir() if path.suffix != ".json" and not path.name.startswith(".")
)
ITEM_KEYS = {"row", "learner", "message", "code"}


def test_the_corpus_is_complete():
    assert len(CASES) >= 40
    for path in CASES:
        assert (CORPUS / f"{path.name}.json").exists(), f"{path.name} has no expected answer"
    expected = {path.name[: -len(".json")] for path in CORPUS.glob("*.json")}
    assert expected == {path.name for path in CASES}, "an answer without its file"


def _match(actual: Any, expected: Any, where: str = "body") -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: {actual!r} is not an object"
        for key, value in expected.items():
            if key == "message_contains":
                assert value in actual["message"], f"{where}.message: {actual['message']!r}"
                continue
            assert key in actual, f"{where}: no {key!r} in {sorted(actual)}"
            _match(actual[key], value, f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), (
            f"{where}: {json.dumps(actual, ensure_ascii=False)[:1500]}"
        )
        for index, (item, wanted) in enumerate(zip(actual, expected, strict=True)):
            _match(item, wanted, f"{where}[{index}]")
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", CASES, ids=[path.name for path in CASES])
def test_corpus_file(as_user, instructor, course, learners, path):
    expected = json.loads((CORPUS / f"{path.name}.json").read_text(encoding="utf-8"))
    client = as_user(instructor)
    before = db_snapshot()
    response = upload(client, path.read_bytes(), name=path.name)
    assert response.status_code == expected["status"], response.content[:1000]
    body = response.json()
    _match(body, expected["body"])
    if response.status_code == 200:
        for item in body["errors"] + body["warnings"]:
            assert set(item) == ITEM_KEYS
        assert exceptions_by_username(course) == expected["exceptions"]
    else:
        assert ("row" in body) == ("row" in expected["body"])
        assert body["developer_message"] == body["message"]
        assert_nothing_written(before)
