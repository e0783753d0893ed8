"""`manage.py import_exceptions COURSE_KEY FILE [--dry-run] [--as USERNAME]`: grant
certificate exceptions from a CSV file, through the same service as the upload endpoint
(SPEC §8). The grants are audited with the acting user and the source `csv:row N`."""

from __future__ import annotations

import os
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from tqdm import tqdm

from certdesk.audit.services import AuditContext
from certdesk.certificates.selectors import certificates_available
from certdesk.certificates.services.csv_import import (
    AUDIT_SOURCE,
    CsvImport,
    csv_import_answer,
    exceptions_import_csv,
)
from certdesk.core.errors import CertdeskError
from certdesk.core.keys import canonical_course_key
from certdesk.courses.access import course_access_resolve
from certdesk.courses.models import Course
from certdesk.courses.permissions import Perm
from certdesk.courses.selectors import course_get


class _Raw:
    """The command's stdout as tqdm needs it: text written as it is, no line ending."""

    def __init__(self, out: OutputWrapper) -> None:
        self._out = out

    def write(self, text: str) -> None:
        self._out.write(text, ending="")

    def flush(self) -> None:
        self._out.flush()


class _ProgressBar:
    """`on_progress` for the service: a tqdm bar, made when the total is first known."""

    def __init__(self, out: OutputWrapper, *, label: str) -> None:
        self._out = out
        self._label = label
        self._bar: tqdm | None = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            self._bar = tqdm(total=total, desc=self._label, unit=" learners", file=_Raw(self._out))
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _actor(username: str | None) -> AbstractBaseUser:
    """The --as user; without --as, the one active global staff user, if there is one."""
    users = get_user_model().objects.filter(is_active=True)
    if username is not None:
        user = users.filter(username=username).first()
        if user is None:
            raise CommandError(f"Unknown user {username!r} (--as takes an active username).")
        return user
    staff = list(users.filter(is_staff=True)[:2])
    if len(staff) != 1:
        raise CommandError(
            "Say who grants the exceptions with --as USERNAME (it may be left out only "
            "when exactly one active global staff user exists)."
        )
    return staff[0]


def _course(raw_key: str, actor: AbstractBaseUser) -> Course:
    """The course, which must exist, allow certificate writes and be writable by actor."""
    try:
        key = canonical_course_key(raw_key)
        if course_get(key=key) is None:
            raise CommandError(f"Unknown course {key!r}.")
        access = course_access_resolve(user=actor, raw_key=key, perm=Perm.CERTIFICATES_WRITE)
    except CertdeskError as exc:
        raise CommandError(f"{exc.message} (acting as {actor.get_username()!r})") from exc
    if not certificates_available(course=access.course):
        raise CommandError(f"Certificate management is not available for {key}.")
    return access.course


class Command(BaseCommand):
    help = (
        "Grant certificate exceptions from a CSV of username_or_email[,notes] rows (the "
        "format of the bulk upload endpoint, see docs/csv.md) and print the summary."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("course_key", help="e.g. course-v1:Org+Number+Run")
        parser.add_argument("file", help="path of the CSV file")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument(
            "--as",
            dest="as_username",
            metavar="USERNAME",
            help="the instructor or global staff user who grants (required unless exactly "
            "one active global staff user exists)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = _actor(options["as_username"])
        course = _course(options["course_key"], actor)
        path = options["file"]
        dry_run = options["dry_run"]
        progress = None
        if self.stdout.isatty():
            progress = _ProgressBar(self.stdout, label="Checking" if dry_run else "Granting")
        try:
            with open(path, "rb") as stream:
                done = exceptions_import_csv(
                    course=course,
                    name=os.path.basename(path),
                    size=os.fstat(stream.fileno()).st_size,
                    stream=stream,
                    granted_by=actor,
                    context=AuditContext(actor=actor, source=AUDIT_SOURCE),
                    dry_run=dry_run,
                    on_progress=progress,
                )
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from exc
        except CertdeskError as exc:
            raise CommandError(f"{path}: {exc.message} ({exc.code})") from exc
        finally:
            if progress is not None:
                progress.close()
        self._report(done)

    def _report(self, done: CsvImport) -> None:
        answer = csv_import_answer(done)
        for error in answer["errors"]:
            line = f"row {error['row']}: {error['code']}: {error['message']}"
            self.stdout.write(line, style_func=self.style.ERROR)
        for warning in answer["warnings"]:
            line = f"row {warning['row']}: {warning['code']}: {warning['message']}"
            self.stdout.write(line, style_func=self.style.WARNING)
        summary = answer["summary"]
        granted = "would be granted" if done.dry_run else "granted"
        self.stdout.write(
            f"Summary: rows {summary['rows']}, {granted} {summary['granted']}, failed "
            f"{summary['failed']}, duplicates {summary['duplicates']}, skipped "
            f"{summary['skipped']} (blank rows and header)."
        )
        if done.dry_run:
            self.stdout.write("Dry run: nothing was written.")
