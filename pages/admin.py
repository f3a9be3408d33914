"""The admin of the site pages: fixed pages, contact messages, redirects."""

from django.contrib import admin, messages
from django.contrib.redirects.admin import RedirectAdmin
from django.contrib.redirects.models import Redirect
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backoffice.admin_tools import (
    ChangedFieldsMessageMixin,
    ContentAdmin,
    named_list,
)
from pages.initial_content import PENDING_FACTS
from pages.models import ContactMessage, Page
from pages.redirects_import import RedirectImportForm, redirects_import

# --- Site pages: fixed pages, contact messages, redirects ------------------------------


@admin.register(Page)
class PageAdmin(ContentAdmin):
    list_display = ["title", "public_address", "review_notice", "updated_at"]
    list_filter = ["needs_review"]
    search_fields = ["title", "summary", "body", "title_en"]
    readonly_fields = ["slug", "public_address", "updated_at"]
    autocomplete_fields = ["map_image"]
    fieldsets = [
        (None, {"fields": ["slug", "public_address", "needs_review", "title", "summary", "body"]}),
        (
            _("Plans d'accès seulement"),
            {"fields": ["map_image", "map_description", "directions"], "classes": ["collapse"]},
        ),
        (None, {"fields": ["updated_at"]}),
    ]

    def has_add_permission(self, request):
        # The four pages exist from the start; their addresses are linked by the layout.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("adresse publique"))
    def public_address(self, obj):
        url = obj.get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, url)

    @admin.display(description=_("à vérifier"), boolean=True, ordering="needs_review")
    def review_notice(self, obj):
        return obj.needs_review

    def change_view(self, request, object_id, form_url="", extra_context=None):
        page = self.get_object(request, object_id)
        if page is not None and page.needs_review:
            messages.warning(
                request,
                _(
                    "Texte proposé à la mise en ligne, à vérifier par le secrétariat : "
                    "relisez-le, ajoutez ce qui manque, puis décochez « à vérifier par le "
                    "secrétariat »."
                ),
            )
            pending = PENDING_FACTS.get(page.slug)
            if pending:
                messages.warning(
                    request,
                    format_html(
                        "{}<ul>{}</ul>",
                        gettext(
                            "Informations que seule l'université peut donner, absentes de la "
                            "page publique tant qu'elles ne sont pas écrites :"
                        ),
                        format_html_join("", "<li>{}</li>", ((fact,) for fact in pending)),
                    ),
                )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(ContactMessage)
class ContactMessageAdmin(ChangedFieldsMessageMixin, admin.ModelAdmin):
    list_display = ["subject", "name", "email", "created_at", "is_handled"]
    list_filter = ["is_handled", ("created_at", admin.DateFieldListFilter)]
    list_editable = ["is_handled"]
    search_fields = ["name", "email", "subject", "message"]
    date_hierarchy = "created_at"
    readonly_fields = ["name", "email", "subject", "message", "consented_at", "created_at"]
    fields = [*readonly_fields, "is_handled"]
    actions = ["mark_handled"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Marquer comme traité"), permissions=["change"])
    def mark_handled(self, request, queryset):
        changed = list(queryset.filter(is_handled=False))
        queryset.filter(pk__in=[message.pk for message in changed]).update(is_handled=True)
        if changed:
            self.message_user(
                request,
                gettext("Marqué comme traité : %(names)s.") % {"names": named_list(changed)},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                gettext("Rien à marquer : la sélection était déjà traitée."),
                messages.WARNING,
            )


admin.site.unregister(Redirect)


@admin.register(Redirect)
class RedirectWithImportAdmin(RedirectAdmin):
    """Django's redirects, plus an import of old addresses from a CSV file."""

    change_list_template = "admin/redirects/redirect/change_list.html"

    def get_urls(self):
        return [
            path(
                "importer/",
                self.admin_site.admin_view(self.import_view),
                name="redirects_redirect_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        report = None
        if request.method == "POST":
            form = RedirectImportForm(request.POST, request.FILES)
            if form.is_valid():
                report = redirects_import(form.cleaned_data["csv_file"])
        else:
            form = RedirectImportForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Importer des redirections"),
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/redirects/redirect/import.html", context)
