"""The programme's real content, from the original site, loaded by data migrations.

The presentation text is copied as the original site shows it (spelling, non-breaking
spaces and line breaks included): it is the university's text, not ours to edit.

Functions take an app registry so that migrations (historical models) and tests
(`django.apps.apps`) share them; each is idempotent.
"""

import datetime

from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone
from django.utils.html import escape

from core.initial_content import load_site_identity
from core.richtext import sanitize_html
from programme.models import academic_year_label

# The first academic year is public from long before the site existed: the upgrade that
# creates it changes nothing visitors see.
FIRST_YEAR_PUBLISHED_AT = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)

PROGRAMME = {
    "name": "Ingénierie des Politiques Publiques et Sociales (IPPS)",
    "degree": "Master professionnel",
    "pitch": (
        "Le master professionnel « Ingénierie des Politiques Publiques et Sociales » forme "
        "des cadres du secteur social, médico-social et sanitaire capables de traduire les "
        "politiques publiques et de les mettre en forme de manière pratique, par "
        "l'élaboration de projets, en travaillant en réseau avec les collectivités "
        "territoriales, les associations et les usagers."
    ),
}


def load_academic_year(apps, today=None):
    """Today's academic year (September starts a year), published; created if missing."""
    AcademicYear = apps.get_model("programme", "AcademicYear")
    year, _created = AcademicYear.objects.get_or_create(
        label=academic_year_label(today or timezone.localdate()),
        defaults={"status": "published", "published_at": FIRST_YEAR_PUBLISHED_AT},
    )
    return year


def load_identity(apps):
    """The site identity (the UFR, the university) and the programme's name and pitch."""
    load_site_identity(apps)
    Programme = apps.get_model("programme", "Programme")
    if Programme.objects.exists():
        return
    defaults = dict(PROGRAMME)
    # Migrations written before academic years (0002) see a fiche without a year.
    if any(field.name == "year" for field in Programme._meta.get_fields()):
        defaults["year"] = load_academic_year(apps)
    # pk=1: the first fiche keeps the address staff and older links know.
    Programme.objects.get_or_create(pk=1, defaults=defaults)
    reset_id_counter(Programme)


def reset_id_counter(model):
    """Move PostgreSQL's id counter past a key written explicitly (SQLite needs nothing):
    otherwise the next row created without a key, such as next year's fiche, collides."""
    statements = connection.ops.sequence_reset_sql(no_style(), [model])
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def load_initial_content(apps):
    """Everything the programme starts with: identity, facts and presentation sections,
    with their English translation."""
    load_identity(apps)
    load_programme_facts(apps)
    load_presentation(apps)
    load_english_content(apps)


# Facts the original site states; everything it does not state stays empty (never invented).
# The site says « diplôme de niveau I »: migration 0004 wrote it in the old free-text `level`,
# and 0011 restated it as `degree_level` 7, the national framework's name for the same
# level. Each loader sets only the fields its model has (historical or current).
PROGRAMME_FACTS = {
    "level": "diplôme de niveau I",
    "degree_level": "7",
    "speciality": "Ingénierie des Politiques Publiques et Sociales",
    "place": "Metz, UFR Sciences Humaines & Arts (Île du Saulcy)",
}

