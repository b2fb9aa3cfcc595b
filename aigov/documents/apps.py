from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "aigov.documents"
    label = "documents"

    def ready(self) -> None:
        from django.urls import reverse

        from aigov.audit.presenters import register_actions, register_object

        register_actions({"document.rendered": "Rendered a PDF document"})
        register_object(
            "documents.document",
            "PDF document",
            lambda pk: reverse("document_download", args=[pk]),
        )
