"""Demo data for `make run`: three courses, a few hundred learners in every mode with
grades, a course team, a few exceptions, one invalidation and one finished generation
job, so that every list of the dashboard and the API has something in it.

Everything goes through the services the APIs use (the grades' re-evaluation generates
the certificates). The data is a fixed plan, not random, so a second run finds it all in
place and writes nothing; only the instructor's API token is new on every run."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from opaque_keys.edx.keys import CourseKey

from certdesk.accounts.models import User
from certdesk.accounts.services import api_token_issue
from certdesk.audit.services import AuditContext
from certdesk.certificates.choices import Status, StudentSet
from certdesk.certificates.models import Certificate
from certdesk.certificates.selectors import generation_history
from certdesk.certificates.services.exceptions import exceptions_grant_many
from certdesk.certificates.services.invalidations import certificates_invalidate_many
from certdesk.certificates.services.jobs import generation_job_run, generation_job_start
from certdesk.certificates.services.learners import LearnerRequest
from certdesk.courses.choices import CERTIFICATE_ELIGIBLE_MODES, Mode, Role
from certdesk.courses.models import Course
from certdesk.courses.services.courses import course_upsert
from certdesk.courses.services.enrollments import enrollments_upsert_many
from certdesk.courses.services.grades import grades_upsert_many
from certdesk.courses.services.roles import course_role_set

DEMO_PASSWORD = "certdesk-demo"
LEARNER_COUNT = 300
PASS_MARK = 0.6
EXCEPTIONS_PER_COURSE = 3
FIRST_NAMES = ("Ada", "Bo", "Chen", "Dana", "Emeka", "Farah", "Goran", "Hana", "Ines", "Jun")
LAST_NAMES = ("Okafor", "Lindqvist", "Moreau", "Nakamura", "Silva", "Haddad", "Novak", "Reyes")


@dataclass(frozen=True)
class DemoCourse:
    key: str
    display_name: str
    self_paced: bool
    start: dt.datetime
    end: dt.datetime | None
    learners: range  # the learner numbers enrolled


def _utc(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, tzinfo=dt.UTC)


COURSES = (
    DemoCourse(
        "course-v1:certdesk+DEMO101+2026",
        "Introduction to Data Literacy",
        True,
        _utc(2026, 1, 12),
        None,
        range(1, LEARNER_COUNT + 1),
    ),
    DemoCourse(
        "course-v1:certdesk+DEMO201+2026",
        "Statistics for Decision Makers",
        False,
        _utc(2026, 2, 2),
        _utc(2026, 6, 26),
        range(1, 181),
    ),
    DemoCourse(
        "course-v1:certdesk+DEMO301+2026",
        "Writing Clear Reports",
        False,
        _utc(2026, 3, 2),
        _utc(2026, 9, 25),
        range(121, LEARNER_COUNT + 1),
    ),
)
# username → (email, global staff, role on every demo course)
LOGINS: dict[str, tuple[str, bool, str | None]] = {
    "instructor": ("instructor@example.org", False, Role.INSTRUCTOR),
    "staff": ("staff@example.org", False, Role.STAFF),
    "admin": ("admin@example.org", True, None),
}


@dataclass(frozen=True)
class PlannedLearner:
    number: int
    mode: str
    is_active: bool
    percent: float | None  # None: not graded yet
    passed: bool

    @property
    def username(self) -> str:
        return f"learner{self.number:03d}"

    @property
    def eligible(self) -> bool:
        return self.is_active and self.mode in CERTIFICATE_ELIGIBLE_MODES

    def enrollment_item(self) -> dict:
        first = FIRST_NAMES[self.number % len(FIRST_NAMES)]
        last = LAST_NAMES[(self.number * 7) % len(LAST_NAMES)]
        return {
            "username": self.username,
            "email": f"{self.username}@example.org",
            "name": f"{first} {last}",
            "mode": self.mode,
            "is_active": self.is_active,
        }

    def grade_item(self) -> dict:
        return {"username": self.username, "percent": self.percent, "passed": self.passed}


def course_plan(index: int, demo: DemoCourse) -> Iterator[PlannedLearner]:
    """The course's learners: modes in turn, about two thirds passing, a few not graded
    and a few unenrolled. Seeded by the course key, so every run plans the same."""
    rng = random.Random(demo.key)
    modes = Mode.values
    for number in demo.learners:
        passed = rng.random() < 2 / 3
        percent = rng.uniform(PASS_MARK, 1) if passed else rng.uniform(0.05, PASS_MARK - 0.01)
        graded = number % 40 != 0
        yield PlannedLearner(
            number=number,
            mode=modes[(number + index) % len(modes)],
            is_active=number % 50 != 7,
            percent=round(percent, 2) if graded else None,
            passed=passed and graded,
        )


@dataclass(frozen=True)
class DemoCourseResult:
    course: Course
    learners: int
    certificates: int  # downloadable ones


@dataclass(frozen=True)
class DemoResult:
    courses: list[DemoCourseResult]
    logins: dict[str, str]  # username → what it can do
    token: str  # a new API token of `instructor`


def _login_ensure(*, username: str, email: str, global_staff: bool) -> User:
    """A demo login with the demo password; an existing one is left as it is when it
    already matches (setting a password rewrites its hash with a new salt)."""
    user, created = User.objects.get_or_create(username=username, defaults={"email": email})
    changed = []
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        changed.append("password")
    if global_staff and not user.is_staff:
        user.is_staff = True
        changed.append("is_staff")
    if changed:
        user.save(update_fields=changed)
    return user


def _course_load(
    *, index: int, demo: DemoCourse, instructor: User, context: AuditContext
) -> DemoCourseResult:
    fields = {
        "display_name": demo.display_name,
        "self_paced": demo.self_paced,
        "start": demo.start,
        "end": demo.end,
        "enrollment_start": demo.start - dt.timedelta(days=30),
    }
    key = CourseKey.from_string(demo.key)
    course = course_upsert(key=key, fields=fields, context=context).course
    for username, (_, _, role) in LOGINS.items():
        if role is not None:
            course_role_set(course=course, username=username, role=role)
    plan = list(course_plan(index, demo))
    enrollments_upsert_many(course=course, items=[learner.enrollment_item() for learner in plan])
    graded = [learner.grade_item() for learner in plan if learner.percent is not None]
    grades_upsert_many(course=course, items=graded, context=context)
    _exceptions_and_invalidation(course=course, plan=plan, instructor=instructor, context=context)
    if not generation_history(course=course).exists():
        job = generation_job_start(
            course=course,
            student_set=StudentSet.ALL,
            statuses=[],
            requester=instructor,
            enqueue=lambda job_id: None,  # run right here, below
        )
        generation_job_run(job_id=job.pk)
    received = Certificate.objects.filter(course=course, status=Status.DOWNLOADABLE).count()
    return DemoCourseResult(course=course, learners=len(plan), certificates=received)


def _exceptions_and_invalidation(
    *, course: Course, plan: list[PlannedLearner], instructor: User, context: AuditContext
) -> None:
    """Exceptions for the first few eligible learners who did not pass, and one
    invalidation of a passing learner's certificate. A second run is refused by the
    services' own checks (already allowlisted / invalidated) and writes nothing."""
    failing = [learner for learner in plan if learner.eligible and not learner.passed]
    exceptions_grant_many(
        course=course,
        requests=[
            LearnerRequest(identifier=learner.username, notes="Completed the work offline.")
            for learner in failing[:EXCEPTIONS_PER_COURSE]
        ],
        granted_by=instructor,
        context=context,
    )
    passing = next(learner for learner in plan if learner.eligible and learner.passed)
    certificates_invalidate_many(
        course=course,
        requests=[LearnerRequest(identifier=passing.username)],
        notes="Under academic integrity review.",
        invalidated_by=instructor,
        context=context,
    )


def demo_load() -> DemoResult:
    """Create or complete the demo data, in one transaction."""
    with transaction.atomic():
        users = {
            username: _login_ensure(username=username, email=email, global_staff=staff)
            for username, (email, staff, _) in LOGINS.items()
        }
        context = AuditContext(actor=users["instructor"], source="ingest")
        courses = [
            _course_load(index=index, demo=demo, instructor=users["instructor"], context=context)
            for index, demo in enumerate(COURSES)
        ]
        token = api_token_issue(username="instructor").token
    logins = {
        "instructor": "instructor on every demo course",
        "staff": "staff on every demo course",
        "admin": "global staff (every course)",
    }
    return DemoResult(courses=courses, logins=logins, token=token)
