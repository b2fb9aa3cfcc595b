"""Server processes keep the loaded app out of the garbage collector's full passes."""

import gc
import runpy
from pathlib import Path

from django.conf import settings

from aigov.celery import freeze_loaded_objects


def test_a_gunicorn_worker_freezes_the_loaded_app():
    config = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    assert config["worker_class"] == "sync" and config["timeout"] > 0
    gc.unfreeze()
    try:
        config["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 10_000  # Django, the URL conf and every view
    finally:
        gc.unfreeze()


def test_a_celery_worker_process_freezes_the_loaded_app():
    gc.unfreeze()
    try:
        freeze_loaded_objects()
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
