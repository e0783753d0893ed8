"""`manage.py import_exceptions COURSE_KEY FILE [--dry-run] [--as USERNAME]` (SPEC §8)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from certdesk.audit.models import AuditEvent
from tests.csv.conftest import KEY, exceptions_by_username
from tests.csv.test_corpus import CORPUS
from tests.factories import make_user
from tests.snapshots import assert_nothing_written, db_snapshot

MIXED = CORPUS / "mixed-good-and-bad.csv"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(*args: str, stdout: io.StringIO | None = None) -> str:
    out = stdout or io.StringIO()
    call_command("import_exceptions", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_import_grants_audits_and_prints_the_summary(instructor, course, learners):
    output = run(KEY, str(MIXED), "--as", instructor.username)
    assert exceptions_by_username(course) == {
        "eve": "earlier",
        "ann": "dup last",
        "gus": "audit ok",
    }
    granted = AuditEvent.objects.filter(action="exception_granted").order_by("source")
    assert [(e.learner.username, e.source, e.actor) for e in granted] == [
        ("gus", "csv:row 8", instructor),
        ("ann", "csv:row 9", instructor),
    ]
    assert "row 4: user_not_found: Learner nobody does not exist." in output
    assert "row 2: duplicate:" in output
    assert output.rstrip().endswith(
        "Summary: rows 11, granted 2, failed 8, duplicates 1, skipped 2 (blank rows and header)."
    )
    assert "\r" not in output  # no progress bar when stdout is not a terminal


@pytest.mark.django_db
def test_dry_run_writes_nothing(instructor, course, learners):
    before = db_snapshot()
    output = run(KEY, str(MIXED), "--dry-run", "--as", instructor.username)
    assert_nothing_written(before)
    assert "would be granted 2," in output
    assert output.rstrip().endswith("Dry run: nothing was written.")


@pytest.mark.django_db
def test_a_terminal_gets_a_progress_bar(instructor, course, learners):
    output = run(KEY, str(MIXED), "--as", instructor.username, stdout=Terminal())
    assert "Granting" in output and "100%" in output
    assert output.rstrip().endswith("(blank rows and header).")


@pytest.mark.django_db
def test_without_as_the_only_global_staff_user_acts(global_staff, course, learners):
    run(KEY, str(MIXED))
    actors = AuditEvent.objects.filter(action="exception_granted").values_list("actor", flat=True)
    assert set(actors) == {global_staff.pk}


@pytest.mark.django_db
def test_without_as_and_without_a_single_global_staff_user_it_stops(global_staff, learners):
    make_user("admin2", is_staff=True)
    before = db_snapshot()
    with pytest.raises(CommandError, match="--as USERNAME"):
        run(KEY, str(MIXED))
    assert_nothing_written(before)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((KEY, "{mixed}", "--as", "nobody"), "Unknown user 'nobody'"),
        (("course-v1:OrgZ+Nothing+2026", "{mixed}", "--as", "instructor_a"), "Unknown course"),
        (("not a key", "{mixed}", "--as", "instructor_a"), "Course not found"),
        ((KEY, "{mixed}", "--as", "staff_a"), "does not allow"),
        ((KEY, "/nonexistent/x.csv", "--as", "instructor_a"), "Cannot read /nonexistent/x.csv"),
        ((KEY, "{empty}", "--as", "instructor_a"), "CSV file is empty or contains no valid"),
        ((KEY, "{nul}", "--as", "instructor_a"), r"Row 2 contains a NUL byte\. \(malformed_csv\)"),
        ((KEY, "{txt}", "--as", "instructor_a"), r"File must be in CSV format \(not_csv\)"),
    ],
    ids=["user", "course", "key", "role", "path", "empty", "nul", "name"],
)
def test_clear_errors_and_nothing_written(instructor, staff_member, learners, args, message):
    files = {
        "mixed": MIXED,
        "empty": CORPUS / "empty.csv",
        "nul": CORPUS / "nul-byte.csv",
        "txt": CORPUS / "not-csv.txt",
    }
    before = db_snapshot()
    with pytest.raises(CommandError, match=message):
        run(*(arg.format(**files) for arg in args))
    assert_nothing_written(before)


@pytest.mark.django_db
def test_it_stops_while_certificate_management_is_unavailable(instructor, course, learners):
    course.certificates_enabled = False
    course.save()
    before = db_snapshot()
    with pytest.raises(CommandError, match="not available"):
        run(KEY, str(MIXED), "--as", instructor.username)
    assert_nothing_written(before)
