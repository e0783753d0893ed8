"""Transactions that survive losing a race on a unique constraint."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction

T = TypeVar("T")
ATTEMPTS = 5


def atomic_retrying(work: Callable[[], T], *, attempts: int = ATTEMPTS) -> T:
    """Run `work` in one transaction. When a concurrent transaction inserted the same
    unique row first (two ingestion calls creating the same new user, say), roll back
    and run `work` again: it then sees the committed row and updates it instead of
    answering 500. `work` must build its result from scratch on every attempt."""
    for attempt in range(1, attempts + 1):
        try:
            with transaction.atomic():
                return work()
        except IntegrityError:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")
