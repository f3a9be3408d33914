"""Spam defences for public forms, without third-party services.

Three checks, each invisible to a person filling the form honestly:
- a honeypot field hidden from people (bots fill every field);
- a minimum fill time, measured from a signed timestamp placed in the form;
- a per-address rate limit (`core.ratelimit`, shared with the other public forms).
"""

import time

from django import forms
from django.core import signing
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.ratelimit import RateLimitedFormMixin

SALT = "core.antispam"
# Stands for the timestamp in a stored blank rendering (never a valid signed value).
_TIMESTAMP_MARK = "form-started-mark-7f3c"
_blank_renderings = {}


class SpamProtectedForm(RateLimitedFormMixin, forms.Form):
    """Base for public forms: call `SpamProtectedForm(request, data)` or with `initial`.

    Subclasses (or ModelForms mixing it in first) set `spam_scope` (rate limit bucket),
    and may adjust `min_fill_seconds`, `max_per_hour`.
    """

    template_name = "includes/form.html"
    spam_scope = "form"
    min_fill_seconds = 3
    max_per_hour = 5

    # Named like a real field so that bots fill it; hidden from people by CSS and ARIA.
    website = forms.CharField(
        label=_("Ne pas remplir ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_started = forms.CharField(widget=forms.HiddenInput, required=False)

    # True on a form whose blank rendering is the same for every request but for its
    # timestamp (fields, labels and choices fixed in the code, nothing read from the
    # database or the request): it is then rendered once per process (`render`).
    same_blank_rendering = False

    def __init__(self, request, *args, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["form_started"] = signing.dumps(time.time(), salt=SALT)

    def render(self, template_name=None, context=None, renderer=None):
        """A blank form of a `same_blank_rendering` class comes from its first rendering in
        this process, with this request's timestamp put in: rendering a form's fields
        through their templates costs more than the rest of the page."""
        if not self.same_blank_rendering or self.is_bound or template_name or context or renderer:
            return super().render(template_name, context, renderer)
        timestamp = self.initial["form_started"]
        key = (
            type(self),
            get_language(),
            self.prefix,
            repr(sorted((k, v) for k, v in self.initial.items() if k != "form_started")),
        )
        html = _blank_renderings.get(key)
        if html is None:
            self.initial["form_started"] = _TIMESTAMP_MARK
            try:
                html = str(super().render())
            finally:
                self.initial["form_started"] = timestamp
            _blank_renderings[key] = html
        # A signed timestamp is letters, digits, « : », « - » and « _ »: nothing to escape,
        # and conditional_escape keeps it so should the signer ever change.
        return mark_safe(html.replace(_TIMESTAMP_MARK, conditional_escape(timestamp)))

    # Django binds these to its own render() when it defines them: `{{ form }}` uses them.
    __str__ = render
    __html__ = render

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("website"):
            raise forms.ValidationError(
                _("Votre envoi a été refusé car il ressemble à un envoi automatique."),
                code="honeypot",
            )
        try:
            started = signing.loads(self.data.get(self.add_prefix("form_started"), ""), salt=SALT)
        except signing.BadSignature:
            raise forms.ValidationError(
                _("Le formulaire a expiré ou est incomplet : rechargez la page et réessayez."),
                code="bad_timestamp",
            ) from None
        if time.time() - float(started) < self.min_fill_seconds:
            raise forms.ValidationError(
                _("Le formulaire a été envoyé trop vite. Vérifiez vos réponses puis renvoyez-le."),
                code="too_fast",
            )
        self.check_rate_limit()
        return cleaned_data

    # The apps' forms name their bucket and limit with the anti-spam words they know.
    @property
    def rate_limit_scope(self):
        return self.spam_scope

    @property
    def rate_limit_per_hour(self):
        return self.max_per_hour
