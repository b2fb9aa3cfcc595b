"""Checklist runs: a Job on the `checks` queue evaluates each automated requirement of an
assessment against the registration data; a re-run of the same job writes each result
once; every run is kept; the catalogue and the check functions agree."""

from datetime import date
from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from aigov.jobs.models import Job
from aigov.jobs.services import job_run
from assessments.catalogues.catalogue import requirements_for
from assessments.conformity.checklist import CHECKS, CheckContext, checklist_run_job
from assessments.conformity.models import (
    ChecklistResult,
    ChecklistRun,
    ConformityAssessment,
    Evidence,
)
from assessments.conformity.services import requirements_in_scope
from registry.models import FilingStatus
from tests.conftest import login, member
from tests.factories import (
    AssessorFactory,
    make_assessment,
    make_cn_system,
    make_evidence,
    make_filing,
    make_system,
)


def client_of(organization, role):
    return login(APIClient(), member(organization, role), organization)


@pytest.fixture
def assessment(owner):
    return make_assessment(owner, status="in_progress")


def start(client, assessment):
    response = client.post(f"/api/v1/assessments/{assessment.pk}/checklist-runs/", format="json")
    assert response.status_code == 202, response.content
    return response.json()


@pytest.mark.django_db
def test_a_run_checks_the_registration_and_reports_progress(owner, assessment):
    provider = client_of(owner, "editor")
    started = start(provider, assessment)
    assert started["status"] == "queued" and started["results"] == []
    job = Job.objects.get(pk=started["job"])
    assert (job.queue, job.kind) == ("checks", "conformity.checklist_run")

    assert job_run(job.pk) == "succeeded"
    run = provider.get(f"/api/v1/checklist-runs/{started['id']}/").json()
    assert run["status"] == "succeeded" and run["progress"] == 100
    registration = next(r for r in run["results"] if r["requirement"] == "eu.art49")
    assert registration["outcome"] == "fail"
    assert "eu.high_risk" in registration["reason"]
    assert registration["inputs"]["statuses"] == {"eu.high_risk": None}
    assert run["summary"]["fail"] >= 1

    # Registered since: a new run passes, and the first run is kept as it was.
    make_filing(
        owner,
        status="registered",
        ai_system=assessment.ai_system,
        registration_number="EU-HR-2026-000007",
    )
    second = start(provider, assessment)
    assert second["number"] == 2
    job_run(second["job"])
    again = provider.get(f"/api/v1/checklist-runs/{second['id']}/").json()
    passed = next(r for r in again["results"] if r["requirement"] == "eu.art49")
    assert passed["outcome"] == "pass" and "EU-HR-2026-000007" in passed["reason"]
    listed = provider.get(f"/api/v1/assessments/{assessment.pk}/checklist-runs/").json()
    assert [r["number"] for r in listed] == [2, 1]
    assert (
        ChecklistResult.objects.get(run_id=started["id"], requirement="eu.art49").outcome == "fail"
    )


@pytest.mark.django_db
def test_running_the_same_job_twice_writes_each_result_once(owner, assessment):
    started = start(client_of(owner, "editor"), assessment)
    job = Job.objects.get(pk=started["job"])
    first = checklist_run_job(job, lambda *args: None)
    rows = list(ChecklistResult.objects.filter(run_id=started["id"]).values())
    second = checklist_run_job(job, lambda *args: None)
    assert first == second
    assert list(ChecklistResult.objects.filter(run_id=started["id"]).values()) == rows


@pytest.mark.django_db
def test_who_may_start_a_run(owner, assessment):
    body = assessment.assessor_organization
    assert start(client_of(body, "assessor"), assessment)["number"] == 1
    viewer = client_of(owner, "viewer")
    url = f"/api/v1/assessments/{assessment.pk}/checklist-runs/"
    assert viewer.post(url, format="json").status_code == 403
    assert client_of(AssessorFactory(), "lead").post(url, format="json").status_code == 404
    assessment.status = "closed"
    assessment.save(update_fields=["status"])
    assert client_of(owner, "editor").post(url, format="json").status_code == 409
    assert ChecklistRun.objects.count() == 1


