from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from backoffice.admin_dates import years_with_records
from backoffice.admin_tools import ContentAdmin, PublicationStateFilter, PublishableAdmin
from core.slugs import unique_slug
from news.models import Category, NewsItem


class PublicationYearFilter(admin.SimpleListFilter):
    title = _("année de publication")
    parameter_name = "annee"

    def lookups(self, request, model_admin):
        years = years_with_records(NewsItem.objects.exclude(published_at=None), "published_at")
        return [(str(year), str(year)) for year in reversed(years)]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isascii() and value.isdigit() and 1990 <= int(value) <= 2999:
            return queryset.filter(published_at__year=int(value))
        return queryset


@admin.register(Category)
class CategoryAdmin(ContentAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ["name"]


class NewsItemForm(forms.ModelForm):
    class Meta:
        model = NewsItem
        fields = [
            "title",
            "title_en",
            "slug",
            "slug_en",
            "category",
            "summary",
            "summary_en",
            "body",
            "body_en",
            "image",
            "status",
            "published_at",
            "is_pinned",
            "starts_at",
            "ends_at",
            "location",
            "location_en",
        ]

    def _free_slug(self, field):
        # Two items may share a title (« Soutenances » every June): rather than refuse the
        # address the editor filled in, give the new one the next free « -2 », « -3 »…
        slug = self.cleaned_data.get(field)
        taken = NewsItem.objects.filter(**{field: slug}).exclude(pk=self.instance.pk)
        if slug and taken.exists():
            return unique_slug(
                NewsItem,
                slug,
                exclude_pk=self.instance.pk,
                fallback=NewsItem.slug_fallback,
                field=field,
            )
        return slug

    def clean_slug(self):
        return self._free_slug("slug")

    def clean_slug_en(self):
        return self._free_slug("slug_en")


class EventFilter(admin.SimpleListFilter):
    """Events are the items with a start date (the category is only a category)."""

    title = _("événement")
    parameter_name = "evenement"

    def lookups(self, request, model_admin):
        return [("oui", _("Événements (avec une date)")), ("non", _("Actualités sans date"))]

    def queryset(self, request, queryset):
        match self.value():
            case "oui":
                return queryset.filter(starts_at__isnull=False)
            case "non":
                return queryset.filter(starts_at__isnull=True)
        return queryset


@admin.register(NewsItem)
class NewsItemAdmin(PublishableAdmin):
    form = NewsItemForm
    list_display = ["title", "publication_state", "published_at", "category", "is_pinned"]
    list_filter = [PublicationStateFilter, "category", PublicationYearFilter, EventFilter]
    list_select_related = ["category"]
    search_fields = ["title", "summary", "title_en"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",), "slug_en": ("title_en",)}
    readonly_fields = ["image_preview", "site_link", "author", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", ("slug", "slug_en"), "category", "summary", "body"]}),
        (_("Image"), {"fields": ["image", "image_preview"]}),
        (_("Publication"), {"fields": ["status", "published_at", "is_pinned", "site_link"]}),
        (
            _("Événement"),
            {
                "fields": ["starts_at", "ends_at", "location"],
                "description": _(
                    "Pour une soutenance, une conférence, une journée portes ouvertes… : "
                    "indiquez la date de début, c'est elle qui en fait un événement."
                ),
            },
        ),
        (_("Suivi"), {"fields": ["author", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        # The list's own select_related is skipped by Django once the queryset has one: the
        # category is named here too, or each row of the list would fetch its own.
        return super().get_queryset(request).select_related("image", *self.list_select_related)

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("aperçu de l'image"))
    def image_preview(self, obj):
        if not obj.image_id or not obj.image.file:
            return _("Aucune image (enregistrez pour voir l'aperçu de l'image choisie).")
        image = obj.image
        smallest = image.renditions[0]["name"] if image.renditions else image.file.name
        return format_html(
            '<img src="{}" alt="{}" style="max-width:240px;height:auto">',
            image.file.storage.url(smallest),
            image.alt,
        )

    @admin.display(description=_("sur le site"))
    def site_link(self, obj):
        if not obj.pk:
            return _("Enregistrez d'abord l'actualité.")
        if obj.is_published():
            label = _("Voir sur le site")
        elif obj.is_scheduled():
            label = _("Aperçu (programmée pour le %(date)s)") % {
                "date": timezone.localtime(obj.published_at).strftime("%d/%m/%Y %H:%M")
            }
        else:
            label = _("Aperçu du brouillon")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', obj.get_absolute_url(), label
        )
