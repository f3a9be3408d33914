"""The site identity from the original site (the UFR and the university), loaded by a
data migration, and a lookup of models that works before and after they changed app.
"""


def historical_model(apps, model_name, *app_labels):
    """`apps.get_model()` for a model that moved: the first app that holds it in `apps`
    (a migration's historical registry from before the move, or today's)."""
    for app_label in app_labels:
        try:
            return apps.get_model(app_label, model_name)
        except LookupError:
            continue
    raise LookupError(f"{model_name} not found in {app_labels}")


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


def load_site_identity(apps):
    SiteIdentity = historical_model(apps, "SiteIdentity", "core", "programme")
    SiteIdentity.objects.get_or_create(pk=1, defaults=IDENTITY)
