"""Staff roles: groups whose permissions are computed from the models, never edited by hand.

Which models are content comes from the apps' declarations in the registry (`ContentApp`).
Permissions exist only once `post_migrate` has created them, so the groups are synchronised
after every `migrate` (see `BackofficeConfig.ready`) and by `manage.py sync_roles`. The
synchronisation is idempotent: each group ends with exactly the permissions computed here,
so a content model added by a future migration is picked up by the next `migrate`.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from core.registry import ALL_MODELS, content_apps, content_model_labels

SECRETARIAT = "Secrétariat"
PROGRAMME_MANAGER = "Responsable pédagogique"


def _models_filter(labels):
    condition = Q(pk__in=[])
    for label in labels:
        app_label, model = label.split(".")
        condition |= Q(content_type__app_label=app_label, content_type__model=model)
    return condition


def _content_filter():
    return _models_filter(content_model_labels())


def _programme_manager_editable():
    """The models the academic lead may add and change, as each content app declares."""
    labels = set()
    for content_app in content_apps():
        if content_app.programme_manager_edits == ALL_MODELS:
            config = apps.get_app_config(content_app.label)
            labels |= {model._meta.label_lower for model in config.get_models()}
        else:
            labels |= {
                f"{content_app.label}.{name}" for name in content_app.programme_manager_edits
            }
    return labels


def _backoffice(*codenames):
    return Q(content_type__app_label="backoffice", codename__in=codenames)


def secretariat_permissions(using="default"):
    """Every permission on content (add, change, delete, view and the apps' own actions);
    the changes waiting for approval, and which kinds wait for it."""
    workflow = _backoffice("view_pendingrevision", "view_approvalsetting", "change_approvalsetting")
    return Permission.objects.using(using).filter(_content_filter() | workflow)


def programme_manager_permissions(using="default"):
    """View all content; add and change the presentation, curriculum and news; no delete;
    approve or send back the Secrétariat's changes waiting for approval."""
    view_all = Q(codename__startswith="view_") & _content_filter()
    edit_some = (
        Q(codename__startswith="add_") | Q(codename__startswith="change_")
    ) & _models_filter(_programme_manager_editable())
    workflow = _backoffice("view_pendingrevision", "review_pendingrevision", "view_approvalsetting")
    return Permission.objects.using(using).filter(view_all | edit_some | workflow)


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
    # migrate signals each app that has models, in INSTALLED_APPS order.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    sync_roles(using)
