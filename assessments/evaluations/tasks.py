"""Background work of evaluations: telling the provider one was posted."""

from django.urls import reverse

from aigov.accounts.permissions import members_in_roles, roles_with
from aigov.jobs.services import job_handler
from aigov.notifications.services import notice_text, notify
from assessments.evaluations.models import Evaluation
from assessments.evaluations.services import NOTIFY_KIND


@job_handler(NOTIFY_KIND, queue="notifications", title="Evaluation notice")
def notify_job(job, report_progress) -> dict:
    """Tell the provider's people who keep its models that an evaluation was posted."""
    evaluation = (
        Evaluation.objects.select_related("evaluator", "gpai_model", "organization")
        .filter(pk=job.params["evaluation"])
        .first()
    )
    if evaluation is None:
        return {"sent": 0}
    context = {"evaluation": evaluation}
    sent = notify(
        key=f"job:{job.pk}",
        organization=evaluation.organization,
        users=members_in_roles(evaluation.organization, roles_with("registry.edit")),
        **notice_text("assessments/evaluations/email/notice", context),
        url=reverse("evaluation_detail", args=[evaluation.pk]),
    )
    return {"sent": sent}
