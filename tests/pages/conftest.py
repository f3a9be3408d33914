import time

import pytest
from django.core import signing

from core import registry
from core.antispam import SALT


def signed_in_the_past(seconds=60):
    """A fill-start timestamp signed `seconds` ago, as a person's browser would send it."""
    return signing.dumps(time.time() - seconds, salt=SALT)


@pytest.fixture
def form_started():
    return signed_in_the_past()


@pytest.fixture
def contact_data(form_started):
    return {
        "name": "Camille Martin",
        "email": "camille.martin@exemple.fr",
        "subject": "Candidature en M2",
        "message": "Bonjour, quelles sont les dates de candidature pour la rentrée ?",
        "consent": "on",
        "website": "",
        "form_started": form_started,
    }


@pytest.fixture
def temporary_kind():
    """Register a content kind for one test, then remove it from the registry."""
    added = []

    def register(kind):
        registry.register_content_kind(kind)
        added.append(kind.key)
        return kind

    yield register
    for key in added:
        registry._content_kinds.pop(key, None)
