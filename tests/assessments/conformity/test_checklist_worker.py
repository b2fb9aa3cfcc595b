"""Checklist runs on real Celery workers and Redis: a worker killed mid-run and a
message the broker lost each end with exactly one complete result set."""

import time
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.db import transaction

from aigov.accounts.actor import Actor
from aigov.jobs.models import Job, JobStatus
from aigov.jobs.services import jobs_requeue_stale
from assessments.conformity.checklist import automated_requirements
from assessments.conformity.models import ChecklistResult, ChecklistRun
from assessments.conformity.services import checklist_run_start
from tests.conftest import member
from tests.factories import make_assessment
from tests.jobs.test_worker import wait_for, workers  # noqa: F401 - the fixture

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SLOW = {"imports": ("tests.assessments.conformity.slow_checks",)}


def start_run(owner) -> ChecklistRun:
    assessment = make_assessment(owner, procedure="annex_vi")
    assert automated_requirements(assessment), "the assessment must have automated checks"
    actor = Actor(organization=owner, role="editor", user=member(owner, "editor"))
    with transaction.atomic():
        return checklist_run_start(actor=actor, assessment=assessment)


def assert_one_complete_result_set(run: ChecklistRun, attempts: int) -> None:
    run.refresh_from_db()
    job = Job.objects.get(pk=run.job_id)
    assert job.status == JobStatus.SUCCEEDED and job.attempts == attempts, (job.status, job.error)
    expected = sorted(automated_requirements(run.assessment))
    stored = sorted(ChecklistResult.objects.filter(run=run).values_list("requirement", flat=True))
    assert stored == expected  # every item once, none twice
    assert run.finished_at is not None and sum(run.summary.values()) == len(expected)


def test_a_worker_killed_mid_run_ends_with_one_complete_result_set(owner, workers):  # noqa: F811
    first = workers("first", **SLOW)
    run = start_run(owner)
    wait_for(
        lambda: Job.objects.get(pk=run.job_id).status == JobStatus.RUNNING,
        what="the run to start",
    )
    first.kill()
    assert not ChecklistResult.objects.filter(run=run).exists()  # nothing half-written

    workers("second", **SLOW)
    time.sleep(1.2)  # let the dead run's heartbeat go stale
    assert jobs_requeue_stale(running_after=timedelta(seconds=1))["recovered"] == 1
    wait_for(
        lambda: Job.objects.get(pk=run.job_id).status == JobStatus.SUCCEEDED,
        what="the rerun",
    )
    assert_one_complete_result_set(run, attempts=2)


def test_a_run_whose_message_the_broker_lost_is_requeued_and_completes(owner, workers):  # noqa: F811
    run = start_run(owner)
    broker = redis.Redis.from_url(settings.REDIS_URL)
    assert broker.llen("checks") == 1
    broker.delete("checks")  # the broker loses the message

    workers("only")
    time.sleep(2)
    assert Job.objects.get(pk=run.job_id).status == JobStatus.QUEUED
    assert jobs_requeue_stale(queued_after=timedelta(seconds=1))["requeued"] == 1
    wait_for(
        lambda: Job.objects.get(pk=run.job_id).status == JobStatus.SUCCEEDED,
        what="the requeued run",
    )
    assert_one_complete_result_set(run, attempts=1)
