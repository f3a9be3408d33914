"""Demo news for performance measurements (`generate_demo_content --news N`)."""

import random
import uuid
from datetime import timedelta

from django.utils import timezone

from core.publication import PublicationStatus
from core.richtext import sanitize_html
from news.models import Category, NewsItem

DEFAULT_CATEGORIES = [
    ("Vie du master", "Programme life", "vie-du-master"),
    ("Événement", "Event", "evenement"),
    ("Soutenance", "Thesis defence", "soutenance"),
    ("Offre de stage", "Internship offer", "offre-de-stage"),
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
# The same titles in English: two demo items out of three get an English version, so that the
# English pages are measured too, and the English lists leave the others out.
DEMO_TITLES_EN = [
    "{year} internship dissertation defences",
    "Open day: come and meet the programme's team",
    "Lecture: “Evaluating a local social policy”",
    "Internship offer: urban policy project officer",
    "Internship offer: research assistant at the Moselle département",
    "{year} start of the academic year: calendar and welcome meeting",
    "{year} first-year admission results",
    "Alumni talk about their careers",
    "Research seminar on local public action",
    "Study visit to the European Parliament in Strasbourg",
]
DEMO_SUMMARIES = [
    "Les étudiants présentent leurs travaux devant un jury d'universitaires et de professionnels.",
    "Un moment d'échange avec les enseignants et les étudiants pour découvrir la formation.",
    "Une intervention ouverte à tous, suivie d'un temps de questions avec le public.",
    "Une structure partenaire propose un stage de quatre à six mois à partir du printemps.",
    "Toutes les informations pratiques pour bien commencer l'année universitaire.",
]
DEMO_SUMMARIES_EN = [
    "Students present their work to a panel of academics and practitioners.",
    "A chance to meet the lecturers and students and discover the programme.",
    "A talk open to all, followed by questions from the audience.",
    "A partner organisation offers a four- to six-month internship from the spring.",
    "All the practical information for a good start to the academic year.",
]
DEMO_PLACES = [
    "UFR SHA, Île du Saulcy, Metz — amphi B",
    "Salle du conseil, UFR SHA, Metz",
    "Arsenal de Metz, salle de l'Esplanade",
]


def generate_news(count):
    """Create `count` published demo news items spread over three years, two out of three
    with an English version; return them."""
    categories = {category.slug: category for category in Category.objects.all()}
    for position, (name, name_en, slug) in enumerate(DEFAULT_CATEGORIES):
        if slug not in categories:
            categories[slug] = Category.objects.create(
                name=name, name_en=name_en, slug=slug, order=position
            )
    rng = random.Random(count)
    now = timezone.now()
    body = sanitize_html(
        "<p>Le master Ingénierie des Politiques Publiques et Sociales vous informe.</p>"
        "<h2>Informations pratiques</h2>"
        "<p>Entrée libre. Renseignements auprès du secrétariat de l'UFR.</p>"
    )
    body_en = sanitize_html(
        "<p>News from the Public and Social Policy Engineering master's programme.</p>"
        "<h2>Practical information</h2>"
        "<p>Free admission. Ask the faculty's programme office for details.</p>"
    )
    items = []
    for number in range(count):
        published_at = now - timedelta(minutes=rng.randrange(1, 3 * 365 * 24 * 60))
        template, category_slug, is_event = DEMO_TITLES[number % len(DEMO_TITLES)]
        year = timezone.localtime(published_at).year
        title = template.format(year=year)
        starts_at = (published_at + timedelta(days=rng.randrange(3, 40))).replace(
            hour=rng.choice([8, 9, 13, 15]), minute=0, second=0, microsecond=0
        )
        # Drawn where it always was: the same count gives the same French items as before.
        summary = rng.randrange(len(DEMO_SUMMARIES))
        english = {}
        if number % 3 != 2:
            # bulk_create skips save(): the English slug is given here, as the French one is.
            english = {
                "title_en": DEMO_TITLES_EN[number % len(DEMO_TITLES)].format(year=year),
                "slug_en": f"demo-en-{uuid.uuid4().hex[:10]}",
                "summary_en": DEMO_SUMMARIES_EN[summary],
                "body_en": body_en,
            }
        items.append(
            NewsItem(
                title=title,
                slug=f"demo-{uuid.uuid4().hex[:10]}",
                summary=DEMO_SUMMARIES[summary],
                body=body,
                category=categories[category_slug],
                status=PublicationStatus.PUBLISHED,
                published_at=published_at,
                starts_at=starts_at if is_event else None,
                ends_at=starts_at + timedelta(hours=3) if is_event else None,
                location=rng.choice(DEMO_PLACES) if is_event else "",
                **english,
            )
        )
    return NewsItem.objects.bulk_create(items, batch_size=500)
