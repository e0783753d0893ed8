"""`generate`: a generation job for every actively enrolled learner of one course.

N learners are enrolled (verified) with a passing grade and no certificate yet. The
measured work is the real path: `generation_job_start` (student set "all") inside a
transaction, whose on-commit hook records the job id instead of handing it to Celery,
then `execute_generation_job` for each recorded id in this process, the way a worker runs
it. `celery_tasks` is how many times the job was enqueued (one per job). The floor
(`raw_seconds`) is a plain bulk insert of the same final certificate rows into an
unindexed copy of the table on the same database, in the same run: `executemany` on
SQLite, `COPY` on PostgreSQL."""

from __future__ import annotations

from bench.common import analyze, emit, floor_fields, measure, raw_floor, setup_django

KEY = "course-v1:Bench+GEN+2026"
SETUP_CHUNK = 20_000
USER_COLUMNS = (
    "password",
    "is_superuser",
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_active",
    "date_joined",
    "name",
)


def _user_row(i: int, now) -> tuple:
    name = f"learner{i:06d}"
    return ("!", False, name, "Learner", f"{i:06d}", f"{name}@example.org", False, True, now, "")


def _make_course(learners: int):
    """The course, its instructor and N passing verified learners. Setup, not measured:
    rows go in through certdesk.core.bulk.insert_rows, no model instances."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from certdesk.core.bulk import insert_rows
    from certdesk.courses.models import Course, CourseRole, Enrollment, Grade

    User = get_user_model()
    now = timezone.now()
    course = Course.objects.create(
        key=KEY, display_name="Benchmark", org="Bench", course_number="GEN", course_run="2026"
    )
    instructor = User.objects.create_user("bench_instructor", "bench@example.org")
    CourseRole.objects.create(user=instructor, course=course, role="instructor")
    with transaction.atomic():
        for start in range(0, learners, SETUP_CHUNK):
            stop = min(start + SETUP_CHUNK, learners)
            rows = [_user_row(i, now) for i in range(start, stop)]
            insert_rows(User, USER_COLUMNS, rows)
        ids = list(
            User.objects.filter(username__startswith="learner")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(ids), SETUP_CHUNK):
            chunk = ids[start : start + SETUP_CHUNK]
            insert_rows(
                Enrollment,
                ("user", "course", "mode", "is_active", "created", "modified"),
                [(uid, course.pk, "verified", True, now, now) for uid in chunk],
            )
            insert_rows(
                Grade,
                ("user", "course", "percent", "passed", "modified"),
                [(uid, course.pk, 0.5 + (uid % 50) / 100, True, now) for uid in chunk],
            )
    if len(ids) != learners:
        raise SystemExit(f"setup made {len(ids)} learners, not {learners}")
    return course, instructor


def run(*, learners: int, db: str) -> None:
    setup_django(db)
    from django.db import transaction

    from certdesk.certificates.choices import JobState, Status
    from certdesk.certificates.models import Certificate, GenerationJob
    from certdesk.certificates.services.eligibility import NEW_CERTIFICATE_COLUMNS
    from certdesk.certificates.services.jobs import generation_job_start
    from certdesk.certificates.tasks import execute_generation_job

    course, instructor = _make_course(learners)
    analyze()
    enqueued: list[str] = []

    def work() -> None:
        with transaction.atomic():
            generation_job_start(
                course=course,
                student_set="all",
                statuses=[],
                requester=instructor,
                enqueue=enqueued.append,
            )
        for job_id in list(enqueued):  # what the Celery worker does with each task
            execute_generation_job(job_id)

    measurement, _ = measure(work)
    jobs = list(GenerationJob.objects.filter(course=course))
    if len(jobs) != 1 or jobs[0].state != JobState.COMPLETED or jobs[0].succeeded != learners:
        summary = [(job.state, job.succeeded, job.total, job.error_message) for job in jobs]
        raise SystemExit(f"the job did not complete for every learner: {summary}")
    made = Certificate.objects.filter(course=course, status=Status.DOWNLOADABLE).count()
    if made != learners or Certificate.objects.count() != learners:
        raise SystemExit(f"{made} downloadable certificates, not {learners}")
    # the columns the job writes (certdesk.certificates.services.eligibility)
    columns = tuple(Certificate._meta.get_field(name).column for name in NEW_CERTIFICATE_COLUMNS)
    floors = raw_floor(Certificate, columns)
    emit(
        {
            "benchmark": "generate",
            "db": db,
            "learners": learners,
            "seconds": round(measurement.seconds, 3),
            **floor_fields(measurement.seconds, floors),
            "statements": measurement.statements,
            "celery_tasks": len(enqueued),
            "peak_rss_mib": measurement.peak_rss_growth_mib,
        }
    )
