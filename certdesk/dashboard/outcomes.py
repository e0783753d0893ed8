"""How the outcome of a grant, an upload or a generation is told to people: every CSV
row with its number and code, and messages that say what happened."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from certdesk.certificates.api.v2.job_serializers import task_status
from certdesk.certificates.choices import ACTIVE_JOB_STATES
from certdesk.certificates.job_labels import job_task_name
from certdesk.certificates.models import GenerationJob
from certdesk.certificates.services.csv_import import CsvImport, csv_import_answer

# A file may have 100,000 rows: every failed and duplicate row is listed, but only the
# first rows to be granted (their count is in the summary).
SUCCESS_ROWS_SHOWN = 200


@dataclass(frozen=True)
class RowOutcome:
    row: int | None
    learner: str
    code: str
    message: str
    kind: str  # "ok", "error" or "warning"


@dataclass(frozen=True)
class CsvReport:
    summary: dict[str, int]
    problems: list[RowOutcome]  # every failed and duplicate row, in row order
    granted: list[RowOutcome]  # the rows granted (or to be granted), at most SUCCESS_ROWS_SHOWN
    granted_not_shown: int
    dry_run: bool


def _outcomes(items: list[dict[str, Any]], kind: str) -> list[RowOutcome]:
    return [
        RowOutcome(item["row"], item["learner"], item["code"], item["message"], kind)
        for item in items
    ]


def csv_report(done: CsvImport) -> CsvReport:
    answer = csv_import_answer(done)
    problems = _outcomes(answer["errors"], "error") + _outcomes(answer["warnings"], "warning")
    problems.sort(key=lambda outcome: outcome.row or 0)
    verb = "Will be granted an exception." if answer["dry_run"] else "Exception granted."
    successes = done.result.success
    granted = [
        RowOutcome(request.row, request.identifier, "ok", verb, "ok")
        for request in successes[:SUCCESS_ROWS_SHOWN]
    ]
    return CsvReport(
        summary=answer["summary"],
        problems=problems,
        granted=granted,
        granted_not_shown=max(0, len(successes) - SUCCESS_ROWS_SHOWN),
        dry_run=answer["dry_run"],
    )


def learners(count: int) -> str:
    return f"{count} learner{'' if count == 1 else 's'}"


def rows(count: int) -> str:
    return f"{count} row{'' if count == 1 else 's'}"


def csv_message(report: CsvReport) -> str:
    """ "Exceptions granted for 12 learners; 3 rows failed; 1 duplicate row skipped"."""
    summary = report.summary
    parts = [f"Exceptions granted for {learners(summary['granted'])}"]
    if summary["failed"]:
        parts.append(f"{rows(summary['failed'])} failed")
    if summary["duplicates"]:
        parts.append(f"{rows(summary['duplicates'])} skipped as duplicates")
    return "; ".join(parts) + "."


def job_progress(job: GenerationJob) -> dict[str, Any]:
    """What the progress bar shows, read from the API's task status (SPEC §6.10) so the
    two cannot disagree: state, learners processed of the total, percent, counts."""
    status = task_status(job)
    current, total = status["progress"]["current"], status["progress"]["total"]
    finished = job.state not in ACTIVE_JOB_STATES
    empty = 100 if finished else 0  # a job with no learner to touch
    percent = min(100, round(100 * current / total)) if total else empty
    return {
        "task_id": status["task_id"],
        "task_name": job_task_name(job),
        "state": job.state,
        "state_label": job.get_state_display(),
        "current": current,
        "total": total,
        "percent": percent,
        **{key: status["counts"][key] for key in ("succeeded", "skipped", "failed")},
        "finished": finished,
        "message": status["result"]["message"],
    }
