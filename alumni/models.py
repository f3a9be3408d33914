"""Alumni: the directory's records, the consent ledger, self-update submissions, outcomes.

Personal data law (RGPD) shapes this module: an alumnus appears publicly only once
published, only if they agreed to their name being shown, and each other group of
fields only with its own consent. Every grant or withdrawal is a row of the ledger
(`ConsentRecord`); the booleans on `Alumnus` are the current state, kept in step by
`alumni.services`.
"""

import mimetypes
import secrets
from dataclasses import dataclass
from pathlib import PurePosixPath

from django import forms
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.categories import OrderedItem
from core.images import validate_image_upload
from core.models import ProcessedImage
from core.search_document import SearchDocumentField
from core.translation import ENGLISH, active_language, english_copy

FIRST_COHORT = 1990
LAST_COHORT = 2100

cohort_validators = [
    MinValueValidator(FIRST_COHORT, _("Indiquez une année de promotion après 1990.")),
    MaxValueValidator(LAST_COHORT, _("Indiquez une année de promotion réaliste.")),
]
WEB_URL_MESSAGE = _("Indiquez une adresse web complète commençant par https:// (ou http://).")
web_url_validator = URLValidator(schemes=["http", "https"], message=WEB_URL_MESSAGE)


class WebURLFormField(forms.URLField):
    default_validators = [web_url_validator]
    default_error_messages = {"invalid": WEB_URL_MESSAGE}


class WebURLField(models.URLField):
    """A web address (http or https only); forms read a bare « exemple.fr » as https."""

    default_validators = [web_url_validator]

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", WebURLFormField)
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)


class ConsentScope(models.TextChoices):
    """What an alumnus may agree to publish; each scope covers a group of fields."""

    NAME = "name", _("Nom, prénom et promotion")
    CAREER = "career", _("Poste, employeur, secteur, ville et profil professionnel")
    PHOTO = "photo", _("Photo")
    TESTIMONIAL = "testimonial", _("Témoignage")


# The boolean on Alumnus and Submission holding the current state of each scope.
CONSENT_FIELDS = {
    ConsentScope.NAME: "consents_to_name",
    ConsentScope.CAREER: "consents_to_career",
    ConsentScope.PHOTO: "consents_to_photo",
    ConsentScope.TESTIMONIAL: "consents_to_testimonial",
}


class ConsentMethod(models.TextChoices):
    ONLINE_FORM = "online_form", _("Formulaire de mise à jour du site")
    WITHDRAWAL_LINK = "withdrawal_link", _("Lien de retrait reçu par courriel")
    PAPER_FORM = "paper_form", _("Formulaire papier signé")
    EMAIL = "email", _("Courriel de l'ancien étudiant")
    STAFF = "staff", _("Saisie par le secrétariat (autre)")


class AlumnusStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    PUBLISHED = "published", _("Publié")
    HIDDEN = "hidden", _("Masqué")


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("À traiter")
    APPROVED = "approved", _("Approuvée (nouvelle fiche)")
    MERGED = "merged", _("Fusionnée dans une fiche existante")
    REJECTED = "rejected", _("Rejetée")


class Sector(OrderedItem):
    """A sector of employment (« collectivité territoriale », « association »…)."""

    class Meta(OrderedItem.Meta):
        verbose_name = _("secteur d'activité")
        verbose_name_plural = _("secteurs d'activité")


CONSENT_HELP = {
    "name": _("Sans ce consentement, la personne n'apparaît pas du tout dans l'annuaire."),
    "career": _("Couvre le poste, l'employeur, le secteur, la ville et le profil en ligne."),
    "photo": _("Sans ce consentement, la photo n'est jamais affichée."),
    "testimonial": _("Sans ce consentement, le témoignage n'est jamais affiché."),
}


def consent_field(label, scope):
    """A consent boolean, unchecked by default: consent is never presumed."""
    return models.BooleanField(label, default=False, help_text=CONSENT_HELP[scope])


