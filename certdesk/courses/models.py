"""Courses and who is in them: enrollments, grades and course-team roles."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from certdesk.courses.choices import Mode, Role


class Course(models.Model):
    """A course, identified by its canonical Open edX course key."""

    key = models.CharField(max_length=255, unique=True)
    display_name = models.CharField(max_length=255)
    org = models.CharField(max_length=255)
    course_number = models.CharField(max_length=255)
    course_run = models.CharField(max_length=255)
    self_paced = models.BooleanField(default=False)
    start = models.DateTimeField(null=True, blank=True)
    end = models.DateTimeField(null=True, blank=True)
    enrollment_start = models.DateTimeField(null=True, blank=True)
    enrollment_end = models.DateTimeField(null=True, blank=True)
    certificates_enabled = models.BooleanField(default=True)
    self_generation_enabled = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class Enrollment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments")
    mode = models.CharField(max_length=32, choices=Mode.choices)
    is_active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="enrollment_unique"),
            models.CheckConstraint(
                condition=models.Q(mode__in=Mode.values), name="enrollment_mode_valid"
            ),
        ]
        indexes = [models.Index(fields=["course", "is_active", "mode"])]


class Grade(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grades"
    )
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="grades")
    percent = models.FloatField()
    passed = models.BooleanField()
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="grade_unique"),
            models.CheckConstraint(
                condition=models.Q(percent__gte=0) & models.Q(percent__lte=1),
                name="grade_percent_range",
            ),
        ]


class CourseRole(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_roles"
    )
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=32, choices=Role.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course", "user", "role"], name="course_role_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="course_role_valid"
            ),
        ]
        indexes = [models.Index(fields=["user", "course"])]
