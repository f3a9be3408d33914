"""Staff roles: groups whose permissions are computed from the models, never edited by hand.

Permissions exist only once `post_migrate` has created them, so the groups are synchronised
after every `migrate` (see `ProgrammeConfig.ready`) and by `manage.py sync_roles`. The
synchronisation is idempotent: each group ends with exactly the permissions computed here,
so a content model added by a future migration is picked up by the next `migrate`.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

SECRETARIAT = "Secrétariat"
PROGRAMME_MANAGER = "Responsable pédagogique"

# Apps whose every model is content the secretariat manages.
CONTENT_APP_LABELS = ("programme", "news", "alumni", "documents")
# Content models living in Django's own apps: moved pages keep working through redirects.
EXTRA_CONTENT_MODELS = (("redirects", "redirect"),)
# Models the programme manager (the academic lead) may create and change, never delete:
# the programme card, its sections, curriculum and admission phases, the images they
# show, preview links to share drafts, and the news. The rest of the content (site
# identity, legal pages, contact messages, alumni, documents, redirects) is read-only
# for them: the secretariat keeps it.
PROGRAMME_MANAGER_EDITABLE_APPS = ("programme", "news")
PROGRAMME_MANAGER_EXCLUDED_MODELS = (
    ("programme", "siteidentity"),
    ("programme", "contactmessage"),
    ("programme", "page"),
)


def _content_filter():
    condition = Q(content_type__app_label__in=CONTENT_APP_LABELS)
    for app_label, model in EXTRA_CONTENT_MODELS:
        condition |= Q(content_type__app_label=app_label, content_type__model=model)
    return condition


def _excluded_models_filter(models):
    condition = Q(pk__in=[])
    for app_label, model in models:
        condition |= Q(content_type__app_label=app_label, content_type__model=model)
    return condition


def secretariat_permissions(using="default"):
    """Every permission on content (add, change, delete, view and the apps' own actions)."""
    return Permission.objects.using(using).filter(_content_filter())


def programme_manager_permissions(using="default"):
    """View all content; add and change the presentation, curriculum and news; no delete."""
    view_all = Q(codename__startswith="view_") & _content_filter()
    edit_some = (
        (Q(codename__startswith="add_") | Q(codename__startswith="change_"))
        & Q(content_type__app_label__in=PROGRAMME_MANAGER_EDITABLE_APPS)
        & ~_excluded_models_filter(PROGRAMME_MANAGER_EXCLUDED_MODELS)
    )
    return Permission.objects.using(using).filter(view_all | edit_some)


ROLES = {
    SECRETARIAT: secretariat_permissions,
    PROGRAMME_MANAGER: programme_manager_permissions,
}


def sync_roles(using="default"):
    """Create the groups if needed and give each exactly its computed permissions."""
    for name, permissions in ROLES.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(permissions(using))


def sync_roles_after_migrate(sender, using="default", **kwargs):
    """`post_migrate` handler: run once, after the last app has created its permissions."""
    from django.apps import apps

    # migrate signals each app that has models, in INSTALLED_APPS order.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    sync_roles(using)
