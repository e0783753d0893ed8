"""`manage.py load_demo [--url URL]`: create the demo courses, learners, grades,
certificates and logins (running it again changes nothing), then print how to log in
and a new API token for `instructor` with an example request."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from certdesk.demo.services import DEMO_PASSWORD, DemoResult, demo_load


class Command(BaseCommand):
    help = (
        "Load the demo data (three courses, a few hundred learners, a course team); "
        "idempotent. Prints the logins and an API token for `instructor`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000/",
            help="where the service will be reached, for the printed instructions",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_load()
        self._print(result, url=options["url"].rstrip("/") + "/")

    def _print(self, result: DemoResult, *, url: str) -> None:
        write = self.stdout.write
        write(self.style.SUCCESS("Demo data is ready:"))
        for row in result.courses:
            pacing = "self-paced" if row.course.self_paced else "instructor-paced"
            counts = f"{row.learners} learners, {row.certificates} certificates"
            write(f"  {row.course.key}  {row.course.display_name} ({pacing}, {counts})")
        write("")
        write(f"certdesk: {url}")
        write(f"Log in at {url}login with password {DEMO_PASSWORD!r} as:")
        width = max(len(username) for username in result.logins)
        for username, what in result.logins.items():
            write(f"  {username:<{width}}  {what}")
        write("")
        write("API token for instructor (a new one on every run; earlier ones stay valid):")
        write(f"  {result.token}")
        key = result.courses[0].course.key
        write("Example:")
        write(
            f'  curl -H "Authorization: Token {result.token}" {url}api/instructor/v2/courses/{key}'
        )
