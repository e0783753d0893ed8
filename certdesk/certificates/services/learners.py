"""Requests about learners and their outcomes: resolving identifiers to learners (one
query per chunk), and recording who succeeded, who failed and why, and which requests
were duplicates of another (warnings, not errors)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from certdesk.accounts.identifiers import chunked, identifiers_resolve
from certdesk.certificates import errors

# The limits of one request (SPEC §6.7, §8): the API, the CSV parser and the dashboard's
# forms all take them from here.
MAX_IDENTIFIER = 255
MAX_NOTES = 1000


# Plain named tuples: the cheapest records to build 100,000 times.
class LearnerRequest(NamedTuple):
    identifier: str  # as it is looked up: without surrounding whitespace
    notes: str = ""
    position: int = 0  # order in the client's request
    row: int | None = None  # the CSV row it came from, when it came from a CSV
    sent: str | None = None  # as the client sent it, when that differs

    @classmethod
    def from_client(cls, value: str, **fields: Any) -> LearnerRequest:
        """A request for an identifier as a client typed it: looked up trimmed, echoed
        as sent (SPEC §6)."""
        identifier = value.strip()
        return cls(identifier, sent=value if value != identifier else None, **fields)

    @property
    def echo(self) -> str:
        """The identifier as the client sent it, for answers."""
        return self.identifier if self.sent is None else self.sent

    @property
    def source(self) -> str | None:
        return f"csv:row {self.row}" if self.row is not None else None

    @property
    def where(self) -> str:
        return f"row {self.row}" if self.row is not None else repr(self.identifier)


class LearnerOutcome(NamedTuple):
    request: LearnerRequest
    code: str
    message: str


@dataclass
class BulkResult:
    success: list[LearnerRequest] = field(default_factory=list)
    errors: list[LearnerOutcome] = field(default_factory=list)
    warnings: list[LearnerOutcome] = field(default_factory=list)

    def fail(self, request: LearnerRequest, code: str, **values: object) -> None:
        message = errors.learner_message(code, request.identifier, **values)
        self.errors.append(LearnerOutcome(request, code, message))

    def sort(self) -> None:
        """Present everything in the order the client sent it."""
        self.success.sort(key=lambda request: request.position)
        self.errors.sort(key=lambda outcome: outcome.request.position)
        self.warnings.sort(key=lambda outcome: outcome.request.position)


class ResolvedLearner(NamedTuple):
    request: LearnerRequest
    username: str


def learners_resolve(
    requests: Sequence[LearnerRequest], result: BulkResult
) -> dict[int, ResolvedLearner]:
    """Resolve every request to a user id, one query per chunk. Unknown identifiers
    become errors; several requests for the same learner keep the last one and the
    others become `duplicate` warnings. Returns user id → the request that is used."""
    kept: dict[int, ResolvedLearner] = {}
    for chunk in chunked(requests):
        resolution = identifiers_resolve([request.identifier for request in chunk])
        for request in chunk:
            if resolution.is_ambiguous(request.identifier):
                result.fail(request, errors.AMBIGUOUS_IDENTIFIER)
                continue
            user_id = resolution.user_id(request.identifier)
            if user_id is None:
                result.fail(request, errors.USER_NOT_FOUND)
                continue
            earlier = kept.get(user_id)
            if earlier is not None:
                _warn_duplicate(result, earlier.request, kept_request=request)
            username = resolution.usernames[user_id]
            if username == request.identifier:
                username = request.identifier  # one string instead of two equal ones
            kept[user_id] = ResolvedLearner(request, username)
    return kept


def _warn_duplicate(
    result: BulkResult, request: LearnerRequest, kept_request: LearnerRequest
) -> None:
    message = errors.learner_message(errors.DUPLICATE, request.identifier, kept=kept_request.where)
    result.warnings.append(LearnerOutcome(request, errors.DUPLICATE, message))


def learner_resolve_one(identifier: str) -> int:
    """The user id of one identifier, or a LearnerError (400 user_not_found)."""
    resolution = identifiers_resolve([identifier])
    if resolution.is_ambiguous(identifier):
        raise errors.LearnerError(errors.AMBIGUOUS_IDENTIFIER, identifier)
    user_id = resolution.user_id(identifier)
    if user_id is None:
        raise errors.LearnerError(errors.USER_NOT_FOUND, identifier)
    return user_id
