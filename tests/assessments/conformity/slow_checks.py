"""Imported by the worker subprocesses of test_checklist_worker: every automated check
takes a while, so a test can kill the worker in the middle of a checklist run."""

import time

from assessments.conformity import checklist

CHECK_SECONDS = 1.5


def _slowed(check):
    def slow(context):
        time.sleep(CHECK_SECONDS)
        return check(context)

    return slow


for _code, _check in list(checklist.CHECKS.items()):
    checklist.CHECKS[_code] = _slowed(_check)
