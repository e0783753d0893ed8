"""Celery tasks, and how a job reaches one: a Celery worker when a broker is configured,
else a background thread of this process. Either way only after the request commits."""

from __future__ import annotations

import logging
import threading

from celery import shared_task
from django.conf import settings
from django.db import close_old_connections, connection
from kombu.exceptions import OperationalError as BrokerError

from certdesk.certificates.services.jobs import generation_job_fail, generation_job_run

logger = logging.getLogger(__name__)
_threads: list[threading.Thread] = []


def execute_generation_job(job_id: str) -> None:
    """The one entry point of a job run: any unexpected error is recorded on the job
    (the boundary where a failure must become data), then raised again."""
    try:
        generation_job_run(job_id=job_id)
    except Exception as error:  # noqa: BLE001 - recorded on the job, then re-raised
        logger.exception("generation job %s failed", job_id)
        generation_job_fail(job_id=job_id, error=error)
        raise


@shared_task(
    name="certdesk.certificates.run_generation_job",
    acks_late=True,
    reject_on_worker_lost=True,
)
def run_generation_job(job_id: str) -> None:
    execute_generation_job(job_id)


def _in_process(job_id: str) -> None:
    close_old_connections()
    try:
        execute_generation_job(job_id)
    except Exception:  # noqa: BLE001 - already recorded on the job and logged
        pass
    finally:
        connection.close()


def enqueue_generation_job(job_id: str) -> None:
    """Hand the job to Celery, or (no broker) to a daemon thread of this process. A
    broker that cannot be reached fails the job at once, so it does not stay queued and
    block the course's next job."""
    if settings.CELERY_BROKER_URL:
        try:
            run_generation_job.delay(job_id)
        except (BrokerError, OSError) as error:
            logger.error("could not queue generation job %s: %s", job_id, error)
            generation_job_fail(job_id=job_id, error=error)
        return
    thread = threading.Thread(target=_in_process, args=(job_id,), name=f"job-{job_id}", daemon=True)
    _threads.append(thread)
    thread.start()


def wait_for_in_process_jobs(timeout: float = 60.0) -> None:
    """Join the background threads started so far (tests and the demo use this)."""
    while _threads:
        _threads.pop().join(timeout)
