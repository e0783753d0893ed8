"""People: learners, course teams and API clients are all Django users."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower


class User(AbstractUser):
    """A Django user with the learner's full printed name (Open edX profile `name`)."""

    name = models.CharField(max_length=255, blank=True, default="")

    class Meta(AbstractUser.Meta):
        db_table = "accounts_user"
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_ci_unique",
                violation_error_message="This email belongs to another user.",
            ),
        ]
        permissions = [("ingest", "Can feed data through the ingestion API")]

    @property
    def display_name(self) -> str:
        return self.name or self.get_full_name() or self.username
