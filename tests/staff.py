"""Staff accounts as the site has them: members of the groups that `sync_roles` keeps."""

from django.contrib.auth.models import Group

from backoffice.roles import sync_roles

SECRETARIAT_EMAIL = "secretariat@univ-lorraine.fr"
SECRETARIAT_PASSWORD = "Ipps-secretariat-2026!"


def make_staff(django_user_model, email, group_name, password=SECRETARIAT_PASSWORD):
    """An active staff account in `group_name` (never a superuser)."""
    sync_roles()
    user = django_user_model.objects.create_user(
        email, email=email, password=password, is_staff=True
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user
