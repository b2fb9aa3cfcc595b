"""Posting an evaluation: only an evaluation institute's staff, every field checked, the
Inspect log read and kept as hashed evidence, the audit event in the same transaction.
An evaluation is never changed afterwards; a correction supersedes it."""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import IntegrityError, transaction

from aigov.accounts.models import AssessorType, OrganizationKind
from aigov.audit.services import audit_record
from aigov.jobs.services import job_create
from aigov.stored_files import removed_unless_recorded
from assessments.catalogues.catalogue import all_requirements
from assessments.conformity import evidence as content
from assessments.evaluations import inspect_log
from assessments.evaluations.models import (
    FRAMEWORK_LEVELS,
    Domain,
    Evaluation,
    Framework,
    Mitigation,
)
from registry.models import GPAIModel

# The catalogue obligation whose requirements an evaluation can support.
ART55 = "eu.art55"
DEFAULT_REQUIREMENTS = ("eu.art55.1.a",)
# The job that tells the provider an evaluation of its model was posted.
NOTIFY_KIND = "evaluations.notify"
RESULT_MAX = 300
SUMMARY_MAX = 20000


def art55_requirements() -> list:
    """The requirements of Art. 55 in the catalogues (code, title, basis, …)."""
    return [r for r in all_requirements() if r.obligation == ART55]


def can_submit(actor) -> bool:
    """An evaluation institute's member whose role may submit (UI buttons ask this too)."""
    organization = actor.organization
    return (
        actor.kind == OrganizationKind.ASSESSOR
        and organization.assessor_type == AssessorType.EVALUATOR
        and actor.can("evaluations.submit")
    )


def _clean(fields: dict, requirements: list[str] | None) -> tuple[dict, list[str]]:
    """The checked fields and requirement codes; a ValidationError naming each bad one."""
    errors: dict[str, str] = {}
    if fields["domain"] not in Domain.values:
        errors["domain"] = f"One of: {', '.join(Domain.values)}."
    if fields["mitigation"] not in Mitigation.values:
        errors["mitigation"] = f"One of: {', '.join(Mitigation.values)}."
    framework = fields["framework"] or Framework.NONE
    name = (fields["framework_name"] or "").strip()
    level = (fields["level"] or "").strip()
    if framework not in Framework.values:
        errors["framework"] = f"One of: {', '.join(Framework.values)}."
    elif framework in FRAMEWORK_LEVELS:
        codes = [code for code, _ in FRAMEWORK_LEVELS[framework]]
        if level not in codes:
            errors["level"] = f"Under this framework, one of: {', '.join(codes)}."
        name = ""
    elif framework == Framework.OTHER:
        if not name:
            errors["framework_name"] = "Name the framework."
        elif len(name) > 200:
            errors["framework_name"] = "At most 200 characters."
        if len(level) > 100:
            errors["level"] = "At most 100 characters."
    elif level or name:
        errors["level" if level else "framework_name"] = "Choose a framework to give a level."
    result = (fields["result"] or "").strip()
    summary = (fields["summary"] or "").strip()
    if not result:
        errors["result"] = "State the result in a line."
    elif len(result) > RESULT_MAX:
        errors["result"] = f"At most {RESULT_MAX} characters."
    if not summary:
        errors["summary"] = "Summarise what was evaluated and found."
    elif len(summary) > SUMMARY_MAX:
        errors["summary"] = f"At most {SUMMARY_MAX:,} characters."
    known = [r.code for r in art55_requirements()]
    codes = list(dict.fromkeys(requirements if requirements else DEFAULT_REQUIREMENTS))
    unknown = [code for code in codes if code not in known]
    if unknown:
        errors["requirements"] = (
            f"Not an Art. 55 requirement: {', '.join(unknown)} (known: {', '.join(known)})."
        )
    if errors:
        raise ValidationError(errors)
    clean = {
        **fields,
        "framework": framework,
        "framework_name": name,
        "level": level,
        "result": result,
        "summary": summary,
    }
    return clean, codes


