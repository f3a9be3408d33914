"""The admin's sentences about a kind of record, in correct French.

Django builds its titles and messages from a model's name alone (« Ajout de actualité »,
« Récupérer actualités supprimés », « L'objet actualité … a été ajouté »): French needs the
article, the elision and the agreement. Each model's gender is declared once here
(masculine unless listed); `FrenchWordingMixin`, given to every admin by the site, writes
the titles and success messages with it.
"""

import re
from functools import wraps

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext

FEMININE = "f"
MASCULINE = "m"
# A name already plural in the singular (« chiffres officiels d'insertion »).
PLURAL = "pl"

GENDERS = {
    "core.siteidentity": FEMININE,
    "core.image": FEMININE,
    "pages.page": FEMININE,
    "redirects.redirect": FEMININE,
    "programme.academicyear": FEMININE,
    "programme.programme": FEMININE,
    "programme.admissionphase": FEMININE,
    "programme.section": FEMININE,
    "programme.teachingunit": FEMININE,
    "news.category": FEMININE,
    "news.newsitem": FEMININE,
    "alumni.submission": FEMININE,
    "alumni.officialoutcome": PLURAL,
    "documents.category": FEMININE,
    "axes.accessattempt": FEMININE,
    "axes.accesslog": FEMININE,
    "otp_totp.totpdevice": FEMININE,
    "backoffice.approvalsetting": FEMININE,
    "backoffice.pendingrevision": FEMININE,
}

_VOWEL = re.compile(r"[aàâeéèêëiîïoôuùûyh]", re.IGNORECASE)


class Wording:
    """How to speak of one model: « une actualité », « l'actualité », « ajoutée »…"""

    def __init__(self, opts):
        self.name = str(opts.verbose_name)
        self.plural = str(opts.verbose_name_plural)
        self.gender = GENDERS.get(opts.label_lower, MASCULINE)
        self.elided = bool(_VOWEL.match(self.name))

    @property
    def indefinite(self):
        """« une actualité », « un document », « des chiffres officiels »."""
        article = {FEMININE: "une", MASCULINE: "un", PLURAL: "des"}[self.gender]
        return f"{article} {self.name}"

    @property
    def definite(self):
        """« l'actualité », « le document », « la page fixe », « les chiffres »."""
        if self.gender == PLURAL:
            return f"les {self.name}"
        if self.elided:
            return f"l'{self.name}"
        return f"{'la' if self.gender == FEMININE else 'le'} {self.name}"

    @property
    def of_definite(self):
        """« de l'actualité », « du document », « de la page fixe », « des chiffres »."""
        if self.gender == PLURAL:
            return f"des {self.name}"
        if self.elided:
            return f"de l'{self.name}"
        return f"{'de la' if self.gender == FEMININE else 'du'} {self.name}"

    def agree(self, participle):
        """« ajouté » agreed with the name: « ajoutée », « ajoutés »."""
        return participle + {FEMININE: "e", MASCULINE: "", PLURAL: "s"}[self.gender]

    def agree_plural(self, participle):
        """« supprimés » or « supprimées », for the plural name."""
        return participle + ("es" if self.gender == FEMININE else "s")

    @property
    def deleted(self):
        """« supprimée », « supprimé »: the record deleted."""
        return self.agree("supprimé")

    @property
    def deleted_plural(self):
        """« supprimées », « supprimés »: several records deleted."""
        return self.agree_plural("supprimé")

    @property
    def selected(self):
        """« sélectionnées », « sélectionnés »: records of the list picked for an action."""
        return self.agree_plural("sélectionné")

    def count(self, number, participle=""):
        """« 1 actualité supprimée », « 3 documents supprimés » (or without the participle)."""
        if number == 1 and self.gender != PLURAL:
            words = [str(number), self.name, self.agree(participle) if participle else ""]
        else:
            name = self.plural
            words = [str(number), name, self.agree_plural(participle) if participle else ""]
        return " ".join(word for word in words if word)

    @property
    def delete_selected(self):
        """The bulk delete action: « Supprimer les actualités sélectionnées »."""
        return gettext("Supprimer les %(names)s %(selected)s") % {
            "names": self.plural,
            "selected": self.selected,
        }

    @property
    def add(self):
        return gettext("Ajouter %(name)s") % {"name": self.indefinite}

    @property
    def recoverlist(self):
        return gettext("Récupérer les %(names)s %(deleted)s") % {
            "names": self.plural,
            "deleted": self.agree_plural("supprimé"),
        }

    def done(self, obj, participle):
        """« L'actualité « Journée » a été ajoutée. »"""
        return format_html(
            "{} « {} » a été {}.", capfirst(self.definite), str(obj), self.agree(participle)
        )