def photo_storage():
    """The private storage of alumni photos (`STORAGES["photos"]`): no public address."""
    return storages["photos"]


def photo_file_name(instance, filename):
    # A random name: an uploaded file's name often holds the person's name, which must
    # reach neither the storage, nor the backups, nor any address.
    suffix = PurePosixPath(filename).suffix.lower()
    return f"photos/{secrets.token_hex(16)}{suffix}"


def new_photo_key():
    return secrets.token_urlsafe(18)


class PortraitQuerySet(models.QuerySet):
    def public(self):
        """Photos anyone may see: each is the photo of a published entry that consents to it."""
        shown_by = Alumnus.objects.published().filter(consents_to_photo=True, photo=OuterRef("pk"))
        return self.filter(Exists(shown_by))


class Portrait(ProcessedImage):
    """An alumnus's photo, sent with the update form or uploaded by staff.

    Personal data: the file and its resized copies live in the private storage, under
    random names, and are served only by the photo view (`alumni_photos:photo`), which checks at
    each request that the entry is published with consent to its photo. Its address is
    made of a random key, never of the uploaded file's name. Deleting the row deletes the
    files (no trash: an erased person's photo must be gone).
    """

    key = models.CharField(
        _("clé d'adresse"), max_length=32, unique=True, default=new_photo_key, editable=False
    )
    file = models.ImageField(
        _("fichier image"),
        storage=photo_storage,
        upload_to=photo_file_name,
        # No width_field/height_field: see core.models.Image (bombs refused, not raised).
        validators=[validate_image_upload],
    )
    alt_text = models.CharField(_("texte alternatif"), max_length=250)
    width = models.PositiveIntegerField(_("largeur"), null=True, editable=False)
    height = models.PositiveIntegerField(_("hauteur"), null=True, editable=False)
    renditions = models.JSONField(_("tailles préparées"), default=list, editable=False)
    created_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)

    objects = PortraitQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo d'ancien étudiant")
        verbose_name_plural = _("photos d'anciens étudiants")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.alt_text

    @property
    def alt(self):
        return self.alt_text

    @property
    def src(self):
        return reverse("alumni_photos:photo", args=[self.key])

    def srcset(self):
        candidates = [
            f"{reverse('alumni_photos:photo_width', args=[self.key, rendition['width']])} "
            f"{rendition['width']}w"
            for rendition in self.renditions
        ]
        candidates.append(f"{self.src} {self.width}w")
        return ", ".join(candidates)

    def stored_name_for(self, width=None):
        """The stored file at `width` pixels (None: the original), or None if there is none."""
        if width is None:
            return self.file.name or None
        for rendition in self.renditions:
            if rendition["width"] == width:
                return rendition["name"]
        return None

    @staticmethod
    def content_type_of(name):
        return mimetypes.guess_type(name)[0] or "application/octet-stream"


@dataclass(frozen=True)
class PublicProfile:
    """What the public may see of one alumnus: only consented fields are ever filled.

    Templates receive this, never the model, so a field without consent cannot
    reach the HTML by a template mistake.
    """

    pk: int
    full_name: str
    cohort: int
    position: str = ""
    employer: str = ""
    sector: str = ""
    city: str = ""
    profile_url: str = ""
    photo: Portrait | None = None
    testimonial: str = ""

    @property
    def anchor(self):
        return f"ancien-{self.pk}"


def testimonial_field(language):
    """The field holding a testimonial in `language`: an English page shows only the
    testimonial its author gave in English (a person's own words are not translated by
    someone else, nor shown in French on an English page)."""
    return "testimonial_en" if language == ENGLISH else "testimonial"


