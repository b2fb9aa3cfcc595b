"""The daily deadline sweep of filings: one digest job per organisation, so a regulator
hears of its overdue decisions and a provider of drafts whose deadline to file is near."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from aigov.accounts.models import Organization
from aigov.jobs.models import Job
from aigov.jobs.services import job_create
from registry.models import EDITABLE_STATUSES, Filing
from registry.selectors import overdue_filter

# Drafts whose filing deadline is this close are in the provider's daily reminder.
REMINDER_WINDOW = timedelta(days=3)


def filings_deadline_sweep(*, now=None) -> dict[str, int]:
    """Once a day: remind each authority of its overdue decisions and each provider of
    drafts whose filing deadline is near or past, as one digest job per organisation."""
    now = now or timezone.now()
    day = now.date().isoformat()
    waiting = Filing.objects.filter(overdue_filter(now)).values_list("authority_id", "pk")
    due_drafts = Filing.objects.filter(
        status__in=EDITABLE_STATUSES, filing_due_at__lt=now + REMINDER_WINDOW
    ).values_list("organization_id", "pk")
    counts = {"authority": 0, "operator": 0}
    for audience, rows in (("authority", waiting), ("operator", due_drafts)):
        by_organization: dict = {}
        for organization_id, filing_id in rows:
            by_organization.setdefault(organization_id, []).append(str(filing_id))
        for organization_id, filing_ids in by_organization.items():
            with transaction.atomic():
                already = Job.objects.filter(
                    organization_id=organization_id,
                    kind="registry.deadline_digest",
                    params__day=day,
                ).exists()
                if already:
                    continue
                job_create(
                    organization=Organization.objects.get(pk=organization_id),
                    kind="registry.deadline_digest",
                    params={"day": day, "audience": audience, "filings": sorted(filing_ids)},
                )
                counts[audience] += 1
    return counts