# Django's success sentences, as its French catalog writes them: recognized in
# `message_user` and rewritten with the model's article and agreement.
_DJANGO_SUCCESS = {
    "The {name} “{obj}” was added successfully.": "ajouté",
    "The {name} “{obj}” was added successfully. You may edit it again below.": "ajouté",
    "The {name} “{obj}” was added successfully. You may add another {name} below.": "ajouté",
    "The {name} “{obj}” was changed successfully.": "modifié",
    "The {name} “{obj}” was changed successfully. You may edit it again below.": "modifié",
    "The {name} “{obj}” was changed successfully. You may add another {name} below.": "modifié",
    "The %(name)s “%(obj)s” was deleted successfully.": "supprimé",
}


def _success_pattern(template, name):
    french = gettext(template).replace("%(name)s", "{name}").replace("%(obj)s", "{obj}")
    pattern = re.escape(french)
    pattern = pattern.replace(re.escape("{name}"), re.escape(name), 1)
    pattern = pattern.replace(re.escape("{obj}"), "(?P<obj>.*)", 1)
    pattern = pattern.replace(re.escape("{name}"), re.escape(name))
    return re.compile(pattern + r"\Z", re.DOTALL)


def _count_pattern(french, names):
    """A regular expression for a message with a %(count)d and a model name."""
    pattern = re.escape(french)
    for placeholder in ("%(count)d", "%(count)s"):
        pattern = pattern.replace(re.escape(placeholder), r"(?P<count>\d+)")
    for placeholder in ("%(items)s", "%(name)s"):
        alternatives = "|".join(re.escape(name) for name in names)
        pattern = pattern.replace(re.escape(placeholder), f"(?:{alternatives})")
    return re.compile(pattern + r"\Z", re.DOTALL)


def _bulk_patterns(opts):
    """(pattern, participle) for Django's messages about several records at once: the bulk
    delete action (« La suppression de 2 actualités a réussi. ») and the list's editable
    columns (« 2 objets actualités ont été modifiés avec succès. »)."""
    names = [str(opts.verbose_name), str(opts.verbose_name_plural)]
    return [
        (_count_pattern(gettext("Successfully deleted %(count)d %(items)s."), names), "supprimé"),
        *(
            (
                _count_pattern(
                    ngettext(
                        "%(count)s %(name)s was changed successfully.",
                        "%(count)s %(name)s were changed successfully.",
                        number,
                    ),
                    names,
                ),
                "modifié",
            )
            for number in (1, 2)
        ),
    ]


# Django's list of what a deletion takes along says « Actualité: Journée »; French puts a
# space before the colon.
_ENGLISH_COLON = re.compile(r"^([^:<]+): ")


def _french_colons(items):
    french = []
    for item in items:
        if isinstance(item, list):
            french.append(_french_colons(item))
        elif isinstance(item, SafeData):
            french.append(mark_safe(_ENGLISH_COLON.sub(r"\1 : ", str(item))))
        else:
            french.append(_ENGLISH_COLON.sub(r"\1 : ", str(item)))
    return french