class AlumnusQuerySet(models.QuerySet):
    def published(self):
        """Records the public may see: published, with consent to show the name."""
        return self.filter(status=AlumnusStatus.PUBLISHED, consents_to_name=True)

    def for_directory(self):
        """The directory's order and the related rows its entries display."""
        return self.select_related("sector", "photo").order_by(
            "-cohort", "last_name", "first_name", "pk"
        )

    def search(self, text):
        """Match the name, and the employer or position only where their publication is
        consented: nobody can be found through a field the public cannot see."""
        text = text.strip()
        if not text:
            return self
        condition = Q(full_name__icontains=text)
        career = Q(employer__icontains=text) | Q(position__icontains=text)
        return self.filter(condition | (Q(consents_to_career=True) & career))

    def with_testimonial(self, language=None):
        """Published alumni whose testimonial may be shown, in `language` (default: the
        active one; in English, those who gave their testimonial in English)."""
        field = testimonial_field(language or active_language())
        return self.published().filter(consents_to_testimonial=True).exclude(**{field: ""})

    def highlighted(self):
        """Testimonials chosen by staff for the top of the directory and the home page."""
        return (
            self.with_testimonial()
            .filter(is_highlighted=True)
            .select_related("sector", "photo")
            .order_by("-updated_at", "pk")
        )


