"""Issuing certificates (numbering, the legal cap, supplements, renewals), their workflow
with reasons, the expiry sweep and its warnings."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from aigov.audit.models import AuditEvent
from aigov.exceptions import StateConflict
from aigov.jobs.models import Job
from aigov.jobs.services import job_run
from aigov.outbox.models import OutboundEmail
from assessments.certificates.models import (
    Certificate,
    CertificateNumbering,
    CertificateStatus,
    ValidityBasis,
    latest_expiry,
)
from assessments.certificates.services import (
    certificate_issue,
    certificate_transition,
    certificates_expire,
    certificates_warn,
    numbering_set,
)
from assessments.certificates.services.certificates import NOTIFY_KIND
from assessments.conformity.models import ConformityAssessment
from tests.assessments.certificates.conftest import actor_of
from tests.conftest import member
from tests.factories import make_assessment

pytestmark = pytest.mark.django_db


def test_a_conformant_decision_gets_a_numbered_certificate_capped_at_four_years(
    decided, lead, assessor
):
    assessor.identification_number = "2409"
    assessor.save()
    certificate = certificate_issue(actor=lead, assessment=decided, today=date(2026, 12, 2))
    assert certificate.number == "NB2409-AIA-2026-000001"
    assert certificate.validity_basis == ValidityBasis.ANNEX_III
    assert certificate.expires_on == date(2030, 12, 2)
    assert certificate.status == CertificateStatus.VALID
    assert certificate.subject_version == decided.subject_version
    assert certificate.intended_purpose == decided.ai_system.intended_purpose
    assert certificate.events.get().transition == "issue"
    assert AuditEvent.objects.filter(action="certificate.issue").count() == 1
    # One certificate per decision.
    with pytest.raises(StateConflict):
        certificate_issue(actor=lead, assessment=decided)


def test_an_annex_i_product_may_have_five_years_and_no_more(decided, lead):
    system = decided.ai_system
    system.profile = {**system.profile, "annex_i_product": True, "annex_iii_point": ""}
    system.save()
    with pytest.raises(ValidationError) as refused:
        certificate_issue(
            actor=lead, assessment=decided, today=date(2026, 1, 10), expires_on=date(2031, 1, 11)
        )
    assert "expires_on" in refused.value.message_dict
    certificate = certificate_issue(actor=lead, assessment=decided, today=date(2026, 1, 10))
    assert certificate.expires_on == date(2031, 1, 10)


def test_an_annex_i_product_with_an_annex_iii_use_has_four_years(decided, lead):
    """Art. 44(2): five years for Annex I, four for Annex III; a system covered by both is
    held to both, so four."""
    system = decided.ai_system
    system.profile = {**system.profile, "annex_i_product": True}  # and Annex III 1(a)
    system.save()
    with pytest.raises(ValidationError) as refused:
        certificate_issue(
            actor=lead, assessment=decided, today=date(2026, 1, 10), expires_on=date(2031, 1, 10)
        )
    assert "expires_on" in refused.value.message_dict
    certificate = certificate_issue(actor=lead, assessment=decided, today=date(2026, 1, 10))
    assert certificate.validity_basis == ValidityBasis.ANNEX_III
    assert certificate.expires_on == date(2030, 1, 10)


def test_a_leap_day_certificate_ends_on_28_february():
    assert latest_expiry(date(2028, 2, 29), ValidityBasis.ANNEX_III) == date(2032, 2, 29)
    assert latest_expiry(date(2028, 2, 29), ValidityBasis.ANNEX_I) == date(2033, 2, 28)


@given(
    issued=st.dates(min_value=date(2024, 8, 1), max_value=date(2100, 12, 31)),
    basis=st.sampled_from(list(ValidityBasis)),
)
@settings(max_examples=300)
def test_the_longest_validity_never_exceeds_the_legal_cap(issued, basis):
    """Art. 44(2): 4 years (Annex III) / 5 years (Annex I), a leap day included."""
    years = {ValidityBasis.ANNEX_III: 4, ValidityBasis.ANNEX_I: 5}[basis]
    expiry = latest_expiry(issued, basis)
    assert expiry > issued
    # Never past the same day `years` later (28 Feb for a 29 Feb issue), and whole years.
    assert (expiry.year - issued.year) == years
    assert (expiry.month, expiry.day) <= (issued.month, issued.day)
    assert (expiry - issued).days <= 366 * years


@given(
    issued=st.dates(min_value=date(2025, 1, 1), max_value=date(2060, 12, 31)),
    extra=st.integers(min_value=1, max_value=800),
)
@settings(max_examples=40, deadline=None)
def test_the_service_refuses_any_date_past_the_cap(issued, extra):
    from assessments.certificates.services.certificates import _expiry

    cap = latest_expiry(issued, ValidityBasis.ANNEX_III)
    assert _expiry(issued, ValidityBasis.ANNEX_III, None) == cap
    with pytest.raises(ValidationError):
        _expiry(issued, ValidityBasis.ANNEX_III, cap + timedelta(days=extra))


def test_only_the_lead_of_the_assessing_body_issues(decided, assessor, owner):
    with pytest.raises(PermissionDenied):
        certificate_issue(actor=actor_of(assessor, "assessor"), assessment=decided)
    other_body = make_assessment(owner).assessor_organization
    with pytest.raises(PermissionDenied):
        certificate_issue(actor=actor_of(other_body, "lead"), assessment=decided)
    with pytest.raises(PermissionDenied):
        certificate_issue(actor=actor_of(owner, "admin"), assessment=decided)
    assert not Certificate.objects.exists()


def test_no_certificate_without_a_conformant_decision(decided, lead):
    decided.decision = "not_conformant"
    decided.save()
    with pytest.raises(ValidationError):
        certificate_issue(actor=lead, assessment=decided)
    decided.status, decided.decision = "in_progress", ""
    decided.save()
    with pytest.raises(StateConflict):
        certificate_issue(actor=lead, assessment=decided)
    assert not Certificate.objects.exists()


def test_conditions_of_the_decision_are_carried(decided, lead):
    decided.decision = "conformant_with_conditions"
    decided.conditions = "Only for adult patients."
    decided.save()
    certificate = certificate_issue(actor=lead, assessment=decided)
    assert certificate.conditions == "Only for adult patients."


def test_a_body_numbers_in_its_own_format(decided, lead, assessor):
    with pytest.raises(ValidationError) as bad:
        numbering_set(actor=lead, number_format="AI/{nope}")
    assert "number_format" in bad.value.message_dict
    numbering_set(actor=lead, number_format="{body}/AI/{year}/{seq:04d}")
    certificate = certificate_issue(actor=lead, assessment=decided, today=date(2027, 3, 1))
    body = assessor.identification_number.removeprefix("NB").strip()
    assert certificate.number == f"{body}/AI/2027/0001"
    assert CertificateNumbering.objects.get(organization=assessor).last_sequence == 1


@pytest.mark.parametrize(
    "number_format",
    [
        "{seq[0]}",  # an index into the number: a TypeError
        "{body.nope}{seq}",  # an attribute: an AttributeError
        "{body!r}{seq}",  # a conversion
        "{body:>300}{seq}",  # a number longer than the column
        "{seq:2000000000d}",  # a 2 GB string
        "{seq:{year}d}",  # a nested field
        "{}{seq}",  # a positional field
        "AI/{seq",  # an unmatched brace
        "AI/{year}",  # no sequence: numbers would repeat
        "x" * 95 + "{seq}",  # the number does not fit the column
    ],
)
def test_a_number_format_is_held_to_its_fields_and_a_short_width(lead, assessor, number_format):
    with pytest.raises(ValidationError) as bad:
        numbering_set(actor=lead, number_format=number_format)
    assert list(bad.value.message_dict) == ["number_format"]
    assert not CertificateNumbering.objects.filter(organization=assessor).exists()


@pytest.mark.parametrize(
    "number_format",
    [CertificateNumbering.DEFAULT_NUMBER_FORMAT, "{seq}", "{body:6}-{year:4}-{seq:010d}"],
)
def test_the_documented_formats_are_accepted(lead, assessor, number_format):
    numbering_set(actor=lead, number_format=number_format)
    assert CertificateNumbering.objects.get(organization=assessor).number_format == number_format


def _reassessed(decided, version):
    """Another conformant decision on the same system, for a later version."""
    return ConformityAssessment.objects.create(
        organization=decided.organization,
        procedure=decided.procedure,
        ai_system=decided.ai_system,
        subject_version=version,
        subject_name=decided.subject_name,
        assessor_organization=decided.assessor_organization,
        status="decided",
        decision="conformant",
    )


def test_supplement_shares_validity_and_renewal_starts_anew(decided, lead, assessor):
    first = certificate_issue(actor=lead, assessment=decided, today=date(2026, 12, 2))
    changed = _reassessed(decided, 2)
    supplement = certificate_issue(
        actor=lead, assessment=changed, kind="supplement", previous=first, today=date(2027, 6, 1)
    )
    assert supplement.number == f"{first.number}-S1"
    assert supplement.expires_on == first.expires_on
    assert supplement.supplements == first
    reassessed = _reassessed(decided, 3)
    with pytest.raises(ValidationError):
        certificate_issue(actor=lead, assessment=reassessed, kind="renewal")
    renewal = certificate_issue(
        actor=lead, assessment=reassessed, kind="renewal", previous=first, today=date(2030, 10, 1)
    )
    assert renewal.renews == first
    assert renewal.expires_on == date(2034, 10, 1)
    assert renewal.number.endswith("000002")


def test_status_changes_need_reasons_and_only_the_issuer_makes_them(decided, lead, owner):
    certificate = certificate_issue(actor=lead, assessment=decided)
    with pytest.raises(ValidationError):
        certificate_transition(actor=lead, certificate=certificate, verb="suspend", reason=" ")
    with pytest.raises(PermissionDenied):
        certificate_transition(
            actor=actor_of(owner, "admin"), certificate=certificate, verb="suspend", reason="x"
        )
    with pytest.raises(ValidationError) as restricted:
        certificate_transition(actor=lead, certificate=certificate, verb="restrict", reason="r")
    assert "restriction" in restricted.value.message_dict
    certificate_transition(
        actor=lead,
        certificate=certificate,
        verb="restrict",
        reason="Accuracy below the declared level for children.",
        restriction="Adults only.",
    )
    assert certificate.status == "restricted" and certificate.restriction == "Adults only."
    certificate_transition(actor=lead, certificate=certificate, verb="suspend", reason="Audit")
    certificate_transition(actor=lead, certificate=certificate, verb="reinstate", reason="Fixed")
    assert certificate.status == "valid" and certificate.restriction == ""
    certificate_transition(actor=lead, certificate=certificate, verb="withdraw", reason="Fraud")
    with pytest.raises(StateConflict):
        certificate_transition(actor=lead, certificate=certificate, verb="reinstate", reason="x")
    transitions = list(certificate.events.values_list("transition", flat=True))
    assert transitions == ["issue", "restrict", "suspend", "reinstate", "withdraw"]


def test_every_event_mails_the_provider_and_the_filed_authority(decided, lead, owner, authority):
    member(owner, "admin", email="admin@owner.test")
    member(owner, "viewer", email="viewer@owner.test")
    member(authority, "reviewer", email="reviewer@msa.test")
    certificate = certificate_issue(actor=lead, assessment=decided)
    certificate_transition(actor=lead, certificate=certificate, verb="suspend", reason="Audit")
    jobs = Job.objects.filter(kind=NOTIFY_KIND).order_by("created_at")
    assert jobs.count() == 2
    for job in jobs:
        assert job_run(job.pk) == "succeeded"
        job.refresh_from_db()
        job.status = "queued"
        job.save()
        job_run(job.pk)  # a re-run (a killed worker) mails nobody twice
    mails = OutboundEmail.objects.order_by("created_at")
    recipients = sorted({mail.to for mail in mails})
    assert recipients == ["admin@owner.test", "reviewer@msa.test"]
    assert mails.count() == 4
    assert any("suspended" in mail.subject for mail in mails)
    assert all(certificate.number in mail.body for mail in mails)
    from aigov.notifications.models import Notification

    notices = Notification.objects.filter(url=f"/certificates/{certificate.pk}/")
    assert sorted(n.recipient.email for n in notices) == [
        "admin@owner.test",
        "admin@owner.test",
        "reviewer@msa.test",
        "reviewer@msa.test",
    ]


def test_the_sweep_expires_once_and_warns_at_90_and_30_days(decided, lead, owner):
    member(owner, "admin", email="admin@owner.test")
    certificate = certificate_issue(actor=lead, assessment=decided, today=date(2026, 1, 5))
    end = certificate.expires_on
    assert certificates_warn(today=end - timedelta(days=91)) == 0
    assert certificates_warn(today=end - timedelta(days=90)) == 1
    assert certificates_warn(today=end - timedelta(days=89)) == 0
    assert certificates_warn(today=end - timedelta(days=30)) == 1
    assert certificates_warn(today=end - timedelta(days=30)) == 0
    certificate.refresh_from_db()
    assert certificate.warnings_sent == [30, 90]
    assert certificates_expire(today=end - timedelta(days=1)) == 0
    assert certificates_expire(today=end) == 1
    assert certificates_expire(today=end) == 0  # idempotent
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.EXPIRED
    assert list(certificate.events.values_list("transition", flat=True)) == ["issue", "expire"]
    assert AuditEvent.objects.filter(action="certificate.expire").count() == 1


def test_a_late_first_warning_is_the_30_day_one(decided, lead):
    certificate = certificate_issue(
        actor=lead, assessment=decided, today=date(2026, 1, 5), expires_on=date(2026, 2, 1)
    )
    assert certificates_warn(today=date(2026, 1, 6)) == 1
    assert Job.objects.filter(kind=NOTIFY_KIND, params__warning=30).count() == 1
    assert certificates_warn(today=date(2026, 1, 7)) == 0
    certificate.refresh_from_db()
    assert certificate.warnings_sent == [30, 90]
