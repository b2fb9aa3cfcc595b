"""Automated checklist runs: each `automated` requirement of the catalogue has one check
function here, which reads the registration data (the subject, its filings) and the
assessment's accepted metric evidence, and answers pass / fail / not applicable with its
reason and the inputs it read.

A run is a Job on the `checks` queue (`conformity.checklist_run`). It may run twice for
one job (a redelivered message, a killed worker): results are upserted on (run,
requirement), so the rows exist once, with the same values.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from aigov import clock
from aigov.jobs.services import job_handler
from assessments.catalogues.catalogue import get as requirement_get
from assessments.conformity.evidence import METRIC_TITLES
from assessments.conformity.models import (
    ChecklistResult,
    ChecklistRun,
    CheckOutcome,
    ConformityAssessment,
    Evidence,
    EvidenceKind,
    EvidenceStatus,
)
from registry.compute import compute_check
from registry.models import AISystem, Filing, FilingStatus
from registry.regimes import filings_needed
from registry.regimes.cn_cac_filings import MIN_KEYWORDS
from registry.regimes.us_ca_sb53_filings import framework_due


@dataclass(frozen=True)
class Result:
    outcome: str
    reason: str
    inputs: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CheckContext:
    """What a check may read: the assessment, its subject, the subject's filings and the
    assessment's accepted metric results (evidence of kind `metric`)."""

    assessment: ConformityAssessment
    subject: object
    filings: list[Filing]
    today: date
    metrics: list[Evidence] = field(default_factory=list)

    def latest(self, filing_type: str) -> Filing | None:
        of_type = [f for f in self.filings if f.filing_type == filing_type]
        return max(of_type, key=lambda f: f.created_at) if of_type else None

    def latest_metric(self, name: str) -> Evidence | None:
        """The newest accepted result of the metric `name` (e.g. "refusal_test")."""
        found = [e for e in self.metrics if (e.metric or {}).get("name") == name]
        return max(found, key=lambda e: (e.created_at, e.version)) if found else None


Check = Callable[[CheckContext], Result]
CHECKS: dict[str, Check] = {}


def check(code: str):
    """Register the check of the catalogue requirement `code`."""

    def register(function: Check) -> Check:
        CHECKS[code] = function
        return function

    return register


@check("eu.art49")
def registration_in_eu_database(context: CheckContext) -> Result:
    """Art. 49: the registrations the classification calls for are registered."""
    kind = "ai_system" if isinstance(context.subject, AISystem) else "gpai_model"
    needed = [
        t.code for t in filings_needed(context.assessment.classification, kind) if t.regime == "eu"
    ]
    if not needed:
        return Result(CheckOutcome.NOT_APPLICABLE, "No EU database registration is needed.")
    statuses = {code: getattr(context.latest(code), "status", None) for code in needed}
    missing = [code for code, status in statuses.items() if status != FilingStatus.REGISTERED]
    if missing:
        return Result(
            CheckOutcome.FAIL,
            f"Not registered yet: {', '.join(missing)}.",
            {"needed": needed, "statuses": statuses},
        )
    numbers = {code: context.latest(code).registration_number for code in needed}
    return Result(
        CheckOutcome.PASS,
        f"Registered as {', '.join(numbers.values())}.",
        {"needed": needed, "registration_numbers": numbers},
    )


@check("eu.art53.1.a")
def training_compute_is_consistent(context: CheckContext) -> Result:
    """Annex XI documentation: the declared training compute against 6·N·D."""
    model = context.subject
    inputs = {
        "parameters": getattr(model, "parameters", None),
        "training_tokens": getattr(model, "training_tokens", None),
        "training_compute_flop": getattr(model, "training_compute_flop", None),
    }
    found = compute_check(
        parameters=inputs["parameters"],
        training_tokens=inputs["training_tokens"],
        declared_flop=inputs["training_compute_flop"],
    )
    if found.ratio is None:
        return Result(CheckOutcome.NOT_APPLICABLE, found.explanation, inputs)
    # 6·N·D is an estimate, not a rule of the law: a figure far from it is for the assessor
    # to look at (registry/compute.py), not a failed requirement.
    outcome = CheckOutcome.REVIEW if found.flagged else CheckOutcome.PASS
    return Result(outcome, found.explanation, {**inputs, "ratio": found.ratio})


@check("cn.tc260.keywords")
def keyword_library_minimum(context: CheckContext) -> Result:
    """GB/T 45654-2025: a keyword library of at least the minimum size."""
    minimum = getattr(requirement_get("cn.tc260.keywords"), "minimum", None) or MIN_KEYWORDS
    filing = context.latest("cn.genai_filing")
    if filing is None:
        return Result(CheckOutcome.FAIL, "No CAC generative AI filing states the keyword count.")
    count = filing.data.get("keyword_count")
    inputs = {"filing": str(filing.pk), "keyword_count": count, "minimum": minimum}
    if not isinstance(count, int | float):
        return Result(CheckOutcome.FAIL, "The filing does not state the keyword count.", inputs)
    if count < minimum:
        return Result(
            CheckOutcome.FAIL, f"{count:,} keywords; at least {minimum:,} are required.", inputs
        )
    return Result(CheckOutcome.PASS, f"{count:,} keywords (at least {minimum:,}).", inputs)


