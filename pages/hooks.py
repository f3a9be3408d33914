"""What the site pages give the rest of the site: the fixed pages as searchable content,
their content models, and the contact messages waiting in the admin's « À traiter »."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from backoffice.admin_site import MESSAGES, PRESENTATION, SETTINGS, place_in_admin
from core.registry import (
    ContentApp,
    ContentKind,
    register_admin_attention,
    register_content_app,
    register_content_kind,
)
from pages.models import ContactMessage, Page


def standalone_pages():
    return Page.objects.all()


PAGES_KIND = ContentKind(
    key="pages",
    label=_("Informations pratiques"),
    order=90,
    public_queryset=standalone_pages,
    search_fields=("title", "summary", "body", "directions"),
    search_vector_field="search_document",
    excerpt_field="body",
    lastmod_field="updated_at",
    sitemap_priority=0.3,
)


def unhandled_contact_message_count():
    """Messages sent through the contact form that nobody has marked as processed yet."""
    return ContactMessage.objects.filter(is_handled=False).count()


def unhandled_contact_messages_url():
    return reverse("admin:pages_contactmessage_changelist") + "?is_handled__exact=0"


def pages_to_review_count():
    """Fixed pages whose proposed text staff have not checked yet."""
    return Page.objects.filter(needs_review=True).count()


def pages_to_review_url():
    return reverse("admin:pages_page_changelist") + "?needs_review__exact=1"


def register():
    place_in_admin(PRESENTATION, {"pages.page": 60})
    place_in_admin(MESSAGES, {"pages.contactmessage": 10})
    place_in_admin(SETTINGS, {"redirects.redirect": 20}, app_labels=("pages", "redirects"))
    # Redirects are Django's model, managed here; messages from visitors are not public.
    register_content_app(
        ContentApp(
            "pages",
            extra_models=("redirects.redirect",),
            private_models=("contactmessage",),
        )
    )
    register_content_kind(PAGES_KIND)
    register_admin_attention(
        "messages-de-contact",
        _("Messages de contact à traiter"),
        unhandled_contact_message_count,
        unhandled_contact_messages_url,
        order=10,
        permission="pages.change_contactmessage",
    )
    register_admin_attention(
        "pages-a-verifier",
        _("Pages fixes à vérifier (texte proposé à relire)"),
        pages_to_review_count,
        pages_to_review_url,
        order=20,
        permission="pages.change_page",
    )
