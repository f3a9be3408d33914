"""The fixed pages' first text, written from the original site's facts, loaded by a data
migration; the secretariat reviews and edits them in the admin.
"""

from core.initial_content import historical_model
from core.richtext import sanitize_html

# --- Standalone pages -------------------------------------------------------------------
# First drafts written from the original site's facts. Every page is flagged
# « à vérifier par le secrétariat ». What only the university can state (director of
# publication, host, audit results) is neither invented nor left as a visible gap: the
# public text leaves it out, and PENDING_FACTS lists it for the secretariat, who sees the
# list in the admin while the page is « à vérifier ».

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
<p>Aucun audit de conformité n'a encore été réalisé. Le site a été conçu pour être utilisable
au clavier et avec un lecteur d'écran ; ses pages sont vérifiées automatiquement à chaque
modification du code.</p>
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

# What the secretariat must add before unchecking « à vérifier » (shown in the admin only).
PENDING_FACTS = {
    "mentions-legales": [
        "Directeur ou directrice de la publication : nom et fonction de la personne "
        "responsable de la publication (rubrique à ajouter).",
        "Hébergement : nom, adresse et téléphone de l'hébergeur du site (rubrique à ajouter).",
    ],
    "accessibilite": [
        "Résultats des tests : après l'audit, le taux de critères RGAA respectés et le nom de "
        "l'organisme qui l'a réalisé (et le niveau de conformité dans « Identité du site »).",
    ],
}

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
    Page = historical_model(apps, "Page", "pages", "programme")
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


# --- The same pages in English ----------------------------------------------------------
# Translations of the texts above, for international applicants. The French text stays the
# legal reference: the English legal notice, privacy and accessibility pages say so at their
# top (pages/views.py). Loaded by pages migration 0005 into the English fields left empty.

ACCESS_MAP_BODY_EN = """
<p>Classes of the IPPS master's programme take place at the UFR Sciences Humaines &amp; Arts
(Faculty of Humanities and Arts), on the Saulcy campus, an island in the Moselle river in the
heart of Metz, a few minutes' walk from the city centre and the cathedral.</p>
<p>The programme office will welcome you and show you to the classrooms: feel free to call
before your first visit.</p>
"""

ACCESS_MAP_DIRECTIONS_EN = """
<h2>On foot or by bike</h2>
<p>From the city centre, cross the Moselle by the Pont des Morts or the Moyen Pont, then
follow the signs to “Université – Île du Saulcy”. Bike racks stand in front of the
buildings.</p>
<h2>By bus</h2>
<p>The campus is served by the Metz Métropole public transport network (Le Met'), stop
“Saulcy”. Check the current lines and timetables with the network before you leave.</p>
<h2>By train</h2>
<p>From Metz-Ville railway station, allow about 30 minutes on foot, or take a bus from the
station to the campus.</p>
<h2>By car</h2>
<p>From the A31 motorway, take the “Metz centre” exit and follow the signs to “Île du
Saulcy – Université”. Parking is available on the campus car parks, often full during the
day.</p>
<h2>Reduced mobility</h2>
<p>Let the programme office know you are coming: they will tell you about the accessible
entrances and lifts and the reserved parking spaces.</p>
"""

LEGAL_NOTICE_BODY_EN = """
<h2>Publisher</h2>
<p>Université de Lorraine<br>34 cours Léopold – CS 25233<br>54052 Nancy cedex, France<br>
Telephone: +33 3 54 50 54 00</p>
<p>The site is produced for the professional master's programme “Ingénierie des Politiques
Publiques et Sociales” (IPPS, Public and Social Policy Engineering) of the UFR Sciences
Humaines &amp; Arts, Île du Saulcy, BP 30309, 57006 Metz cedex 1, France, telephone
+33 3 87 31 56 38.</p>
<h2>Intellectual property</h2>
<p>The texts, images and documents published on this site belong to the Université de
Lorraine or to their authors. Any reproduction, other than for private or teaching use,
requires the publisher's prior consent.</p>
<h2>Links to other sites</h2>
<p>Links to other sites are given for information: the publisher is not responsible for
their content.</p>
<h2>Personal data</h2>
<p>How the data collected by the site's forms is processed is described on the “Personal
data” page.</p>
"""

