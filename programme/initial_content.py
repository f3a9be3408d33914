"""The programme's real content, from the original site, loaded by data migrations.

The presentation text is copied as the original site shows it (spelling, non-breaking
spaces and line breaks included): it is the university's text, not ours to edit.

Functions take an app registry so that migrations (historical models) and tests
(`django.apps.apps`) share them; each is idempotent.
"""

from django.utils import timezone
from django.utils.html import escape

from programme.richtext import sanitize_html

IDENTITY = {
    "ufr_name": "UFR Sciences Humaines & Arts",
    "ufr_address": "Île du Saulcy\nBP 30309\n57006 Metz cedex 1",
    "ufr_phone": "03 87 31 56 38",
    "university_name": "Université de Lorraine",
    "university_address": "34 cours Léopold\nCS 25233\n54052 Nancy cedex",
    "university_phone": "03 54 50 54 00",
    "contact_email": "",
    "accessibility_compliance": "non",
}

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


def load_identity(apps):
    SiteIdentity = apps.get_model("programme", "SiteIdentity")
    Programme = apps.get_model("programme", "Programme")
    SiteIdentity.objects.get_or_create(pk=1, defaults=IDENTITY)
    Programme.objects.get_or_create(pk=1, defaults=PROGRAMME)


# Facts the original site states; everything it does not state stays empty (never invented).
PROGRAMME_FACTS = {
    "level": "diplôme de niveau I",
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
    programme = Programme.objects.filter(pk=1).first()
    if programme is None:
        return
    changed = [field for field, value in PROGRAMME_FACTS.items() if not getattr(programme, field)]
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


# --- Standalone pages -------------------------------------------------------------------
# First drafts written from the original site's facts. Every page is flagged
# « à vérifier par le secrétariat »: what only the university can state (director of
# publication, host, audit results) is left « à compléter » rather than invented.

ACCESS_MAP_BODY = """
<p>Les cours du master IPPS ont lieu à l'UFR Sciences Humaines &amp; Arts, sur le campus
du Saulcy, une île de la Moselle au cœur de Metz, à quelques minutes à pied du centre-ville
et de la cathédrale.</p>
<p>Le secrétariat vous accueille et vous oriente vers les salles de cours : n'hésitez pas
à l'appeler avant votre première venue.</p>
"""

ACCESS_MAP_DIRECTIONS = """
<h2>À pied ou à vélo</h2>
<p>Depuis le centre-ville, traversez la Moselle par le pont des Morts ou le Moyen Pont puis
suivez la direction « Université – Île du Saulcy ». Des arceaux pour vélos se trouvent devant
les bâtiments.</p>
<h2>En bus</h2>
<p>Le campus est desservi par le réseau de transports en commun de Metz Métropole (Le Met'),
arrêt « Saulcy ». Consultez les lignes et horaires en vigueur auprès du réseau avant de partir.</p>
<h2>En train</h2>
<p>Depuis la gare de Metz-Ville, comptez environ 30 minutes à pied, ou rejoignez le campus en
bus depuis la gare.</p>
<h2>En voiture</h2>
<p>Depuis l'A31, sortie « Metz centre », suivez la direction « Île du Saulcy – Université ».
Le stationnement est possible sur les parkings du campus, souvent complets en journée.</p>
<h2>Personnes à mobilité réduite</h2>
<p>Signalez votre venue au secrétariat : il vous indiquera les entrées et ascenseurs
accessibles et les places de stationnement réservées.</p>
"""

LEGAL_NOTICE_BODY = """
<h2>Éditeur du site</h2>
<p>Université de Lorraine<br>34 cours Léopold – CS 25233<br>54052 Nancy cedex<br>
Téléphone : 03 54 50 54 00</p>
<p>Le site est réalisé pour le master professionnel « Ingénierie des Politiques Publiques et
Sociales » (IPPS) de l'UFR Sciences Humaines &amp; Arts, Île du Saulcy, BP 30309,
57006 Metz cedex 1, téléphone 03 87 31 56 38.</p>
<h2>Directeur ou directrice de la publication</h2>
<p>À compléter : nom et fonction de la personne responsable de la publication.</p>
<h2>Hébergement</h2>
<p>À compléter : nom, adresse et téléphone de l'hébergeur du site.</p>
<h2>Propriété intellectuelle</h2>
<p>Les textes, images et documents publiés sur ce site appartiennent à l'Université de
Lorraine ou à leurs auteurs. Toute reproduction, hors usage privé ou pédagogique, demande
l'accord préalable de l'éditeur.</p>
<h2>Liens vers d'autres sites</h2>
<p>Les liens vers d'autres sites sont proposés à titre d'information : l'éditeur n'est pas
responsable de leur contenu.</p>
<h2>Données personnelles</h2>
<p>Le traitement des données recueillies par les formulaires du site est décrit sur la page
« Données personnelles ».</p>
"""

ACCESSIBILITY_BODY = """
<p>L'Université de Lorraine s'engage à rendre ses sites internet accessibles conformément à
l'article 47 de la loi n° 2005-102 du 11 février 2005. La présente déclaration
d'accessibilité s'applique au site du master IPPS.</p>
<h2>État de conformité</h2>
<p>Le site du master IPPS est <strong>non conforme</strong> au référentiel général
d'amélioration de l'accessibilité (RGAA), version 4.1, faute d'audit de conformité réalisé
à ce jour. Le niveau affiché dans le pied de chaque page sera mis à jour après l'audit.</p>
<h2>Résultats des tests</h2>
<p>À compléter après l'audit : taux de critères RGAA respectés et nom de l'organisme qui l'a
réalisé. Le site a été conçu pour être utilisable au clavier et avec un lecteur d'écran ; ses
pages sont vérifiées automatiquement à chaque modification du code.</p>
<h2>Contenus non accessibles</h2>
<ul>
<li>Certains documents à télécharger (PDF, documents bureautiques) peuvent ne pas être
accessibles ; une version accessible peut être demandée au secrétariat.</li>
<li>Le plan du campus est une image : son adresse et les indications pour venir sont aussi
données en texte sur la page « Plans d'accès ».</li>
</ul>
<h2>Établissement de cette déclaration</h2>
<p>Cette déclaration a été établie à la mise en ligne du site. Technologies utilisées : HTML,
CSS. Environnement de test : navigateurs récents avec et sans lecteur d'écran.</p>
<h2>Retour d'information et contact</h2>
<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez le secrétariat de
l'UFR Sciences Humaines &amp; Arts au 03 87 31 56 38 ou par le formulaire de la page
« Contact » : nous vous indiquerons une autre façon d'y accéder ou vous transmettrons le
contenu sous une autre forme.</p>
<h2>Voies de recours</h2>
<p>Si vous avez signalé un défaut d'accessibilité sans obtenir de réponse satisfaisante, vous
pouvez :</p>
<ul>
<li>écrire un message au Défenseur des droits (formulaire en ligne sur
defenseurdesdroits.fr) ;</li>
<li>contacter le délégué du Défenseur des droits dans votre région ;</li>
<li>envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) :
Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</li>
</ul>
"""

PRIVACY_BODY = """
<p>Le responsable des traitements décrits ici est l'Université de Lorraine, 34 cours Léopold,
CS 25233, 54052 Nancy cedex. Les données ne sont ni vendues, ni cédées, ni utilisées à des fins
commerciales.</p>
<h2>Formulaire de contact</h2>
<p>Nous conservons votre nom, votre adresse e-mail, l'objet et le texte de votre message, ainsi
que la date de votre consentement, pour vous répondre. Le message est transmis par courriel au
secrétariat. Les messages sont conservés un an, puis supprimés.</p>
<h2>Anciens étudiants</h2>
<p>Le formulaire de mise à jour des anciens étudiants conserve les informations que vous
choisissez de donner (nom, promotion, poste, employeur, secteur, photo, témoignage). Seuls les
éléments que vous avez acceptés de rendre publics apparaissent dans l'annuaire. Ces données sont
conservées tant que votre consentement dure : vous pouvez le retirer à tout moment et elles
sont alors supprimées.</p>
<h2>Chiffres d'insertion professionnelle</h2>
<p>Les chiffres d'insertion publiés sont des totaux par secteur d'activité et par promotion,
calculés uniquement à partir des fiches publiées avec consentement. Aucune personne n'y est
identifiable.</p>
<h2>Cookies et contenus tiers</h2>
<p>Le site ne dépose aucun cookie de mesure d'audience ni de publicité. Les pages consultées
ne déposent aucun cookie ; seuls les formulaires (contact, anciens étudiants) déposent un
cookie technique de sécurité, indispensable à leur envoi, et l'espace d'administration un
cookie de session pour le personnel connecté. Le site ne charge aucun contenu depuis un site
tiers (ni police, ni script, ni carte intégrée) : c'est pourquoi aucun bandeau de
consentement n'est affiché.</p>
<h2>Vos droits</h2>
<p>Vous disposez d'un droit d'accès, de rectification et d'effacement de vos données, et du
droit de retirer votre consentement à tout moment. Pour les exercer, écrivez-nous par le
formulaire de la page « Contact » ou au secrétariat de l'UFR Sciences Humaines &amp; Arts,
Île du Saulcy, BP 30309, 57006 Metz cedex 1. Vous pouvez aussi contacter le délégué à la
protection des données de l'Université de Lorraine, et introduire une réclamation auprès de la
CNIL (cnil.fr).</p>
"""

STANDALONE_PAGES = {
    "plans-acces": {
        "title": "Plans d'accès",
        "summary": (
            "Venir au master IPPS : UFR Sciences Humaines & Arts, campus de l'Île du Saulcy "
            "à Metz, à pied, en bus, en train ou en voiture."
        ),
        "body": ACCESS_MAP_BODY,
        "directions": ACCESS_MAP_DIRECTIONS,
    },
    "mentions-legales": {
        "title": "Mentions légales",
        "summary": "Éditeur, publication, hébergement et propriété intellectuelle du site.",
        "body": LEGAL_NOTICE_BODY,
    },
    "accessibilite": {
        "title": "Déclaration d'accessibilité",
        "summary": (
            "État de conformité du site au RGAA, contenus non accessibles, contact et voies "
            "de recours."
        ),
        "body": ACCESSIBILITY_BODY,
    },
    "donnees-personnelles": {
        "title": "Données personnelles",
        "summary": (
            "Ce que gardent le formulaire de contact et les formulaires des anciens étudiants, "
            "combien de temps, et comment exercer vos droits. Aucun cookie pour les visiteurs."
        ),
        "body": PRIVACY_BODY,
    },
}


def load_standalone_pages(apps):
    """Create the fixed pages that do not exist yet (an edited page is never overwritten)."""
    Page = apps.get_model("programme", "Page")
    for slug, content in STANDALONE_PAGES.items():
        Page.objects.get_or_create(
            slug=slug,
            defaults={
                "title": content["title"],
                "summary": content["summary"],
                "body": content["body"].strip(),
                "directions": content.get("directions", "").strip(),
                "needs_review": True,
            },
        )


def load_initial_content(apps):
    """Everything a fresh site starts with (what `site_content` loads in tests)."""
    load_identity(apps)
    load_programme_facts(apps)
    load_presentation(apps)
    load_standalone_pages(apps)
