"""Playwright (sync API) driving the system Chromium against pytest-django's live_server."""

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _static_files_from_the_source_tree(settings):
    """Serve the static files of this checkout, not a manifest left by `collectstatic`.

    The suite runs with DEBUG off, so `{% static %}` would name hashed files from an old
    STATIC_ROOT manifest, which live_server (serving from the finders) does not have.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module. A missing browser fails loudly: e2e is not optional.

    Playwright's sync API runs an asyncio event loop in this thread while it is started;
    Django would refuse the ORM calls the tests make meanwhile, so async-unsafe calls are
    allowed for exactly that long.
    """
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "The e2e tests need the system Chromium (`apt-get install chromium`); "
            "`chromium` is not on PATH.",
            pytrace=False,
        )
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser):
    """A fresh browser context (cookies, storage) per test."""
    context = browser.new_context()
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
