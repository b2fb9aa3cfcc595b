"""The admin lets operators inspect every model without a shell, and change nothing."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from aigov.admin import InspectAdmin
from tests.factories import UserFactory

OUR_APPS = {"accounts", "audit", "jobs", "api", "outbox", "registry", "certificates"}


def our_models():
    return [model for model in apps.get_models() if model._meta.app_label in OUR_APPS]


def test_every_model_of_ours_is_registered_read_only():
    unregistered = [m.__name__ for m in our_models() if m not in admin.site._registry]
    assert unregistered == []
    writable = [
        m.__name__ for m in our_models() if not isinstance(admin.site._registry[m], InspectAdmin)
    ]
    assert writable == []


@pytest.mark.django_db
def test_a_superuser_can_open_every_list_and_write_nothing(client, owner):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    for model in our_models():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        add_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'href="{add_url}"'.encode() not in response.content, url
        assert client.get(add_url).status_code == 403, url
