from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _

from alumni.models import ConsentScope, Sector, Submission
from core.antispam import SpamProtectedForm
from core.images import validate_image_upload


def checked_photo_upload(upload):
    """The uploaded photo if it is a reasonable image (a French ValidationError if not)."""
    if not upload:
        return None
    if upload.size > settings.IMAGE_MAX_UPLOAD_BYTES:
        validate_image_upload(upload)  # refuses it by its size, without reading it
    # Pillow may close the file it checks: check a copy, keep one for storage.
    content = upload.read()
    validate_image_upload(SimpleUploadedFile(upload.name, content))
    return SimpleUploadedFile(upload.name, content, content_type=upload.content_type)


def photo_upload_field(label):
    return forms.FileField(
        label=label,
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_(
            "Un portrait au format JPEG, PNG ou WebP, 10 Mo au plus. Ses données cachées "
            "(lieu de prise de vue…) sont effacées à l'enregistrement."
        ),
    )


class GroupedFieldsMixin:
    """Lay a form out in titled groups (`groups` = [(legend, [field names])]); the shared
    form layout (includes/form.html) draws a `fieldsets` form in groups."""

    groups = []

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.groups]


class SubmissionForm(GroupedFieldsMixin, SpamProtectedForm, forms.ModelForm):
    """The public self-update form: details, explicit consents, an optional photo."""

    spam_scope = "alumni"
    groups = [
        (_("Vous"), ["first_name", "last_name", "email", "cohort"]),
        (_("Votre parcours"), ["position", "employer", "sector", "city", "profile_url"]),
        (_("Photo et témoignage"), ["photo", "testimonial", "testimonial_en"]),
        (
            _("Ce que vous acceptez de publier"),
            ["consents_to_name", "consents_to_career", "consents_to_photo"]
            + ["consents_to_testimonial"],
        ),
    ]

    photo = photo_upload_field(_("Photo (facultative)"))

    class Meta:
        model = Submission
        fields = [
            "first_name",
            "last_name",
            "email",
            "cohort",
            "position",
            "employer",
            "sector",
            "city",
            "profile_url",
            "testimonial",
            "testimonial_en",
            "consents_to_name",
            "consents_to_career",
            "consents_to_photo",
            "consents_to_testimonial",
        ]
        labels = {
            "consents_to_name": _(
                "J'accepte que mon nom, mon prénom et ma promotion figurent dans l'annuaire public"
            ),
            "consents_to_career": _(
                "J'accepte que mon poste, mon employeur, mon secteur, ma ville et mon profil en "
                "ligne soient publiés"
            ),
            "consents_to_photo": _("J'accepte que ma photo soit publiée"),
            "consents_to_testimonial": _("J'accepte que mon témoignage soit publié"),
        }
        help_texts = {
            "consents_to_name": _("Sans cet accord, vous n'apparaissez pas dans l'annuaire."),
            "consents_to_career": "",
            "consents_to_photo": "",
            "consents_to_testimonial": "",
        }
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "cohort": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "profile_url": forms.URLInput(attrs={"autocomplete": "url"}),
            "testimonial": forms.Textarea(attrs={"rows": 5}),
            # Its language told, for screen readers and spelling checkers.
            "testimonial_en": forms.Textarea(attrs={"rows": 5, "lang": "en"}),
        }

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["sector"].empty_label = _("— Choisissez un secteur —")
        self.fields["sector"].queryset = Sector.objects.all()

    def clean_photo(self):
        return checked_photo_upload(self.cleaned_data.get("photo"))

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("photo") and not cleaned_data.get("consents_to_photo"):
            self.add_error(
                "photo",
                _(
                    "Vous avez joint une photo sans accepter sa publication : cochez "
                    "« J'accepte que ma photo soit publiée » ou retirez la photo."
                ),
            )
        return cleaned_data


class WithdrawalForm(GroupedFieldsMixin, SpamProtectedForm):
    """Ask for a consent withdrawal: a confirmation link goes to the e-mail on record."""

    spam_scope = "alumni-withdrawal"
    groups = [(_("Votre demande de retrait"), ["email", "scopes"])]

    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        help_text=_("Celle que le secrétariat connaît : le lien de confirmation y sera envoyé."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Ce que vous ne souhaitez plus voir publié"),
        choices=ConsentScope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins une information à retirer.")},
        help_text=_("Retirer « nom » vous retire entièrement de l'annuaire."),
    )


class DirectoryFilterForm(forms.Form):
    """Filters of the directory, read from the query string (bad values → empty result)."""

    q = forms.CharField(label=_("Nom ou employeur"), required=False)

    def clean_q(self):
        # A long search is not an error: nobody's name is that long, so it finds nothing.
        return self.cleaned_data["q"][:200]

    promotion = forms.TypedChoiceField(
        label=_("Promotion"), required=False, coerce=int, empty_value=None
    )
    secteur = forms.TypedChoiceField(
        label=_("Secteur"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, cohorts, sectors, **kwargs):
        """`cohorts`: years; `sectors`: (key, name) pairs."""
        super().__init__(*args, **kwargs)
        # Choices come from lists the view already fetched for the menus: no extra query.
        self.fields["promotion"].choices = [("", _("Toutes"))] + [
            (cohort, cohort) for cohort in cohorts
        ]
        self.fields["secteur"].choices = [("", _("Tous")), *sectors]
