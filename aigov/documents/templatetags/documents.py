"""`{% document_button "certificate" certificate "Certificate (PDF)" %}`: the form that asks
for an object's PDF (POST to `document_request`), shown only when the object can have
one now; with more than one language offered, a language choice beside it."""

from django import template
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils.translation import get_language

from aigov.documents.kinds import kind_get

register = template.Library()


@register.inclusion_tag("documents/_button.html", takes_context=True)
def document_button(context, kind: str, obj, label: str = "PDF"):
    declared = kind_get(kind)
    request = context.get("request")
    actor = getattr(request, "actor", None)
    allowed = actor is not None and actor.can("documents.request")
    languages = [(code, LANG_INFO[code]["name_local"]) for code in settings.DOCUMENT_LANGUAGES]
    current = (get_language() or "").split("-")[0]
    default = current if current in settings.DOCUMENT_LANGUAGES else languages[0][0]
    return {
        "show": allowed and not declared.unavailable_reason(obj),
        "kind": declared.code,
        "obj": obj,
        "label": label,
        "languages": languages,
        "default_language": default,
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }
