"""Evaluation actions in words, and links to their pages, for the audit log."""

from django.urls import reverse

from aigov.audit.presenters import register_actions, register_object

register_actions({"evaluation.submitted": "Posted a capability evaluation of a GPAI model"})
register_object(
    "evaluations.evaluation",
    "Evaluation",
    lambda pk: reverse("evaluation_detail", args=[pk]),
)