class Alumnus(models.Model):
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    full_name = models.CharField(_("nom complet"), max_length=201, editable=False, db_index=True)
    cohort = models.PositiveSmallIntegerField(
        _("promotion"),
        validators=cohort_validators,
        db_index=True,
        help_text=_("Année d'obtention du diplôme, par exemple 2021."),
    )
    position = models.CharField(_("poste actuel"), max_length=200, blank=True)
    employer = models.CharField(_("employeur"), max_length=200, blank=True)
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("secteur"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="alumni",
    )
    city = models.CharField(_("ville"), max_length=100, blank=True)
    photo = models.ForeignKey(
        Portrait,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alumni",
        help_text=_("Affichée seulement si la personne a consenti à la publication de sa photo."),
    )
    testimonial = models.TextField(
        _("témoignage"),
        blank=True,
        max_length=2000,
        help_text=_(
            "Quelques phrases sur le parcours depuis le master, en texte simple. "
            "Affiché seulement avec le consentement correspondant."
        ),
    )
    testimonial_en = english_copy(
        testimonial,
        help_text=_(
            "Facultatif : le témoignage en anglais, tel que la personne l'a donné. Les pages "
            "en anglais ne montrent un témoignage que s'il est rempli ici (même consentement)."
        ),
    )
    profile_url = WebURLField(
        _("profil professionnel en ligne"),
        blank=True,
        help_text=_("Adresse d'un profil professionnel (LinkedIn, page personnelle…)."),
    )
    email = models.EmailField(
        _("adresse e-mail"),
        blank=True,
        db_index=True,
        help_text=_(
            "Jamais affichée sur le site. Sert à contacter la personne et à vérifier "
            "ses demandes de retrait de consentement."
        ),
    )
    status = models.CharField(
        _("état"),
        max_length=10,
        choices=AlumnusStatus.choices,
        default=AlumnusStatus.PENDING,
        db_index=True,
        help_text=_(
            "« Publié » : visible dans l'annuaire (avec les seuls champs consentis). "
            "« Masqué » ou « En attente » : visible seulement par l'équipe."
        ),
    )
    is_highlighted = models.BooleanField(
        _("témoignage mis en avant"),
        default=False,
        help_text=_("Affiche le témoignage en tête de l'annuaire et sur la page d'accueil."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    # Name, employer and position as PostgreSQL searches them, computed after each save.
    search_document = SearchDocumentField()

    consents_to_name = consent_field(_("consent à publier son nom"), "name")
    consents_to_career = consent_field(_("consent à publier poste et employeur"), "career")
    consents_to_photo = consent_field(_("consent à publier sa photo"), "photo")
    consents_to_testimonial = consent_field(_("consent à publier son témoignage"), "testimonial")

    objects = AlumnusQuerySet.as_manager()

    class Meta:
        verbose_name = _("ancien étudiant")
        verbose_name_plural = _("anciens étudiants")
        ordering = ["-cohort", "last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AlumnusStatus.values), name="alumni_alumnus_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(cohort__gte=FIRST_COHORT, cohort__lte=LAST_COHORT),
                name="alumni_alumnus_cohort_range",
            ),
        ]
        indexes = [models.Index(fields=["status", "cohort"], name="alumni_status_cohort")]

    def __str__(self):
        return f"{self.full_name} ({self.cohort})"

    def save(self, *args, **kwargs):
        self.full_name = f"{self.first_name} {self.last_name}".strip()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # The directory is the alumnus's only public page: link to their entry in it.
        query = urlencode({"q": self.full_name, "promotion": self.cohort})
        return f"{reverse('alumni:directory')}?{query}#ancien-{self.pk}"

    def is_public(self):
        return self.status == AlumnusStatus.PUBLISHED and self.consents_to_name

    def consents(self):
        """{scope: bool} of the current consent state."""
        return {scope: getattr(self, field) for scope, field in CONSENT_FIELDS.items()}

    def public_profile(self):
        """The consented fields only (None if the person may not appear at all)."""
        if not self.is_public():
            return None
        career = {}
        if self.consents_to_career:
            career = {
                "position": self.position,
                "employer": self.employer,
                "sector": self.sector.name if self.sector_id else "",
                "city": self.city,
                "profile_url": self.profile_url,
            }
        return PublicProfile(
            pk=self.pk,
            full_name=self.full_name,
            cohort=self.cohort,
            photo=self.photo if self.consents_to_photo and self.photo_id else None,
            testimonial=(
                getattr(self, testimonial_field(active_language()))
                if self.consents_to_testimonial
                else ""
            ),
            **career,
        )


class ConsentRecord(models.Model):
    """One grant or withdrawal of one consent scope: the ledger is never rewritten."""

    alumnus = models.ForeignKey(
        Alumnus,
        verbose_name=_("ancien étudiant"),
        on_delete=models.CASCADE,
        related_name="consent_records",
    )
    scope = models.CharField(_("portée"), max_length=20, choices=ConsentScope.choices)
    is_granted = models.BooleanField(
        _("consentement donné"), help_text=_("Décoché : il s'agit d'un retrait.")
    )
    method = models.CharField(_("recueilli par"), max_length=20, choices=ConsentMethod.choices)
    recorded_at = models.DateTimeField(_("date"))
    note = models.CharField(_("précision"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("consentement (historique)")
        verbose_name_plural = _("consentements (historique)")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=ConsentScope.values), name="alumni_consent_scope_valid"
            ),
            models.CheckConstraint(
                condition=Q(method__in=ConsentMethod.values), name="alumni_consent_method_valid"
            ),
        ]

    def __str__(self):
        verb = _("accordé") if self.is_granted else _("retiré")
        return f"{self.get_scope_display()} : {verb}"


