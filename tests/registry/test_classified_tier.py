"""`AISystem.classified_tier` is the database's copy of `classification["eu"]["tier"]`
(a generated column the regulator figures group by): it follows every write."""

import pytest

from registry.models import AISystem
from tests.factories import make_system

pytestmark = pytest.mark.django_db


def test_the_stored_tier_follows_the_classification(owner):
    system = make_system(owner, profile={"annex_iii_point": "5(b)"})
    stored = AISystem.objects.values_list("classified_tier", flat=True)
    assert stored.get(pk=system.pk) == system.eu_tier == "high"
    AISystem.objects.filter(pk=system.pk).update(classification={"eu": {"tier": "minimal"}})
    assert stored.get(pk=system.pk) == "minimal"
    AISystem.objects.filter(pk=system.pk).update(classification={})
    assert stored.get(pk=system.pk) is None
