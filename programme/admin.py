from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from programme.admin_tools import ContentAdmin
from programme.models import Image, Programme, SiteIdentity


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