ACCESSIBILITY_BODY_EN = """
<p>The Université de Lorraine is committed to making its websites accessible in accordance
with article 47 of French law no. 2005-102 of 11 February 2005. This accessibility statement
applies to the IPPS master's programme website.</p>
<h2>Compliance status</h2>
<p>The IPPS master's programme website is <strong>not compliant</strong> with the French
accessibility framework (RGAA), version 4.1, as no compliance audit has been carried out to
date. The level shown at the foot of each page will be updated after the audit.</p>
<h2>Test results</h2>
<p>No compliance audit has been carried out yet. The site was designed to be usable with a
keyboard and with a screen reader; its pages are checked automatically at every change to
the code.</p>
<h2>Non-accessible content</h2>
<ul>
<li>Some downloadable documents (PDF, office documents) may not be accessible; an accessible
version can be requested from the programme office.</li>
<li>The campus map is an image: its address and directions are also given as text on the
“Getting here” page.</li>
</ul>
<h2>Preparation of this statement</h2>
<p>This statement was prepared when the site went online. Technologies used: HTML, CSS. Test
environment: recent browsers with and without a screen reader.</p>
<h2>Feedback and contact</h2>
<p>If you cannot access a piece of content or a service, contact the office of the UFR
Sciences Humaines &amp; Arts on +33 3 87 31 56 38 or through the form of the “Contact”
page: we will tell you another way to access it or send you the content in another
form.</p>
<h2>Remedies</h2>
<p>If you have reported an accessibility problem without receiving a satisfactory answer,
you may:</p>
<ul>
<li>write to the Défenseur des droits, the French rights ombudsman (online form on
defenseurdesdroits.fr);</li>
<li>contact the Défenseur des droits' delegate in your region;</li>
<li>send a letter by post (free of charge, no stamp needed, from France):
Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</li>
</ul>
"""

PRIVACY_BODY_EN = """
<p>The controller of the processing described here is the Université de Lorraine, 34 cours
Léopold, CS 25233, 54052 Nancy cedex, France. Data is never sold, transferred or used for
commercial purposes.</p>
<h2>Contact form</h2>
<p>We keep your name, your e-mail address, the subject and text of your message, and the
date of your consent, in order to answer you. The message is forwarded by e-mail to the
programme office. Messages are kept for one year, then deleted.</p>
<h2>Alumni</h2>
<p>The alumni update form keeps the information you choose to give (name, year of
graduation, position, employer, sector, photo, testimonial). Only what you agreed to make
public appears in the directory. This data is kept as long as your consent lasts: you may
withdraw it at any time, and it is then deleted.</p>
<h2>Employment figures</h2>
<p>The published employment figures are totals by sector and by graduating year, computed
only from entries published with consent. No one can be identified from them.</p>
<h2>Cookies and third-party content</h2>
<p>The site sets no audience measurement or advertising cookie. Reading pages sets no
cookie; only the forms (contact, alumni) set a technical security cookie, needed to send
them, and the administration area a session cookie for signed-in staff. The site loads no
content from any third-party site (no font, script or embedded map): that is why no consent
banner is shown.</p>
<h2>Your rights</h2>
<p>You have the right to access, correct and erase your data, and to withdraw your consent
at any time. To exercise these rights, write to us through the form of the “Contact” page
or to the office of the UFR Sciences Humaines &amp; Arts, Île du Saulcy, BP 30309,
57006 Metz cedex 1, France. You may also contact the Université de Lorraine's data
protection officer, and lodge a complaint with the CNIL, the French data protection
authority (cnil.fr).</p>
"""

# {page slug: {French field: its English text}}.
ENGLISH_PAGES = {
    "plans-acces": {
        "title": "Getting here",
        "summary": (
            "Getting to the IPPS master's programme: UFR Sciences Humaines & Arts, Île du "
            "Saulcy campus in Metz, on foot, by bus, by train or by car."
        ),
        "body": ACCESS_MAP_BODY_EN,
        "directions": ACCESS_MAP_DIRECTIONS_EN,
    },
    "mentions-legales": {
        "title": "Legal notice",
        "summary": "Publisher, publication, hosting and intellectual property of the site.",
        "body": LEGAL_NOTICE_BODY_EN,
    },
    "accessibilite": {
        "title": "Accessibility statement",
        "summary": (
            "Compliance of the site with the French accessibility framework (RGAA), "
            "non-accessible content, contact and remedies."
        ),
        "body": ACCESSIBILITY_BODY_EN,
    },
    "donnees-personnelles": {
        "title": "Personal data",
        "summary": (
            "What the contact form and the alumni forms keep, for how long, and how to "
            "exercise your rights. No cookie for visitors."
        ),
        "body": PRIVACY_BODY_EN,
    },
}


# Rich text fields: sanitized as every save would (update() skips the fields' pre_save).
RICH_TEXT_FIELDS = ("body", "directions")


def _normalized(text):
    return " ".join(sanitize_html(text or "").split())


def load_english_pages(apps):
    """Fill the fixed pages' English fields left empty with the translations above.

    An English field already written is never overwritten. Where the French text is no
    longer the one these translations were made from, the page is flagged « à vérifier »
    so that the secretariat checks that the English still says what the French says.
    """
    Page = apps.get_model("pages", "Page")
    for page in Page.objects.filter(slug__in=ENGLISH_PAGES):
        english = ENGLISH_PAGES[page.slug]
        french = STANDALONE_PAGES[page.slug]
        changes = {}
        for field, text in english.items():
            if not getattr(page, f"{field}_en"):
                text = text.strip()
                changes[f"{field}_en"] = sanitize_html(text) if field in RICH_TEXT_FIELDS else text
        if not changes:
            continue
        edited = any(
            _normalized(getattr(page, field)) != _normalized(french.get(field, "").strip())
            for field in english
        )
        if edited:
            changes["needs_review"] = True
        # update(): the page's « mis à jour le » date stays the secretariat's.
        Page.objects.filter(pk=page.pk).update(**changes)
