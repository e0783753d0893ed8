"""GET certificates/audit and the append-only audit trail (SPEC §6.11, §7.8)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction

from certdesk.audit.models import AppendOnlyError, AuditEvent
from certdesk.audit.services import AuditContext, AuditEntry, audit_record_many
from tests.factories import make_user

URL = "/api/instructor/v2/courses/course-v1:OrgA+CS101+2026/certificates/audit"


def record(course, actor, learner, action="exception_granted", **kw):
    audit_record_many(
        context=AuditContext(actor=actor, source="api", request_id="r1"),
        entries=[AuditEntry(action=action, course=course, learner=learner, **kw)],
    )


@pytest.fixture
def trail(course, other_course, instructor, frozen_time):
    ann, bob = make_user("ann"), make_user("bob")
    record(course, instructor, ann, notes="first")
    frozen_time.shift(dt.timedelta(minutes=1))
    record(course, instructor, bob, action="certificate_invalidated", before={"status": "x"})
    frozen_time.shift(dt.timedelta(minutes=1))
    record(course, None, ann, action="certificate_status_changed", reason="grade_change")
    record(other_course, instructor, ann)  # another course: never listed
    return ann, bob


@pytest.mark.django_db
def test_audit_lists_newest_first_with_every_field(as_user, staff_member, trail):
    response = as_user(staff_member).get(URL)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 3
    assert [e["action"] for e in body["results"]] == [
        "certificate_status_changed",
        "certificate_invalidated",
        "exception_granted",
    ]
    newest = body["results"][0]
    assert set(newest) == {
        "id", "time", "actor", "action", "learner", "before", "after", "notes", "reason",
        "source", "request_id",
    }  # fmt: skip
    assert newest["actor"] is None and newest["learner"] == "ann"
    assert newest["reason"] == "grade_change"
    assert body["results"][1]["before"] == {"status": "x"}
    assert body["results"][2]["actor"] == "instructor_a"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "count"),
    [("learner=ann", 2), ("learner=bob", 1), ("action=exception_granted", 1),
     ("actor=instructor_a", 2), ("actor=nobody", 0), ("learner=ann&action=exception_granted", 1)],
)  # fmt: skip
def test_audit_filters(as_user, staff_member, trail, query, count):
    assert as_user(staff_member).get(f"{URL}?{query}").json()["count"] == count


@pytest.mark.django_db
def test_unknown_action_filter_is_400(as_user, staff_member, trail):
    response = as_user(staff_member).get(f"{URL}?action=bogus")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_filter"
    assert "action" in response.json()


@pytest.mark.django_db
def test_audit_pagination_envelope(as_user, staff_member, trail):
    body = as_user(staff_member).get(f"{URL}?page_size=2&page=2").json()
    assert body["count"] == 3 and body["num_pages"] == 2 and body["current_page"] == 2
    assert body["start"] == 2 and body["next"] is None
    assert body["previous"].endswith("page_size=2")
    assert len(body["results"]) == 1
    past = as_user(staff_member).get(f"{URL}?page=5")
    assert past.status_code == 404
    assert past.json()["code"] == "invalid_page"
    assert past.json()["message"] == "Invalid page."


@pytest.mark.django_db
def test_audit_list_query_count_does_not_grow(
    as_user, staff_member, course, instructor, django_assert_num_queries
):
    client = as_user(staff_member)
    learners = [make_user(f"l{i}") for i in range(40)]
    for learner in learners[:5]:
        record(course, instructor, learner)
    # token (2), roles, course, count, page
    with django_assert_num_queries(6):
        assert client.get(URL).json()["count"] == 5
    for learner in learners[5:]:
        record(course, instructor, learner)
    with django_assert_num_queries(6):
        assert len(client.get(f"{URL}?page_size=100").json()["results"]) == 40


@pytest.mark.django_db
def test_audit_events_cannot_be_changed_or_deleted(course, instructor):
    record(course, instructor, None, action="course_config_changed")
    event = AuditEvent.objects.get()
    event.notes = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(notes="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    # Even raw SQL is refused by the database's trigger.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET notes = 'rewritten'")
    assert AuditEvent.objects.get().notes == ""


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_refuses_raw_deletes_of_audit_events(course, instructor):
    record(course, instructor, None, action="course_config_changed")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == 1
