"""Per-learner outcome codes (SPEC §6.12). Each message carries the Open edX phrase that
clients and their tests look for; the codes are the stable part."""

from __future__ import annotations

from certdesk.core.errors import CertdeskError

USER_NOT_FOUND = "user_not_found"
AMBIGUOUS_IDENTIFIER = "ambiguous_identifier"
NOT_ENROLLED = "not_enrolled"
ALREADY_ALLOWLISTED = "already_allowlisted"
INVALIDATED = "invalidated"
ALLOWLISTED = "allowlisted"
NO_CERTIFICATE = "no_certificate"
ALREADY_INVALIDATED = "already_invalidated"
NOT_VALID = "not_valid"
NOT_ALLOWLISTED = "not_allowlisted"
NOT_INVALIDATED = "not_invalidated"
BAD_FORMAT = "bad_format"
NOTES_TOO_LONG = "notes_too_long"
DUPLICATE = "duplicate"

_MESSAGES = {
    USER_NOT_FOUND: "Learner {learner} does not exist.",
    AMBIGUOUS_IDENTIFIER: "{learner} matches more than one learner; use the username.",
    NOT_ENROLLED: "{learner} is not enrolled in this course (an active enrollment is needed).",
    ALREADY_ALLOWLISTED: "{learner} already has a certificate exception in this course.",
    INVALIDATED: "{learner} has an active certificate invalidation; re-validate it first.",
    ALLOWLISTED: "{learner} is on the certificate exception list; remove the exception "
    "before invalidating.",
    NO_CERTIFICATE: "Certificate not found for {learner} in this course.",
    ALREADY_INVALIDATED: "The certificate of {learner} is already invalidated.",
    NOT_VALID: "The certificate of {learner} is already invalid (status {status}).",
    NOT_ALLOWLISTED: "No certificate exception found for {learner} in this course.",
    NOT_INVALIDATED: "No active invalidation found for the certificate of {learner}.",
    DUPLICATE: "{learner} is the same learner as in {kept}; only that one is used.",
}


def learner_message(code: str, learner: str, **values: object) -> str:
    return _MESSAGES[code].format(learner=learner, **values)


class LearnerError(CertdeskError):
    """A single-learner operation that failed with one of the per-learner codes."""

    _STATUS = {USER_NOT_FOUND: 400, NOT_ALLOWLISTED: 404, NO_CERTIFICATE: 404, NOT_INVALIDATED: 404}

    def __init__(self, code: str, learner: str, **values: object) -> None:
        field_errors = None
        if code == USER_NOT_FOUND:
            # The Open edX field error its clients read for an unknown learner.
            field_errors = {"username": ["User matching query does not exist."]}
        super().__init__(
            learner_message(code, learner, **values),
            code=code,
            status=self._STATUS.get(code, 400),
            field_errors=field_errors,
        )
