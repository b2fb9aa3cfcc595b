from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules

# The modules in which an app registers its pieces with the core, found in every installed
# app as Django's admin finds admin.py: job handlers (web processes need them too, to
# validate kinds and pick queues), audit actions in words, dashboard blocks, regulator
# figures, PDF document kinds and API routes.
REGISTERING_MODULES = ("tasks", "audit", "dashboard", "figures", "documents", "api.routes")


class AccountsConfig(AppConfig):
    name = "aigov.accounts"
    label = "accounts"

    def ready(self) -> None:
        # The core app installs the project-wide pieces once: the deployment checks, the
        # connection tuning (aigov/db.py) and every app's registering modules.
        from aigov import checks, db  # noqa: F401 - checks registers the system checks

        db.install()
        autodiscover_modules(*REGISTERING_MODULES)