def _metric_limit(code: str, name: str, measure: str) -> Callable[[CheckContext], Result]:
    """A check of a CAC test-set requirement against the newest accepted metric result:
    `measure` "questions" (the set's size) or "rate" (its refusal rate, in %)."""
    requirement = requirement_get(code)
    title = METRIC_TITLES[name]

    def run(context: CheckContext) -> Result:
        evidence = context.latest_metric(name)
        if evidence is None:
            return Result(CheckOutcome.FAIL, f"No {title.lower()} result is filed as evidence.")
        metric = evidence.metric
        value = metric["questions"] if measure == "questions" else round(100 * metric["rate"], 2)
        inputs = {"evidence": str(evidence.pk), "version": evidence.version, **metric}
        shown = f"{value:,} questions" if measure == "questions" else f"{value:g} %"
        if requirement.minimum is not None and value < requirement.minimum:
            return Result(CheckOutcome.FAIL, f"{title}: {shown}; {requirement.limit}.", inputs)
        if requirement.maximum is not None and value > requirement.maximum:
            return Result(CheckOutcome.FAIL, f"{title}: {shown}; {requirement.limit}.", inputs)
        return Result(CheckOutcome.PASS, f"{title}: {shown} ({requirement.limit}).", inputs)

    run.__doc__ = f"GB/T 45654-2025: {requirement.title}, from the {title.lower()} result."
    return run


for _code, _name, _measure in (
    ("cn.tc260.refusal_questions", "refusal_test", "questions"),
    ("cn.tc260.refusal_rate", "refusal_test", "rate"),
    ("cn.tc260.must_answer_questions", "must_answer_test", "questions"),
    ("cn.tc260.must_answer_refusal_rate", "must_answer_test", "rate"),
):
    check(_code)(_metric_limit(_code, _name, _measure))


@check("us_ca.framework")
def frontier_framework_published_and_reviewed(context: CheckContext) -> Result:
    """SB 53: the frontier AI framework is published and reviewed at least once a year."""
    filing = context.latest("us_ca.framework")
    if filing is None or filing.status != FilingStatus.REGISTERED:
        status = getattr(filing, "status", None)
        return Result(
            CheckOutcome.FAIL, "The frontier AI framework is not filed.", {"status": status}
        )
    inputs = {
        "filing": filing.registration_number,
        "url": filing.data.get("url"),
        "published_on": filing.data.get("published_on"),
        "last_reviewed_on": filing.data.get("last_reviewed_on"),
        "material_modification_on": filing.data.get("material_modification_on"),
    }
    if not (inputs["published_on"] or inputs["last_reviewed_on"]):
        return Result(CheckOutcome.FAIL, "The framework states no review date.", inputs)
    # The registry's own rule: the yearly review, or a change's publication within 30 days.
    due = clock.local_date(framework_due({"data": filing.data}), regime="us_ca")
    inputs["due"] = due.isoformat()
    if context.today > due:
        return Result(
            CheckOutcome.FAIL,
            f"A review or a change's publication was due by {due:%-d %B %Y}: overdue.",
            inputs,
        )
    return Result(
        CheckOutcome.PASS, f"Published and reviewed; next due by {due:%-d %B %Y}.", inputs
    )


def automated_requirements(assessment: ConformityAssessment) -> list[str]:
    """The codes in scope that the catalogue checks automatically."""
    return [code for code in assessment.requirements if requirement_get(code).check == "automated"]


@job_handler("conformity.checklist_run", queue="checks")
def checklist_run_job(job, report_progress) -> dict:
    """Evaluate every automated requirement of the run's assessment and store the results."""
    run = ChecklistRun.objects.select_related("assessment").get(pk=job.params["run"])
    assessment = run.assessment
    subject = assessment.subject
    lookup = {"ai_system": subject} if assessment.ai_system_id else {"gpai_model": subject}
    context = CheckContext(
        assessment=assessment,
        subject=subject,
        filings=list(Filing.objects.filter(**lookup)),
        today=timezone.now().date(),
        metrics=list(
            Evidence.objects.filter(
                assessment=assessment,
                kind=EvidenceKind.METRIC,
                status=EvidenceStatus.ACCEPTED,
            )
        ),
    )
    codes = automated_requirements(assessment)
    results = {}
    for index, code in enumerate(codes, start=1):
        results[code] = CHECKS[code](context)
        report_progress(int(100 * index / max(len(codes), 1)), f"Checked {code}")
    summary: dict[str, int] = {}
    for result in results.values():
        summary[result.outcome] = summary.get(result.outcome, 0) + 1
    with transaction.atomic():
        ChecklistResult.objects.bulk_create(
            [
                ChecklistResult(
                    organization=run.organization,
                    run=run,
                    requirement=code,
                    outcome=result.outcome,
                    reason=result.reason,
                    inputs=result.inputs,
                )
                for code, result in results.items()
            ],
            update_conflicts=True,
            unique_fields=["run", "requirement"],
            update_fields=["outcome", "reason", "inputs"],
        )
        ChecklistRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), summary=summary)
    return {"run": str(run.pk), "checked": len(results), **summary}
