"""Builders for the security suite: valid submissions of each public form."""

import time

import pytest
from django.core import signing

from core.antispam import SALT
from tests.alumni.conftest import sectors  # noqa: F401 - the default sectors, shared
from tests.documents.conftest import category  # noqa: F401 - a document category, shared


def started_long_ago():
    """A form start stamp signed a minute ago, as a person's browser would send it."""
    return signing.dumps(time.time() - 60, salt=SALT)


def contact_data(**values):
    return {
        "name": "Camille Martin",
        "email": "camille.martin@exemple.fr",
        "subject": "Candidature en M2",
        "message": "Bonjour, quelles sont les dates de candidature ?",
        "consent": "on",
        "website": "",
        "form_started": started_long_ago(),
        **values,
    }


def alumni_data(sector, **values):
    return {
        "first_name": "Élise",
        "last_name": "Moselle",
        "email": "elise.moselle@exemple.fr",
        "cohort": "2019",
        "position": "Chargée de mission handicap",
        "employer": "Ville de Metz",
        "sector": str(sector.pk),
        "city": "Metz",
        "profile_url": "https://www.linkedin.com/in/elise-moselle",
        "testimonial": "Le stage m'a ouvert les portes de la collectivité.",
        "consents_to_name": "on",
        "consents_to_career": "on",
        "form_started": started_long_ago(),
        "website": "",
        **values,
    }


def withdrawal_data(**values):
    return {
        "email": "elise.moselle@exemple.fr",
        "scopes": ["career"],
        "form_started": started_long_ago(),
        "website": "",
        **values,
    }


def read_through(response):
    """Read a file download to its end: the test client then closes the file, and does it
    without ending the test's database connection (as closing the response by hand would)."""
    if response.streaming:
        b"".join(response.streaming_content)


@pytest.fixture
def sector(sectors):  # noqa: F811
    return next(iter(sectors.values()))