@pytest.mark.django_db
def test_every_automated_requirement_has_a_check_and_every_check_a_requirement(owner):
    high_risk = make_system(owner, profile={"annex_iii_point": "1(a)"}).classification
    automated = {r.code for r in requirements_for(high_risk) if r.check == "automated"}
    assert automated <= set(CHECKS)
    from assessments.catalogues import catalogue

    for code in CHECKS:
        assert catalogue.get(code).check == "automated", code


def test_cac_test_sets_are_checked_against_the_newest_metric_results(owner):
    system = make_cn_system(owner)
    cac = make_assessment(owner, procedure="cn_security_self_assessment")
    ConformityAssessment.objects.filter(pk=cac.pk).update(
        ai_system=system,
        classification=system.classification,
        requirements=requirements_in_scope(system.classification, "cn_security_self_assessment"),
    )
    cac.refresh_from_db()
    # An older refusal test fell short; the newer one meets both minimums. The must-answer
    # set is too small and refuses too often.
    make_evidence(owner, assessment=cac, version=1)
    Evidence.objects.filter(assessment=cac).update(
        metric={"name": "refusal_test", "questions": 200, "refused": 180, "rate": 0.9}
    )
    make_evidence(owner, assessment=cac, version=2)
    make_evidence(
        owner,
        assessment=cac,
        title="Must-answer test",
        metric={"name": "must_answer_test", "questions": 250, "refused": 20, "rate": 0.08},
    )
    run = ChecklistRun.objects.create(organization=owner, assessment=cac, number=1)

    checklist_run_job(SimpleNamespace(params={"run": str(run.pk)}), lambda *args: None)

    results = {r.requirement: r for r in ChecklistResult.objects.filter(run=run)}
    assert results["cn.tc260.refusal_questions"].outcome == "pass"
    assert results["cn.tc260.refusal_rate"].outcome == "pass"
    assert "97 %" in results["cn.tc260.refusal_rate"].reason
    assert results["cn.tc260.must_answer_questions"].outcome == "fail"
    assert (
        "250 questions; at least 300 questions" in results["cn.tc260.must_answer_questions"].reason
    )
    assert results["cn.tc260.must_answer_refusal_rate"].outcome == "fail"
    assert results["cn.tc260.refusal_rate"].inputs["version"] == 2


@pytest.mark.parametrize(
    "today,data,outcome",
    [
        # Published in March, reviewed since: due a year after the review.
        (
            date(2027, 2, 1),
            {"published_on": "2026-03-01", "last_reviewed_on": "2026-06-01"},
            "pass",
        ),
        (
            date(2027, 6, 2),
            {"published_on": "2026-03-01", "last_reviewed_on": "2026-06-01"},
            "fail",
        ),
        # Published later than the review date given: the publication counts.
        (
            date(2027, 2, 1),
            {"published_on": "2026-03-01", "last_reviewed_on": "2025-12-01"},
            "pass",
        ),
        # A material modification since the review: published within 30 days, or overdue.
        (
            date(2026, 8, 1),
            {"published_on": "2026-03-01", "material_modification_on": "2026-06-15"},
            "fail",
        ),
        (date(2026, 7, 1), {"published_on": "2026-03-01"}, "pass"),
        (date(2026, 7, 1), {}, "fail"),
    ],
)
def test_the_sb53_framework_check_uses_the_registrys_due_date(today, data, outcome):
    """The checklist and the filing's deadline read the same rule (framework_due)."""
    filing = SimpleNamespace(
        filing_type="us_ca.framework",
        status=FilingStatus.REGISTERED,
        registration_number="US-CA-FW-2026-000001",
        data={"url": "https://example.test/framework", **data},
        created_at=today,
    )
    context = CheckContext(assessment=None, subject=None, filings=[filing], today=today)
    assert CHECKS["us_ca.framework"](context).outcome == outcome


def test_declared_compute_far_from_6nd_is_for_review_not_a_failure():
    """6·N·D is the platform's estimate, not a rule of the Act: a declared figure far from
    it is flagged for the assessor, never a failed requirement."""

    def outcome(declared):
        model = SimpleNamespace(
            parameters=10**9, training_tokens=10**12, training_compute_flop=declared
        )
        context = CheckContext(assessment=None, subject=model, filings=[], today=date(2026, 12, 2))
        return CHECKS["eu.art53.1.a"](context).outcome

    assert outcome(6e21) == "pass"
    assert outcome(6e23) == "review"
    assert outcome(None) == "not_applicable"  # nothing declared to compare
