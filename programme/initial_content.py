"""The programme's real content, from the original site, loaded by data migrations.

Functions take an app registry so that migrations (historical models) and tests
(`django.apps.apps`) share them; each is idempotent.
"""

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
