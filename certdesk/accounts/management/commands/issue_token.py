"""`manage.py issue_token USERNAME [--email E] [--password P] [--global-staff] [--ingest]`:
create or update the user and print a new API token alone on the last line (SPEC §4)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from certdesk.accounts.services import api_token_issue
from certdesk.core.errors import CertdeskError


class Command(BaseCommand):
    help = (
        "Create USERNAME if missing (or add the options given to it) and print a new API "
        "token on the last line. Earlier tokens stay valid; options are never removed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", help="set the user's email")
        parser.add_argument("--password", help="set the user's login password")
        parser.add_argument(
            "--global-staff", action="store_true", help="make the user global staff"
        )
        parser.add_argument(
            "--ingest", action="store_true", help="grant the ingestion API permission"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            issued = api_token_issue(
                username=options["username"],
                email=options["email"],
                password=options["password"],
                global_staff=options["global_staff"],
                ingest=options["ingest"],
            )
        except CertdeskError as exc:
            raise CommandError(exc.message) from exc
        verb = "Created" if issued.created else "Updated"
        self.stdout.write(f"{verb} user {issued.user.get_username()!r}; new API token:")
        self.stdout.write(issued.token)