# (anchor, parent anchor, title, paragraphs: each a tuple of lines joined by a line break)
PRESENTATION_SECTIONS = (
    ("pourquoi-ce-master", None, "Pourquoi ce master ?", ()),
    (
        "entree-en-vigueur-du-master",
        "pourquoi-ce-master",
        "L’entrée en vigueur du master",
        (
            (
                "L’entrée en vigueur de celui-ci a été encouragée par les nombreuses "
                "transformations institutionnelles, organisationnelles et professionnelles "
                "de ces dernières années. En effet, le champ de l’action sociale a été "
                "touché par la déconcentration et la décentralisation initiées en 1984. "
                "Suite à cette importante restructuration du secteur, la MST CERPII , "
                "Maitrise de Sciences et Techniques « Conception et Réalisation de Projets "
                "d’Intervention et d’Innovation », avait été mise en place et a permis "
                "durant plus de 10 ans, de former de nombreux cadres en Lorraine à raison "
                "d’une quinzaine par année de formation.",
            ),
            (
                "Ces restructurations se sont accompagnées d’une redéfinition des logiques "
                "et des formes d’intervention sociale.",
                "Cette intervention se veut désormais plus « globale » et « "
                "territorialisée », plus « participative » et même implicative et « "
                "mobilisatrice ». De ce fait, elle procède par la mise en réseau et la "
                "coordination d’intervenants d’horizons divers, des collectivités "
                "territoriales, des usagers, des associations….",
            ),
        ),
    ),
    (
        "consequences-des-transformations-du-secteur",
        "pourquoi-ce-master",
        "Les conséquences des transformations du secteur",
        (
            (
                "Ces transformations ont touchées tous les professionnels, du secteur "
                "social, médico social et sanitaire.",
            ),
            (
                "Ce sont les manières de faire et de fabriquer les politiques qui se sont "
                "modifiées en même temps que leur mode de légitimation et les manières de "
                "les réaliser ; de les traduire et mettre en forme.",
            ),
            (
                "Les professionnels doivent ainsi faire preuve de leur capacité à "
                "travailler en réseau, dans le cadre de dispositifs en coordination ; il "
                "leur faut prendre en compte que l’usager (ou sa famille) se doit d’être "
                "placé « au cœur du dispositif » ; ils doivent de plus en plus mettre en "
                "œuvre des logiques d’innovation, celles-ci devenant mêmes autant de "
                "vitrines institutionnelles.",
                "Dans ce cadre, les compétences attendues par les employeurs ont "
                "changé.\xa0\xa0Il s’agit tout à la fois d’assurer la traduction des "
                "politiques publiques et de les mettre en forme de manière pratique, par "
                "l’élaboration de projets.",
            ),
            (
                "Nous assistons à un besoin de réactivité grandissant. Ainsi, les "
                "organisations ont des besoins accrus sur des profils de cadres managers "
                "et de cadres développeurs. Ces derniers sont considérés comme l’image de "
                "structure innovante et réactive. Ils accordent une importance "
                "particulière aux demandes de l’environnement institutionnel. Ils ne sont "
                "pas centrés sur le fonctionnement interne comme le serait le cadre de "
                "proximité. Ils incarnent des missions de développement, de représentation "
                "et de promotion de l’organisation.",
            ),
        ),
    ),
    (
        "origines-de-la-formation",
        None,
        "Origines de la formation",
        (
            (
                "Le champ de l’action sociale est touché par de nombreuses transformations "
                "organisationnelles, institutionnelles et professionnelles, en particulier "
                "depuis la\xa0\xa0déconcentration et la décentralisation initiées en 1984. "
                "Celles-ci correspondent à une re-définition des compétences entre l’État "
                "et les collectivités locales.",
                "Au regard de ces mutations, l’intervention sociale se doit d’être tout à "
                "la fois plus « globale » et « territorialisée », plus participative ou "
                "même « implicative » (mobilisatrice).",
            ),
            (
                "C’est donc bien les manières de faire et de fabriquer les politiques qui "
                "se sont transformées en même temps que leur mode de légitimation et les "
                "manières de les réaliser, de les traduire et les mettre en forme. Il "
                "s’agit désormais pour les professionnels de comprendre l’esprit de la loi "
                "pour la mettre en forme plus que de la suivre à la lettre. Ces derniers "
                "doivent ainsi faire preuve d’une capacité à travailler en réseau, dans le "
                "cadre de dispositifs en coordination; la mise en œuvre des logiques "
                "d’innovation est primordiale.",
            ),
            (
                "Dans ce cadre, le vocabulaire de l’expertise est le plus utilisé pour "
                "décrire les pratiques professionnelles, celle-ci étant définie comme la "
                "capacité à mobiliser des connaissances, des compétences et des outils en "
                "fonction des situations considérées comme plus variées et complexes, afin "
                "de placer l’usager (ou sa famille) « au cœur du dispositif » "
                "d’intervention.",
            ),
            (
                "Pour prendre en compte ces transformations mais également\xa0\xa0"
                "l’harmonisation européenne des diplômes de l’enseignement supérieur, le "
                "département de Sociologie de l’université Paul Verlaine a substitué sa "
                "Maîtrise des Sciences et Techniques « Conception et Réalisation de "
                "Projets d’Intervention et d’Innovation » (MST CERPII), et a mis en place "
                "le master professionnel spécialité « Ingénierie des Politiques Publiques "
                "et Sociales ».",
            ),
            (
                "Cette nouvelle spécialité, ainsi reconnue comme un diplôme de niveau I, "
                "n'a de cesse d'adapter son contenu aux évolutions du cadre institutionnel "
                "et des pratiques professionnelles régissant le secteur social, sanitaire "
                "et médico social.",
            ),
        ),
    ),
)