def _superseded(actor, supersedes: Evaluation | None, gpai_model: GPAIModel) -> None:
    if supersedes is None:
        return
    if supersedes.evaluator_id != actor.organization.pk:
        raise ValidationError({"supersedes": "Only an evaluation your organisation posted."})
    if supersedes.gpai_model_id != gpai_model.pk:
        raise ValidationError({"supersedes": "An evaluation of another model."})
    if Evaluation.objects.filter(supersedes=supersedes).exists():
        raise ValidationError({"supersedes": "Already superseded by a later evaluation."})


def _read_log(upload) -> tuple[bytes, str, dict, str]:
    """The upload's bytes, format, header facts and a safe file name."""
    filename = PurePath((upload.name or "").replace("\\", "/")).name[:255]
    inspect_log.check_size(upload.size)
    data = upload.read(settings.EVIDENCE_MAX_BYTES + 1)
    log_format, facts = inspect_log.read_facts(data)
    return data, log_format, facts, filename


@transaction.atomic
def evaluation_submit(
    *,
    actor,
    gpai_model: GPAIModel,
    domain: str,
    mitigation: str,
    result: str,
    summary: str,
    framework: str = Framework.NONE,
    framework_name: str = "",
    level: str = "",
    requirements: list[str] | None = None,
    supersedes: Evaluation | None = None,
    log=None,
) -> Evaluation:
    """An evaluation institute posts an evaluation of `gpai_model`, optionally with an
    Inspect log (`log`, an uploaded file): a ValidationError naming the field for bad
    input (nothing stored), PermissionDenied for anyone but an evaluator's staff."""
    if not can_submit(actor):
        raise PermissionDenied("Only an evaluation institute's assessors post evaluations.")
    fields, codes = _clean(
        {
            "domain": domain,
            "mitigation": mitigation,
            "framework": framework,
            "framework_name": framework_name,
            "level": level,
            "result": result,
            "summary": summary,
        },
        requirements,
    )
    _superseded(actor, supersedes, gpai_model)
    evaluation = Evaluation(
        organization_id=gpai_model.organization_id,
        evaluator=actor.organization,
        gpai_model=gpai_model,
        model_name=gpai_model.name,
        model_version=gpai_model.version,
        model_version_number=gpai_model.version_number,
        requirements=codes,
        supersedes=supersedes,
        submitted_by=actor.user,
        **fields,
    )
    if log is not None:
        data, log_format, facts, filename = _read_log(log)
        evaluation.log_facts = facts
        evaluation.log_format = log_format
        evaluation.log_filename = filename
        evaluation.log_size = len(data)
        evaluation.log_sha256 = content.sha256_of(data)
        name = f"evaluations/{evaluation.organization_id}/{evaluation.pk}"
        evaluation.log_storage_name = storages["evidence"].save(name, ContentFile(data))
    with removed_unless_recorded("evidence", evaluation.log_storage_name):
        try:
            with transaction.atomic():
                evaluation.save(force_insert=True)
                audit_record(
                    action="evaluation.submitted",
                    actor=actor,
                    obj=evaluation,
                    data={
                        "provider": str(evaluation.organization_id),
                        "gpai_model": str(gpai_model.pk),
                        "model_version_number": evaluation.model_version_number,
                        "domain": evaluation.domain,
                        "framework": evaluation.framework,
                        "level": evaluation.level,
                        "mitigation": evaluation.mitigation,
                        "requirements": codes,
                        "supersedes": str(supersedes.pk) if supersedes else None,
                        "log_sha256": evaluation.log_sha256 or None,
                    },
                )
                # Committed with the evaluation, so the provider is told even if a worker dies.
                job_create(
                    organization=evaluation.organization,
                    kind=NOTIFY_KIND,
                    params={"evaluation": str(evaluation.pk)},
                )
        except IntegrityError:
            # Two corrections of one evaluation at once: the unique `supersedes` decides.
            raise ValidationError(
                {"supersedes": "Already superseded by a later evaluation."}
            ) from None
    return evaluation
