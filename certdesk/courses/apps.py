from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "certdesk.courses"
    label = "courses"
