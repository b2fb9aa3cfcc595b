"""The catalogues as the API shows them: read-only, from the built catalogue objects."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.catalogues.catalogue import CHECKS, QUALITIES, REGIMES


@extend_schema_field(OpenApiTypes.NUMBER)
class NumberField(serializers.Field):
    """An int or float kept as it is (10,000 keywords stays 10000, not 10000.0)."""

    def to_representation(self, value):
        return value


class RequirementSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="e.g. eu.art9, eu.annex_iv.2, cn.tc260.keywords")
    regime = serializers.ChoiceField(choices=list(REGIMES))
    catalogue = serializers.CharField(help_text="The code of the catalogue it belongs to.")
    title = serializers.CharField()
    basis = serializers.CharField(help_text="The legal basis, e.g. Art. 53(1)(a).")
    check = serializers.ChoiceField(choices=list(CHECKS), help_text="How it is checked.")
    check_label = serializers.CharField()
    obligation = serializers.CharField(
        help_text="The classification's obligation code or conclusion that brings it in."
    )
    text = serializers.CharField(
        allow_blank=True,
        help_text="The law's own words; empty where the repository does not hold the text.",
    )
    text_source = serializers.CharField(help_text="Where `text` comes from, or why it is empty.")
    summary = serializers.CharField(allow_blank=True)
    quality = serializers.ChoiceField(
        choices=list(QUALITIES), help_text="Source quality (REGULATION.md): T, S or U."
    )
    quality_label = serializers.CharField()
    quality_note = serializers.CharField(allow_blank=True)
    minimum = NumberField(allow_null=True)
    maximum = NumberField(allow_null=True)
    unit = serializers.CharField(allow_blank=True)
    limit = serializers.CharField(allow_blank=True, help_text="The minimum or maximum in words.")


class CatalogueSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="e.g. eu.high_risk, cn.genai_security, us_ca.sb53")
    regime = serializers.ChoiceField(choices=list(REGIMES))
    title = serializers.CharField()
    description = serializers.CharField()
    rulebook = serializers.CharField(help_text="The text the requirements are read from.")
    in_force_from = serializers.DateField(allow_null=True)
    serves = serializers.ListField(
        child=serializers.CharField(),
        help_text="The classification rulebook versions (`rulebooks[regime]`) it covers.",
    )
    text_source = serializers.CharField()
    requirements = RequirementSerializer(many=True)


class CatalogueDetailFilterSerializer(serializers.Serializer):
    """The query parameters of one catalogue."""

    check = serializers.ChoiceField(choices=list(CHECKS), required=False)


class CatalogueFilterSerializer(CatalogueDetailFilterSerializer):
    """The query parameters of the catalogue list."""

    regime = serializers.ChoiceField(choices=list(REGIMES), required=False)
