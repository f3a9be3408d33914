"""Demo news for performance measurements (`generate_demo_content --news N`)."""

import random
import uuid
from datetime import timedelta

from django.utils import timezone

from core.publication import PublicationStatus
from core.richtext import sanitize_html
from news.models import Category, NewsItem

DEFAULT_CATEGORIES = [
    ("Vie du master", "vie-du-master"),
    ("Événement", "evenement"),
    ("Soutenance", "soutenance"),
    ("Offre de stage", "offre-de-stage"),
]


DEMO_TITLES = [
    ("Soutenances des mémoires de stage de la promotion {year}", "soutenance", True),
    (
        "Journée portes ouvertes : venez rencontrer l'équipe du master",
        "evenement",
        True,
    ),
    ("Conférence « Évaluer une politique sociale territoriale »", "evenement", True),
    (
        "Offre de stage : chargé·e de mission politique de la ville",
        "offre-de-stage",
        False,
    ),
    (
        "Offre de stage : assistant·e d'études au département de la Moselle",
        "offre-de-stage",
        False,
    ),
    ("Rentrée {year} : calendrier et réunion de pré-rentrée", "vie-du-master", False),
    ("Résultats des admissions en master 1 pour l'année {year}", "vie-du-master", False),
    ("Les anciens du master témoignent de leur insertion professionnelle", "vie-du-master", False),
    ("Séminaire de recherche sur l'action publique locale", "evenement", True),
    ("Visite d'étude au Parlement européen de Strasbourg", "vie-du-master", False),
]
DEMO_SUMMARIES = [
    "Les étudiants présentent leurs travaux devant un jury d'universitaires et de professionnels.",
    "Un moment d'échange avec les enseignants et les étudiants pour découvrir la formation.",
    "Une intervention ouverte à tous, suivie d'un temps de questions avec le public.",
    "Une structure partenaire propose un stage de quatre à six mois à partir du printemps.",
    "Toutes les informations pratiques pour bien commencer l'année universitaire.",
]
DEMO_PLACES = [
    "UFR SHA, Île du Saulcy, Metz — amphi B",
    "Salle du conseil, UFR SHA, Metz",
    "Arsenal de Metz, salle de l'Esplanade",
]


def generate_news(count):
    """Create `count` published demo news items spread over three years; return them."""
    categories = {category.slug: category for category in Category.objects.all()}
    for position, (name, slug) in enumerate(DEFAULT_CATEGORIES):
        if slug not in categories:
            categories[slug] = Category.objects.create(name=name, slug=slug, order=position)
    rng = random.Random(count)
    now = timezone.now()
    body = sanitize_html(
        "<p>Le master Ingénierie des Politiques Publiques et Sociales vous informe.</p>"
        "<h2>Informations pratiques</h2>"
        "<p>Entrée libre. Renseignements auprès du secrétariat de l'UFR.</p>"
    )
    items = []
    for number in range(count):
        published_at = now - timedelta(minutes=rng.randrange(1, 3 * 365 * 24 * 60))
        template, category_slug, is_event = DEMO_TITLES[number % len(DEMO_TITLES)]
        title = template.format(year=timezone.localtime(published_at).year)
        starts_at = (published_at + timedelta(days=rng.randrange(3, 40))).replace(
            hour=rng.choice([8, 9, 13, 15]), minute=0, second=0, microsecond=0
        )
        items.append(
            NewsItem(
                title=title,
                slug=f"demo-{uuid.uuid4().hex[:10]}",
                summary=rng.choice(DEMO_SUMMARIES),
                body=body,
                category=categories[category_slug],
                status=PublicationStatus.PUBLISHED,
                published_at=published_at,
                starts_at=starts_at if is_event else None,
                ends_at=starts_at + timedelta(hours=3) if is_event else None,
                location=rng.choice(DEMO_PLACES) if is_event else "",
            )
        )
    return NewsItem.objects.bulk_create(items, batch_size=500)