def presentation_html(paragraphs):
    """Paragraphs as the editor writes them: <p> per paragraph, <br> between its lines."""
    return "".join(
        "<p>" + "<br>".join(escape(line) for line in lines) + "</p>" for lines in paragraphs
    )


def load_programme_facts(apps):
    """Fill the programme's facts known from the original site, without overwriting edits."""
    Programme = apps.get_model("programme", "Programme")
    # The first fiche is the one the original site describes.
    programme = Programme.objects.order_by("pk").first()
    if programme is None:
        return
    fields = {field.name for field in Programme._meta.get_fields()}
    changed = [
        field for field in PROGRAMME_FACTS if field in fields and not getattr(programme, field)
    ]
    for field in changed:
        setattr(programme, field, PROGRAMME_FACTS[field])
    if changed:
        programme.save(update_fields=changed)


def load_presentation(apps):
    """The original site's numbered presentation, published; existing sections untouched."""
    Section = apps.get_model("programme", "Section")
    now = timezone.now()
    by_anchor = {}
    for order, (anchor, parent_anchor, title, paragraphs) in enumerate(
        PRESENTATION_SECTIONS, start=1
    ):
        section, _created = Section.objects.get_or_create(
            slug=anchor,
            defaults={
                "title": title,
                "parent": by_anchor.get(parent_anchor),
                "body": sanitize_html(presentation_html(paragraphs)),
                "order": order * 10,
                "status": "published",
                "published_at": now,
            },
        )
        by_anchor[anchor] = section


# The English translation of the fiche's texts above (our translation: the French text is
# the university's and stays the reference). French names of diplomas and institutions are
# kept where an English reader needs them to find the official records.
PROGRAMME_ENGLISH = {
    "name": "Public and Social Policy Engineering (IPPS)",
    "degree": "Professional master's degree",
    "speciality": "Public and Social Policy Engineering",
    "place": "Metz, Faculty of Humanities and Arts (UFR Sciences Humaines & Arts), Île du Saulcy",
    "pitch": (
        "The professional master's degree “Public and Social Policy Engineering” trains "
        "managers for the social, medico-social and health sectors who can translate public "
        "policies and give them practical form through the design of projects, working in "
        "networks with local authorities, associations and service users."
    ),
}

