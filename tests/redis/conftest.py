"""Real Celery workers for the tests in this folder: separate processes on a queue of
their own, sharing the test's PostgreSQL database and Redis broker. Every worker a test
starts is stopped when the test ends, pass or fail; its log is printed on failure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection
from kombu import Exchange, Queue

from config.celery import app

# Short, so that the message of a killed worker comes back within seconds.
VISIBILITY_TIMEOUT = 5
STARTUP_POLLS = 600  # x 0.1 s
STOP_TIMEOUT = 10


@dataclass
class Worker:
    name: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL: no shutdown, so a job it holds stays unacknowledged in Redis."""
        self.process.kill()
        self.process.wait(STOP_TIMEOUT)

    def stop(self) -> None:
        """SIGTERM (warm shutdown), then SIGKILL if it does not end in time."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()

    def wait_until_ready(self) -> None:
        for _ in range(STARTUP_POLLS):
            if self.process.poll() is not None:
                pytest.fail(f"worker {self.name} exited with {self.process.returncode}")
            if f"{self.name} ready." in self.log():
                return
            time.sleep(0.1)
        pytest.fail(f"worker {self.name} was not ready after {STARTUP_POLLS // 10} s")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _database_url() -> str:
    """The database this test runs on (the per-run test database), as a URL."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    return (
        f"postgres://{quote(db['USER'] or '', safe='')}{password}@{db['HOST'] or '127.0.0.1'}"
        f"{port}/{quote(db['NAME'], safe='')}"
    )


def _forget_queue(name: str) -> None:
    """Leave nothing of this test's queue in Redis: its list and bindings, the control
    bindings of its workers, and any message of it that a killed worker left unacked."""
    client = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
    try:
        for key in client.scan_iter(match=f"*{name}*"):
            client.delete(key)
        for member in client.smembers("_kombu.binding.celery.pidbox"):
            if name in member.decode():
                client.srem("_kombu.binding.celery.pidbox", member)
        for tag, payload in client.hgetall("unacked").items():
            if json.loads(payload)[2] == name:
                client.pipeline().hdel("unacked", tag).zrem("unacked_index", tag).execute()
    finally:
        client.close()


@pytest.fixture
def worker_queue(settings) -> Iterator[str]:
    """A queue of this test alone; jobs this process enqueues are routed to it."""
    name = f"certdesk-test-{uuid.uuid4().hex[:12]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = name
    with app.connection_for_write() as conn:
        queue = Queue(name, Exchange(name), routing_key=name)(conn.default_channel)
        queue.declare()
        queue.purge()
    yield name
    _forget_queue(name)


@pytest.fixture
def start_worker(
    request: pytest.FixtureRequest, transactional_db, worker_queue: str, tmp_path: Path
) -> Iterator[Callable[[], Worker]]:
    """`start_worker()` starts one more worker on the test's queue and waits until it
    is ready. The fixture depends on `transactional_db` so workers stop before the
    database is flushed."""
    workers: list[Worker] = []
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": django_settings.CELERY_BROKER_URL,
        "CERTDESK_CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "PYTHONUNBUFFERED": "1",
    }
    celery = Path(sys.executable).with_name("celery")

    def start() -> Worker:
        name = f"{worker_queue}-{len(workers) + 1}@localhost"
        log_path = tmp_path / f"worker-{len(workers) + 1}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [str(celery), "-A", "config", "worker", "--pool=solo", "--concurrency=1",
                 "--prefetch-multiplier=1", "-Q", worker_queue, "-n", name, "-l", "info",
                 "--without-gossip", "--without-mingle", "--without-heartbeat"],
                cwd=django_settings.BASE_DIR, env=env, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        worker = Worker(name=name, process=process, log_path=log_path)
        workers.append(worker)
        worker.wait_until_ready()
        return worker

    yield start

    for worker in workers:
        worker.stop()
    report = getattr(request.node, "report_call", None)
    if report is None or report.failed:
        for worker in workers:
            print(f"\n----- log of {worker.name} (exit {worker.process.returncode}) -----")
            print(worker.log())