class Submission(models.Model):
    """Details and consents sent through the public update form, awaiting review."""

    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(
        _("adresse e-mail"),
        help_text=_("Jamais affichée sur le site. Permet de vous recontacter si besoin."),
    )
    cohort = models.PositiveSmallIntegerField(
        _("promotion"),
        validators=cohort_validators,
        help_text=_("Année d'obtention du master, par exemple 2021."),
    )
    position = models.CharField(_("poste actuel"), max_length=200, blank=True)
    employer = models.CharField(_("employeur"), max_length=200, blank=True)
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("secteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    city = models.CharField(_("ville"), max_length=100, blank=True)
    profile_url = WebURLField(
        _("profil professionnel en ligne"),
        blank=True,
        help_text=_("Facultatif : adresse complète, par exemple https://www.linkedin.com/in/…"),
    )
    testimonial = models.TextField(
        _("témoignage"),
        blank=True,
        max_length=2000,
        help_text=_("Facultatif : quelques phrases sur votre parcours (2 000 caractères au plus)."),
    )
    testimonial_en = english_copy(
        testimonial,
        verbose_name=_("témoignage en anglais"),
        help_text=_(
            "Facultatif : le même témoignage en anglais, si vous le souhaitez. Il sera montré "
            "aux visiteurs du site en anglais (2 000 caractères au plus)."
        ),
    )
    photo = models.ForeignKey(
        Portrait,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
    )
    status = models.CharField(
        _("état"),
        max_length=10,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.PENDING,
        db_index=True,
    )
    alumnus = models.ForeignKey(
        Alumnus,
        verbose_name=_("fiche concernée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
        help_text=_(
            "Pour une fusion : la fiche existante à mettre à jour. Proposée d'office quand "
            "une fiche porte la même adresse e-mail."
        ),
    )
    created_at = models.DateTimeField(_("reçue le"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("traitée le"), null=True, blank=True, editable=False)

    consents_to_name = consent_field(_("consent à publier son nom"), "name")
    consents_to_career = consent_field(_("consent à publier poste et employeur"), "career")
    consents_to_photo = consent_field(_("consent à publier sa photo"), "photo")
    consents_to_testimonial = consent_field(_("consent à publier son témoignage"), "testimonial")

    class Meta:
        verbose_name = _("demande de mise à jour")
        verbose_name_plural = _("demandes de mise à jour")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SubmissionStatus.values),
                name="alumni_submission_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(cohort__gte=FIRST_COHORT, cohort__lte=LAST_COHORT),
                name="alumni_submission_cohort_range",
            ),
        ]

    def __str__(self):
        return _("%(name)s, promotion %(cohort)s (%(date)s)") % {
            "name": f"{self.first_name} {self.last_name}",
            "cohort": self.cohort,
            "date": self.created_at.strftime("%d/%m/%Y") if self.created_at else "—",
        }

    def consents(self):
        return {scope: getattr(self, field) for scope, field in CONSENT_FIELDS.items()}


def percentage_or_null(field):
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__range": (0, 100)})


class OfficialOutcome(models.Model):
    """The university observatory's survey figures for one cohort."""

    cohort = models.PositiveSmallIntegerField(
        _("promotion"), unique=True, validators=cohort_validators
    )
    insertion_rate_18_months = models.DecimalField(
        _("taux d'insertion à 18 mois (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    insertion_rate_30_months = models.DecimalField(
        _("taux d'insertion à 30 mois (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    median_net_monthly_salary = models.PositiveIntegerField(
        _("salaire net mensuel médian (€)"),
        null=True,
        blank=True,
        help_text=_("Tel que publié par l'observatoire, en euros, sans décimales."),
    )
    response_rate = models.DecimalField(
        _("taux de réponse (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    surveyed_on = models.DateField(
        _("date de l'enquête"), help_text=_("Date (ou fin) de l'enquête de l'observatoire.")
    )
    source_label = models.CharField(
        _("source"),
        max_length=200,
        default=_("Observatoire de l'Université de Lorraine"),
    )
    source_url = WebURLField(
        _("lien vers la source"),
        blank=True,
        help_text=_("Adresse de la publication de l'observatoire (PDF ou page web)."),
    )

    class Meta:
        verbose_name = _("chiffres officiels d'insertion")
        verbose_name_plural = _("chiffres officiels d'insertion")
        ordering = ["-cohort"]
        constraints = [
            models.CheckConstraint(
                condition=percentage_or_null("insertion_rate_18_months")
                & percentage_or_null("insertion_rate_30_months")
                & percentage_or_null("response_rate"),
                name="alumni_outcome_rates_are_percentages",
            ),
        ]

    def __str__(self):
        return _("Promotion %(cohort)s") % {"cohort": self.cohort}
