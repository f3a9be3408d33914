"""Demo data for benchmarks: created on request only, marked as demo, consents in the ledger."""

import pytest
from django.core.management import call_command

from alumni.models import Alumnus, ConsentRecord
from operations.demo import demo_objects

pytestmark = pytest.mark.django_db


def test_generate_demo_content_creates_marked_alumni_with_their_consents(sectors):
    call_command("generate_demo_content", "--alumni", "40")
    assert Alumnus.objects.count() == 40
    assert demo_objects(Alumnus).count() == 40
    assert all(alumnus.email.endswith(".invalid") for alumnus in Alumnus.objects.all())
    granted = sum(sum(alumnus.consents().values()) for alumnus in Alumnus.objects.all())
    assert ConsentRecord.objects.filter(is_granted=True).count() == granted
    assert Alumnus.objects.published().exists()
