from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from backoffice.admin_tools import ContentAdmin, PublicationStateFilter, PublishableAdmin
from documents.forms import DocumentAdminForm
from documents.models import Category, Document, FileKind
from documents.schedule import EXPIRING_FILTER_VALUE


@admin.register(Category)
class CategoryAdmin(ContentAdmin):
    list_display = ["name", "order", "slug"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ExpiredFilter(admin.SimpleListFilter):
    title = _("validité")
    parameter_name = "validite"

    def lookups(self, request, model_admin):
        return [
            ("valable", _("Valable")),
            (EXPIRING_FILTER_VALUE, _("Expire dans les 30 jours")),
            ("expire", _("Expiré (date dépassée)")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "bientot":
                return queryset.expiring()
            case "expire":
                return queryset.expired()
            case "valable":
                return queryset.exclude(pk__in=queryset.expired().values("pk"))
        return queryset


def _file_summary(obj):
    """« dossier.pdf (PDF, 240 Ko, 3 pages, envoyé le 12/01/2026 10:30) », for staff."""
    details = [obj.type_label, obj.size_label]
    if obj.page_count:
        details.append(
            ngettext("%(count)d page", "%(count)d pages", obj.page_count)
            % {"count": obj.page_count}
        )
    details.append(
        gettext("envoyé le %(date)s")
        % {"date": timezone.localtime(obj.file_updated_at).strftime("%d/%m/%Y %H:%M")}
    )
    name = obj.original_filename or obj.file.name.rsplit("/", 1)[-1]
    return f"{name} ({', '.join(details)})"


@admin.register(Document)
class DocumentAdmin(PublishableAdmin):
    form = DocumentAdminForm
    list_display = [
        "title",
        "category",
        "order",
        "publication_state",
        "validity",
        "type",
        "size",
        "file_updated_at",
    ]
    list_display_links = ["title"]
    list_editable = ["order"]
    list_filter = [
        PublicationStateFilter,
        "category",
        "file_type",
        ExpiredFilter,
        "is_featured",
        "language",
    ]
    list_select_related = ["category"]
    search_fields = ["title", "title_en", "description", "slug", "original_filename"]
    ordering = ["category__order", "category__name", "order", "title"]
    date_hierarchy = "file_updated_at"
    readonly_fields = ["current_file", "accessibility_report", "public_link"]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "public_link", "description", "category", "order"]},
        ),
        (_("Fichier"), {"fields": ["current_file", "file", "language", "accessibility_report"]}),
        (
            _("Version accessible (RGAA 13.3)"),
            {"fields": ["accessible_alternative", "accessible_summary"]},
        ),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "valid_until", "is_featured"]},
        ),
    ]

    prepopulated_fields = {"slug": ["title"]}

    def save_model(self, request, obj, form, change):
        previous = _file_summary(Document.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        if change and "file" in form.changed_data:
            self.message_user(
                request,
                gettext(
                    "Fichier remplacé : %(old)s → %(new)s. Le lien public %(url)s sert "
                    "désormais la nouvelle version."
                )
                % {"old": previous, "new": _file_summary(obj), "url": obj.get_absolute_url()},
                messages.SUCCESS,
            )
        if "file" in form.changed_data:
            report = obj.pdf_report()
            if report is not None and not report.is_accessible_enough:
                self.message_user(
                    request,
                    gettext("Accessibilité du PDF à améliorer : %(advice)s")
                    % {"advice": " ".join(report.advice())},
                    messages.WARNING,
                )

    @admin.display(description=_("type"), ordering="file_type")
    def type(self, obj):
        return obj.type_label

    @admin.display(description=_("taille"), ordering="file_size")
    def size(self, obj):
        return obj.size_label

    @admin.display(description=_("validité"), ordering="valid_until")
    def validity(self, obj):
        if obj.valid_until is None:
            return "—"
        if obj.is_expired():
            return gettext("Expiré le %(date)s") % {"date": obj.valid_until.strftime("%d/%m/%Y")}
        return gettext("Jusqu'au %(date)s") % {"date": obj.valid_until.strftime("%d/%m/%Y")}

    @admin.display(description=_("fichier actuel"))
    def current_file(self, obj):
        if not obj or not obj.pk or not obj.file:
            return gettext("Aucun fichier pour l'instant.")
        return format_html(
            "{}<br><small>{}</small>",
            _file_summary(obj),
            gettext(
                "Envoyer un nouveau fichier ci-dessous remplace celui-ci : l'ancien est "
                "supprimé, le lien public reste le même et sert la nouvelle version."
            ),
        )

    @admin.display(description=_("lien public"))
    def public_link(self, obj):
        if not obj or not obj.pk:
            return gettext("Créé à l'enregistrement, à partir de l'adresse ci-dessus.")
        return format_html('<a href="{0}">{0}</a>', obj.get_absolute_url())

    @admin.display(description=_("accessibilité du PDF (RGAA 13.3)"))
    def accessibility_report(self, obj):
        if not obj or not obj.pk:
            return gettext("Vérifiée à l'envoi d'un PDF.")
        if obj.file_type != FileKind.PDF:
            return gettext(
                "Non vérifiée automatiquement pour ce type de fichier : préférez un PDF "
                "balisé, ou joignez une version accessible."
            )
        report = obj.pdf_report()
        if report.is_accessible_enough:
            summary = gettext("PDF balisé, avec un titre (« %(title)s ») et une langue (%(lang)s).")
            return summary % {"title": report.title, "lang": report.language}
        return format_html(
            '<strong class="errornote">{}</strong><ul>{}</ul>',
            gettext("Attention : ce PDF n'est pas entièrement accessible."),
            format_html_join("", "<li>{}</li>", ((line,) for line in report.advice())),
        )
