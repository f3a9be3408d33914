from django.contrib import admin, messages
from django.contrib.redirects.admin import RedirectAdmin
from django.contrib.redirects.models import Redirect
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from programme.admin_tools import ContentAdmin
from programme.models import ContactMessage, Image, Page, Programme, SiteIdentity
from programme.redirects_import import RedirectImportForm, redirects_import


class SingletonAdmin(ContentAdmin):
    """One record that staff edit but never add a second of, nor delete."""

    def has_add_permission(self, request):
        return not self.model.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SiteIdentity)
class SiteIdentityAdmin(SingletonAdmin):
    fieldsets = [
        (_("UFR"), {"fields": ["ufr_name", "ufr_address", "ufr_phone", "contact_email", "logo"]}),
        (
            _("Université"),
            {"fields": ["university_name", "university_address", "university_phone"]},
        ),
        (_("Accessibilité"), {"fields": ["accessibility_compliance"]}),
    ]
    list_display = ["__str__", "ufr_name", "ufr_phone", "contact_email", "updated_at"]


@admin.register(Programme)
class ProgrammeAdmin(SingletonAdmin):
    list_display = ["name", "degree", "updated_at"]


@admin.register(Image)
class ImageAdmin(ContentAdmin):
    list_display = ["__str__", "thumbnail", "width", "height", "is_decorative", "created_at"]
    search_fields = ["alt_text", "credit", "file"]
    list_filter = ["is_decorative"]
    readonly_fields = ["thumbnail", "width", "height"]
    fields = ["file", "thumbnail", "alt_text", "is_decorative", "credit", "width", "height"]

    @admin.display(description=_("aperçu"))
    def thumbnail(self, obj):
        if not obj.pk or not obj.file:
            return "—"
        smallest = obj.renditions[0]["name"] if obj.renditions else obj.file.name
        return format_html(
            '<img src="{}" alt="" style="max-width:160px;height:auto">',
            obj.file.storage.url(smallest),
        )


# --- Site pages: fixed pages, contact messages, redirects ------------------------------


@admin.register(Page)
class PageAdmin(ContentAdmin):
    list_display = ["title", "public_address", "review_notice", "updated_at"]
    list_filter = ["needs_review"]
    search_fields = ["title", "summary", "body"]
    readonly_fields = ["slug", "public_address", "updated_at"]
    autocomplete_fields = ["map_image"]
    fieldsets = [
        (None, {"fields": ["slug", "public_address", "needs_review", "title", "summary", "body"]}),
        (
            _("Plans d'accès seulement"),
            {"fields": ["map_image", "directions"], "classes": ["collapse"]},
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
                    "relisez-le, complétez ce qui est marqué « À compléter », puis décochez "
                    "« à vérifier par le secrétariat »."
                ),
            )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
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

    @admin.action(description=_("Marquer comme traité"))
    def mark_handled(self, request, queryset):
        count = queryset.filter(is_handled=False).update(is_handled=True)
        self.message_user(
            request,
            ngettext(
                "%(count)d message marqué comme traité.",
                "%(count)d messages marqués comme traités.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
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