# French anchor → (English anchor, English title, paragraphs), as PRESENTATION_SECTIONS.
PRESENTATION_SECTIONS_ENGLISH = {
    "pourquoi-ce-master": ("why-this-masters-degree", "Why this master's degree?", ()),
    "entree-en-vigueur-du-master": (
        "introduction-of-the-masters-degree",
        "The introduction of the master's degree",
        (
            (
                "Its introduction was prompted by the many institutional, organisational and "
                "professional changes of recent years. The field of social action was indeed "
                "affected by the devolution and decentralisation begun in 1984. Following this "
                "major restructuring of the sector, the MST CERPII, a Maîtrise de Sciences et "
                "Techniques (master of science and technology) « Conception et Réalisation de "
                "Projets d’Intervention et d’Innovation » (design and delivery of intervention "
                "and innovation projects), had been set up and, for more than ten years, "
                "trained many managers in Lorraine, some fifteen in each year of the course.",
            ),
            (
                "These restructurings went hand in hand with a redefinition of the approaches "
                "and forms of social intervention.",
                "Such intervention now aims to be more “comprehensive” and “territorial”, more "
                "“participatory”, even involving and “mobilising”. It therefore works by "
                "networking and coordinating stakeholders from many backgrounds: local "
                "authorities, service users, associations…",
            ),
        ),
    ),
    "consequences-des-transformations-du-secteur": (
        "consequences-of-the-changes-in-the-sector",
        "The consequences of the changes in the sector",
        (
            (
                "These changes have affected every professional of the social, medico-social "
                "and health sectors.",
            ),
            (
                "It is the ways of making and shaping policies that have changed, together "
                "with the way they are legitimised and the ways they are carried out, "
                "translated and given form.",
            ),
            (
                "Professionals must therefore show that they can work in networks, within "
                "coordinated schemes; they have to take into account that the service user "
                "(or their family) must be placed “at the heart of the scheme”; more and more, "
                "they have to put innovation into practice, innovations becoming so many "
                "showcases for their institutions.",
                "In this context, the skills employers expect have changed. The task is both "
                "to translate public policies and to give them practical form through the "
                "design of projects.",
            ),
            (
                "We are witnessing a growing need for responsiveness. Organisations therefore "
                "have greater needs for managers and developers. The latter are seen as the "
                "image of an innovative and responsive organisation. They pay particular "
                "attention to the demands of the institutional environment. They are not "
                "focused on internal operations, as a line manager would be. They embody the "
                "missions of development, representation and promotion of the organisation.",
            ),
        ),
    ),
    "origines-de-la-formation": (
        "origins-of-the-programme",
        "Origins of the programme",
        (
            (
                "The field of social action has been affected by many organisational, "
                "institutional and professional changes, particularly since the devolution "
                "and decentralisation begun in 1984. These amount to a redefinition of "
                "responsibilities between the State and local authorities.",
                "In view of these changes, social intervention must be at once more "
                "“comprehensive” and “territorial”, more participatory or even “involving” "
                "(mobilising).",
            ),
            (
                "It is indeed the ways of making and shaping policies that have changed, "
                "together with the way they are legitimised and the ways they are carried "
                "out, translated and given form. Professionals now need to understand the "
                "spirit of the law in order to give it form, rather than follow it to the "
                "letter. They must therefore show an ability to work in networks, within "
                "coordinated schemes; putting innovation into practice is essential.",
            ),
            (
                "In this context, the vocabulary of expertise is the one most used to "
                "describe professional practice, expertise being defined as the ability to "
                "mobilise knowledge, skills and tools according to situations seen as "
                "increasingly varied and complex, in order to place the service user (or "
                "their family) “at the heart of the scheme” of intervention.",
            ),
            (
                "To take these changes into account, as well as the European harmonisation "
                "of higher-education degrees, the Sociology department of the Université Paul "
                "Verlaine replaced its Maîtrise des Sciences et Techniques « Conception et "
                "Réalisation de Projets d’Intervention et d’Innovation » (MST CERPII) with the "
                "professional master's degree, speciality « Ingénierie des Politiques "
                "Publiques et Sociales » (Public and Social Policy Engineering).",
            ),
            (
                "This new speciality, recognised as a level I degree, has constantly adapted "
                "its content to changes in the institutional framework and in the "
                "professional practices governing the social, health and medico-social "
                "sector.",
            ),
        ),
    ),
}


def _fill_empty(obj, values):
    """Set each of `values` whose field is empty on `obj` (never a staff edit); the names
    of the fields set."""
    changed = [name for name, value in values.items() if value and not getattr(obj, name)]
    for name in changed:
        setattr(obj, name, values[name])
    return changed


def load_english_content(apps):
    """The English translation of the original site's fiche texts and presentation, in the
    English fields left empty; French fields and English ones staff filled are untouched.

    The English anchors are set here: historical models (migrations) do not derive them.
    """
    Programme = apps.get_model("programme", "Programme")
    Section = apps.get_model("programme", "Section")
    if not any(field.name == "name_en" for field in Programme._meta.get_fields()):
        return  # a migration older than the English fields
    programme = Programme.objects.order_by("pk").first()
    if programme is not None:
        values = {f"{name}_en": value for name, value in PROGRAMME_ENGLISH.items()}
        changed = _fill_empty(programme, values)
        if changed:
            programme.save(update_fields=changed)
    taken = set(Section.objects.exclude(slug_en="").values_list("slug_en", flat=True))
    for section in Section.objects.filter(slug__in=PRESENTATION_SECTIONS_ENGLISH):
        anchor, title, paragraphs = PRESENTATION_SECTIONS_ENGLISH[section.slug]
        values = {"title_en": title, "body_en": sanitize_html(presentation_html(paragraphs))}
        if anchor not in taken:
            values["slug_en"] = anchor
        changed = _fill_empty(section, values)
        if changed:
            section.save(update_fields=changed)
