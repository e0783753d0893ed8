"""The audit log page (SPEC §6.11) and its filters."""

from __future__ import annotations

import pytest

from tests.dashboard.conftest import url

pytestmark = pytest.mark.django_db


def actions(response) -> list[str]:
    return [event.action for event in response.context["table"].object_list]


def test_every_event_newest_first(as_instructor, course, people):
    response = as_instructor.get(url("audit", course))
    assert response.status_code == 200
    listed = actions(response)
    assert "exception_granted" in listed and "certificate_invalidated" in listed
    assert "Plagiarism" in response.content.decode()


def test_filters_by_learner_action_and_actor(as_instructor, course, people):
    by_learner = as_instructor.get(url("audit", course), {"learner": "ivan"})
    assert set(actions(by_learner)) == {"certificate_status_changed", "certificate_invalidated"}
    by_action = as_instructor.get(url("audit", course), {"action": "exception_granted"})
    assert actions(by_action) == ["exception_granted"]
    by_actor = as_instructor.get(url("audit", course), {"actor": "nobody"})
    assert "No audit event matches these filters." in by_actor.content.decode()
