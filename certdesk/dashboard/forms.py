"""The dashboard's forms: they check what the user typed; the rules stay in the services."""

from __future__ import annotations

from django import forms

from certdesk.audit.models import Action
from certdesk.certificates.choices import (
    OPEN_EDX_STATUSES,
    STATUS_LABELS,
    Status,
    StudentSet,
    status_label,
)
from certdesk.certificates.issued import CERTIFICATE_FILTERS
from certdesk.certificates.services.learners import MAX_IDENTIFIER, MAX_NOTES

# The filters of SPEC §6.2 (`certdesk.certificates.issued`); a status filter reads as the
# SPEC §3 label of its first status.
ISSUED_FILTER_CHOICES = [
    ("all", "All learners"),
    *((name, status_label(statuses[0])) for name, statuses in CERTIFICATE_FILTERS.items()),
    ("granted_exceptions", "Granted exceptions"),
    ("invalidated", status_label(Status.UNAVAILABLE)),
]

ON_OFF = [("on", "On"), ("off", "Off")]

# What a generation run covers (SPEC §6.4); "statuses" is student_set `all` with statuses.
BY_STATUS = "statuses"
TARGET_CHOICES = [
    (StudentSet.ALL, "Generate: every actively enrolled learner without a certificate"),
    (BY_STATUS, "Regenerate: learners whose certificate has one of the statuses below"),
    (StudentSet.ALLOWLISTED, "Every learner with a granted exception"),
    (
        StudentSet.ALLOWLISTED_NOT_GENERATED,
        "Learners with a granted exception who have no certificate yet",
    ),
]
# Every status the API's regenerate accepts: the labelled ones first, then the other Open
# edX values (certificates imported from Open edX may hold them) under their raw names.
STATUS_CHOICES = [
    *STATUS_LABELS.items(),
    *((status, status) for status in sorted(OPEN_EDX_STATUSES - STATUS_LABELS.keys())),
]


class SwitchForm(forms.Form):
    enabled = forms.ChoiceField(choices=ON_OFF)

    @property
    def is_on(self) -> bool:
        return self.cleaned_data["enabled"] == "on"


class IssuedFilterForm(forms.Form):
    filter = forms.ChoiceField(choices=ISSUED_FILTER_CHOICES, required=False, label="Show")
    search = forms.CharField(
        required=False, max_length=MAX_IDENTIFIER, label="Search username or email"
    )

    def filters(self) -> dict[str, str]:
        return {
            "filter_name": self.cleaned_data.get("filter") or "all",
            "search": self.cleaned_data.get("search") or "",
        }


class LearnerNotesForm(forms.Form):
    learner = forms.CharField(max_length=MAX_IDENTIFIER, label="Username or email")
    notes = forms.CharField(
        required=False,
        max_length=MAX_NOTES,
        strip=False,
        label="Notes",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="One learner per row: username_or_email[,notes]. A header row is optional.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class PreviewTokenForm(forms.Form):
    token = forms.CharField(max_length=64)


class GenerateForm(forms.Form):
    target = forms.ChoiceField(
        choices=TARGET_CHOICES, widget=forms.RadioSelect, label="Learners", initial="all"
    )
    statuses = forms.MultipleChoiceField(
        choices=STATUS_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Certificate statuses to regenerate",
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("target") == BY_STATUS and not data.get("statuses"):
            self.add_error("statuses", "Choose at least one status to regenerate.")
        return data

    def job_input(self) -> dict:
        """`student_set` and `statuses` as SPEC §6.4 takes them."""
        target = self.cleaned_data["target"]
        if target == BY_STATUS:
            return {"student_set": StudentSet.ALL, "statuses": self.cleaned_data["statuses"]}
        return {"student_set": target, "statuses": []}


class AuditFilterForm(forms.Form):
    learner = forms.CharField(required=False, max_length=150, label="Learner (username)")
    action = forms.ChoiceField(
        choices=[("", "Any action"), *Action.choices], required=False, label="Action"
    )
    actor = forms.CharField(required=False, max_length=150, label="Done by (username)")

    def filters(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key) or "" for key in ("learner", "action", "actor")}