class FrenchWordingMixin:
    """Titles and success messages of an admin written for its model (see `Wording`)."""

    @property
    def wording(self):
        return Wording(self.opts)

    def _with(self, extra_context, **context):
        return {"wording": self.wording, **context, **(extra_context or {})}

    def changelist_view(self, request, extra_context=None):
        # Django's title says « Sélectionnez l'objet actualité à changer ».
        if self.has_change_permission(request):
            title = gettext("Choisissez %(name)s à modifier")
        else:
            title = gettext("Choisissez %(name)s à consulter")
        title %= {"name": self.wording.indefinite}
        return super().changelist_view(request, self._with(extra_context, title=title))

    def add_view(self, request, form_url="", extra_context=None):
        context = self._with(extra_context, title=self.wording.add)
        return super().add_view(request, form_url, context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        wording = self.wording
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if self.has_change_permission(request, obj):
            title = gettext("Modifier %(name)s") % {"name": wording.definite}
        else:
            title = gettext("Consulter %(name)s") % {"name": wording.definite}
        return super().change_view(
            request, object_id, form_url, self._with(extra_context, title=title)
        )

    def history_view(self, request, object_id, extra_context=None):
        title = gettext("Historique %(of_name)s") % {"of_name": self.wording.of_definite}
        return super().history_view(request, object_id, self._with(extra_context, title=title))

    def delete_view(self, request, object_id, extra_context=None):
        wording = self.wording
        title = gettext("Supprimer %(name)s ?") % {"name": wording.definite}
        response = super().delete_view(request, object_id, self._with(extra_context, title=title))
        context = getattr(response, "context_data", None)
        if context and (context.get("perms_lacking") or context.get("protected")):
            context["title"] = gettext("Impossible de supprimer %(name)s") % {
                "name": wording.definite
            }
        return response

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        return _french_colons(deleted), model_count, perms_needed, _french_colons(protected)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            func, name, _description = actions["delete_selected"]
            actions["delete_selected"] = (
                self._french_delete_selected(func),
                name,
                self.wording.delete_selected,
            )
        return actions

    def _french_delete_selected(self, func):
        """Django's bulk delete, its confirmation page titled and worded for the model."""
        wording = self.wording

        @wraps(func)
        def delete_selected(modeladmin, request, queryset):
            response = func(modeladmin, request, queryset)
            if isinstance(response, TemplateResponse):
                context = response.context_data
                context["wording"] = wording
                selected = {
                    "names": wording.plural,
                    "selected": wording.agree_plural("sélectionné"),
                }
                if context.get("perms_lacking") or context.get("protected"):
                    context["title"] = (
                        gettext("Impossible de supprimer les %(names)s %(selected)s") % selected
                    )
                else:
                    context["title"] = gettext("Supprimer les %(names)s %(selected)s ?") % selected
            return response

        return delete_selected

    def recoverlist_view(self, request, extra_context=None):
        context = self._with(extra_context, title=self.wording.recoverlist)
        return super().recoverlist_view(request, context)

    def recover_view(self, request, version_id, extra_context=None):
        request._wording_action = "récupéré"
        title = gettext("Récupérer %(name)s") % {"name": self.wording.definite}
        return super().recover_view(request, version_id, self._with(extra_context, title=title))

    def revision_view(self, request, object_id, version_id, extra_context=None):
        request._wording_action = "restauré"
        title = gettext("Restaurer %(name)s") % {"name": self.wording.definite}
        return super().revision_view(
            request, object_id, version_id, self._with(extra_context, title=title)
        )

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if level == messages.SUCCESS:
            message = self._french_success(request, message)
        super().message_user(request, message, level, *args, **kwargs)

    def _french_success(self, request, message):
        wording = self.wording
        for pattern, participle in _bulk_patterns(self.opts):
            match = pattern.match(str(message))
            if match:
                return f"{capfirst(wording.count(int(match.group('count')), participle))}."
        for template, participle in _DJANGO_SUCCESS.items():
            match = _success_pattern(template, wording.name).match(str(message))
            if match:
                obj = match.group("obj")
                if isinstance(message, SafeData):
                    obj = mark_safe(obj)  # already escaped by Django's format_html
                action = getattr(request, "_wording_action", None)
                if action:
                    # A recovery or a restoration: say so, not « modifié, aucun champ n'a
                    # changé » (the form was saved as the history had it).
                    request.__dict__.pop("_changed_field_labels", None)
                    return wording.done(obj, action)
                return wording.done(obj, participle)
        return message
