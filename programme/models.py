from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Prefetch, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from programme.images import normalize_upload, validate_image_upload, write_renditions
from programme.publication import PublicationStatus, Publishable, PublishableQuerySet
from programme.richtext import RichTextField


class AccessibilityCompliance(models.TextChoices):
    NONE = "non", _("non conforme")
    PARTIAL = "partiellement", _("partiellement conforme")
    FULL = "totalement", _("totalement conforme")


class SiteIdentity(models.Model):
    """The one record naming the UFR and the university, read by every page's layout."""

    CACHE_KEY = "programme:site-identity"

    ufr_name = models.CharField(_("nom de l'UFR"), max_length=200)
    ufr_address = models.TextField(
        _("adresse postale de l'UFR"), help_text=_("Une ligne par ligne d'adresse.")
    )
    ufr_phone = models.CharField(
        _("téléphone de l'UFR"), max_length=40, help_text=_("Par exemple : 03 87 31 56 38.")
    )
    university_name = models.CharField(_("nom de l'université"), max_length=200)
    university_address = models.TextField(
        _("adresse postale de l'université"), help_text=_("Une ligne par ligne d'adresse.")
    )
    university_phone = models.CharField(_("téléphone de l'université"), max_length=40)
    contact_email = models.EmailField(
        _("adresse e-mail de contact"),
        blank=True,
        help_text=_("Affichée sur le site ; les messages du formulaire de contact y sont envoyés."),
    )
    logo = models.ImageField(
        _("logo"),
        upload_to="identite/",
        blank=True,
        validators=[validate_image_upload],
        help_text=_(
            "Logo affiché en haut de chaque page (PNG ou JPEG, fond transparent de préférence). "
            "Sans logo, le nom de l'UFR s'affiche seul."
        ),
    )
    accessibility_compliance = models.CharField(
        _("conformité accessibilité (RGAA)"),
        max_length=20,
        choices=AccessibilityCompliance.choices,
        default=AccessibilityCompliance.NONE,
        help_text=_(
            "État de conformité affiché dans le pied de chaque page, comme la loi l'exige. "
            "À mettre à jour après un audit."
        ),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("identité du site")
        verbose_name_plural = _("identité du site")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="programme_siteidentity_single"),
            models.CheckConstraint(
                condition=models.Q(accessibility_compliance__in=AccessibilityCompliance.values),
                name="programme_siteidentity_compliance_valid",
            ),
        ]

    def __str__(self):
        return str(self._meta.verbose_name).capitalize()

    def save(self, *args, **kwargs):
        # There is only ever one identity: every save writes row 1.
        self.pk = 1
        super().save(*args, **kwargs)
        transaction.on_commit(lambda: cache.delete(self.CACHE_KEY))

    def delete(self, *args, **kwargs):
        raise models.ProtectedError(_("L'identité du site ne peut pas être supprimée."), {self})

    @classmethod
    def load(cls):
        """The identity, from the cache when possible (one query at most per cache miss)."""
        identity = cache.get(cls.CACHE_KEY)
        if identity is None:
            identity = cls.objects.filter(pk=1).first()
            if identity is None:
                return None
            cache.set(cls.CACHE_KEY, identity, 300)
        return identity

    @property
    def ufr_address_lines(self):
        return [line.strip() for line in self.ufr_address.splitlines() if line.strip()]

    @property
    def university_address_lines(self):
        return [line.strip() for line in self.university_address.splitlines() if line.strip()]

    @property
    def ufr_phone_uri(self):
        return phone_uri(self.ufr_phone)

    @property
    def university_phone_uri(self):
        return phone_uri(self.university_phone)


def phone_uri(phone):
    """`tel:` link for a French number written « 03 87 31 56 38 » or « +33 (0)3… »."""
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    digits = digits.replace("+330", "+33")
    if digits.startswith("0"):
        digits = "+33" + digits[1:]
    return f"tel:{digits}"


class Programme(models.Model):
    """The programme's « fiche formation »: the facts a prospective student looks for."""

    name = models.CharField(_("nom de la formation"), max_length=200)
    degree = models.CharField(
        _("diplôme"),
        max_length=200,
        help_text=_("Par exemple : Master professionnel."),
    )
    mention = models.CharField(
        _("mention"),
        max_length=200,
        blank=True,
        help_text=_("La mention du master, telle qu'elle figure sur le diplôme."),
    )
    speciality = models.CharField(
        _("spécialité ou parcours"),
        max_length=200,
        blank=True,
        help_text=_("Le parcours ou la spécialité, tel qu'il figure sur le diplôme."),
    )
    level = models.CharField(
        _("niveau"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : « diplôme de niveau I » ou « RNCP niveau 7 »."),
    )
    duration = models.CharField(
        _("durée"),
        max_length=100,
        blank=True,
        help_text=_("Par exemple : « 2 ans (M1 et M2) »."),
    )
    ects = models.PositiveSmallIntegerField(
        _("crédits ECTS"),
        null=True,
        blank=True,
        help_text=_("Nombre total de crédits européens du diplôme. Laissez vide si inconnu."),
    )
    offers_initial = models.BooleanField(_("formation initiale"), default=False)
    offers_continuing = models.BooleanField(_("formation continue"), default=False)
    offers_work_study = models.BooleanField(_("alternance"), default=False)
    offers_vae = models.BooleanField(
        _("VAE"),
        default=False,
        help_text=_("Validation des acquis de l'expérience possible."),
    )
    place = models.CharField(
        _("lieu des enseignements"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : « Metz, UFR Sciences Humaines & Arts »."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacité d'accueil"),
        null=True,
        blank=True,
        help_text=_("Nombre de places par promotion. Laissez vide si inconnu."),
    )
    pitch = models.TextField(
        _("présentation courte"),
        help_text=_("Un paragraphe affiché en tête de la page d'accueil et dans les moteurs."),
    )
    objectives = RichTextField(_("objectifs"), help_text=_("Ce que la formation vise."))
    skills = RichTextField(
        _("compétences visées"),
        help_text=_("Ce que l'étudiant saura faire à la fin de la formation."),
    )
    audience = RichTextField(
        _("public visé et prérequis"),
        help_text=_("À qui s'adresse la formation, diplômes ou expérience attendus."),
    )
    careers = RichTextField(
        _("débouchés et métiers"),
        help_text=_("Les métiers et les employeurs auxquels la formation prépare."),
    )
    internship = RichTextField(
        _("stage"),
        help_text=_("Durée, période et nature du stage."),
    )
    registration_fee = models.DecimalField(
        _("droits d'inscription (€)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Montant annuel fixé par l'État. Laissez vide si inconnu."),
    )
    cvec_fee = models.DecimalField(
        _("CVEC (€)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Contribution de vie étudiante et de campus, payée à part."),
    )
    fees_academic_year = models.CharField(
        _("année universitaire des montants"),
        max_length=9,
        blank=True,
        validators=[
            RegexValidator(r"^\d{4}-\d{4}$", _("Écrivez l'année sous la forme 2025-2026."))
        ],
        help_text=_("L'année à laquelle s'appliquent ces montants, par exemple 2025-2026."),
    )
    fees_notes = RichTextField(
        _("précisions sur les frais"),
        help_text=_("Tarifs de la formation continue, exonérations…"),
    )
    monmaster_url = models.URLField(
        _("lien MonMaster"),
        blank=True,
        help_text=_(
            "Adresse de la fiche de la formation sur la plateforme nationale MonMaster, "
            "où se font les candidatures en M1."
        ),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("fiche formation")
        verbose_name_plural = _("fiche formation")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="programme_programme_single"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("programme:presentation")

    @classmethod
    def load(cls):
        return cls.objects.filter(pk=1).first()

    @property
    def paces(self):
        """The ways to follow the programme, in words."""
        labels = [
            (self.offers_initial, _("formation initiale")),
            (self.offers_continuing, _("formation continue")),
            (self.offers_work_study, _("alternance")),
            (self.offers_vae, _("VAE")),
        ]
        return [str(label) for offered, label in labels if offered]

    def missing_information(self, phases=None, contacts=None):
        """What a prospective student would look for in vain, in French, for staff."""
        if phases is None:
            phases = list(AdmissionPhase.objects.all())
        if contacts is None:
            contacts = list(self.contacts.all())
        checks = [
            (self.mention, _("la mention du diplôme")),
            (self.level, _("le niveau du diplôme")),
            (self.duration, _("la durée de la formation")),
            (self.ects, _("le nombre de crédits ECTS")),
            (self.paces, _("le rythme (formation initiale, continue, alternance, VAE)")),
            (self.place, _("le lieu des enseignements")),
            (self.capacity, _("la capacité d'accueil")),
            (_has_text(self.objectives), _("les objectifs")),
            (_has_text(self.skills), _("les compétences visées")),
            (_has_text(self.audience), _("le public visé et les prérequis")),
            (_has_text(self.careers), _("les débouchés et métiers")),
            (_has_text(self.internship), _("le stage")),
            (
                self.registration_fee is not None and self.fees_academic_year,
                _("les droits d'inscription et leur année universitaire"),
            ),
            (self.monmaster_url, _("le lien MonMaster pour candidater en M1")),
            (phases, _("les dates de candidature")),
            (
                any(contact.role == ContactRole.RESPONSIBLE for contact in contacts),
                _("un ou une responsable de la formation"),
            ),
            (
                any(contact.role == ContactRole.SECRETARIAT for contact in contacts),
                _("le contact du secrétariat"),
            ),
        ]
        return [str(label) for present, label in checks if not present]


def _has_text(html):
    return bool(strip_tags(html or "").strip())


class ContactRole(models.TextChoices):
    RESPONSIBLE = "responsable", _("Responsable de la formation")
    SECRETARIAT = "secretariat", _("Secrétariat")


class ProgrammeContact(models.Model):
    """A person or office that prospective students can reach."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("formation")
    )
    role = models.CharField(_("rôle"), max_length=20, choices=ContactRole.choices)
    name = models.CharField(
        _("nom"),
        max_length=200,
        help_text=_("Par exemple : « Mme Dupont » ou « Secrétariat du master »."),
    )
    title = models.CharField(
        _("fonction"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : « Responsable du M2 », « Maître de conférences »."),
    )
    email = models.EmailField(_("adresse e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    office = models.CharField(
        _("bureau"), max_length=200, blank=True, help_text=_("Bâtiment et numéro de bureau.")
    )
    opening_hours = models.TextField(
        _("horaires d'ouverture"),
        blank=True,
        help_text=_("Une ligne par créneau, par exemple « Lundi au jeudi : 9 h – 12 h »."),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("contact de la formation")
        verbose_name_plural = _("contacts de la formation")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=ContactRole.values),
                name="programme_programmecontact_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    @property
    def phone_uri(self):
        return phone_uri(self.phone) if self.phone else ""

    @property
    def opening_hours_lines(self):
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]


class AdmissionTrack(models.TextChoices):
    M1 = "m1", _("Entrée en M1 (MonMaster)")
    M2 = "m2", _("Entrée en M2")
    CONTINUING = "continue", _("Formation continue")


class AdmissionPhaseQuerySet(models.QuerySet):
    def for_block(self):
        """Every phase, in the order the admission block reads them."""
        return self.order_by("track", "opens_on", "pk")

    def delete(self):
        result = super().delete()
        transaction.on_commit(lambda: cache.delete(AdmissionPhase.CACHE_KEY))
        return result


class AdmissionPhase(models.Model):
    """A period when applications are accepted for one way into the programme."""

    track = models.CharField(_("voie d'admission"), max_length=10, choices=AdmissionTrack.choices)
    label = models.CharField(
        _("intitulé"),
        max_length=200,
        help_text=_("Par exemple : « Phase principale », « Phase complémentaire »."),
    )
    opens_on = models.DateField(_("ouverture le"))
    closes_on = models.DateField(
        _("clôture le"), help_text=_("Dernier jour où l'on peut déposer une candidature.")
    )
    url = models.URLField(
        _("lien pour candidater"),
        blank=True,
        help_text=_(
            "Pour le M1, laissez vide : le lien MonMaster de la fiche formation est utilisé."
        ),
    )
    notes = models.CharField(
        _("précision"),
        max_length=300,
        blank=True,
        help_text=_("Une phrase affichée sous les dates, par exemple les pièces à fournir."),
    )

    CACHE_KEY = "programme:admission-phases"

    objects = AdmissionPhaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("phase de candidature")
        verbose_name_plural = _("phases de candidature")
        ordering = ["track", "opens_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(track__in=AdmissionTrack.values),
                name="programme_admissionphase_track_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="programme_admissionphase_closes_after_opening",
            ),
        ]

    def __str__(self):
        return f"{self.get_track_display()} — {self.label}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        transaction.on_commit(lambda: cache.delete(self.CACHE_KEY))

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        transaction.on_commit(lambda: cache.delete(self.CACHE_KEY))
        return result

    @classmethod
    def load_all(cls):
        """Every phase, from the cache when possible: the home page shows them on each visit.

        Only the phases are cached; what they mean today is worked out on each request.
        """
        phases = cache.get(cls.CACHE_KEY)
        if phases is None:
            phases = list(cls.objects.for_block())
            cache.set(cls.CACHE_KEY, phases, 300)
        return phases

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError(
                {"closes_on": _("La clôture doit être le jour de l'ouverture ou après.")}
            )


class Image(models.Model):
    """An uploaded picture with its alt text and resized copies (content toolkit)."""

    file = models.ImageField(
        _("fichier image"),
        upload_to="images/%Y/%m/",
        # No width_field/height_field: Django would open every assigned file with Pillow
        # before validation (a decompression bomb would then raise instead of being
        # refused); save() records the size of the normalized image instead.
        validators=[validate_image_upload],
        help_text=_(
            "JPEG, PNG ou WebP, 10 Mo au plus. Une largeur de 1600 pixels suffit : "
            "le site prépare lui-même les tailles adaptées aux téléphones."
        ),
    )
    alt_text = models.CharField(
        _("texte alternatif"),
        max_length=250,
        blank=True,
        help_text=_(
            "Décrit l'image pour les personnes qui ne la voient pas (lecteur d'écran). "
            "Par exemple : « Étudiants du master lors de la soutenance 2024 »."
        ),
    )
    is_decorative = models.BooleanField(
        _("image décorative"),
        default=False,
        help_text=_(
            "Cochez seulement si l'image n'apporte aucune information : "
            "elle sera ignorée par les lecteurs d'écran."
        ),
    )
    credit = models.CharField(_("crédit"), max_length=200, blank=True)
    width = models.PositiveIntegerField(_("largeur"), null=True, editable=False)
    height = models.PositiveIntegerField(_("hauteur"), null=True, editable=False)
    renditions = models.JSONField(_("tailles préparées"), default=list, editable=False)
    created_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(alt_text="") | models.Q(is_decorative=True),
                name="programme_image_alt_or_decorative",
            ),
        ]

    def __str__(self):
        return self.alt_text or self.file.name.rsplit("/", 1)[-1]

    def save(self, *args, **kwargs):
        # Done here rather than in a service: every path that stores an image
        # (admin, public forms, imports) must get it upright, stripped and resized.
        previous_names = getattr(self, "_stored_names", set())
        is_new_file = bool(self.file) and not self.file._committed
        if is_new_file:
            content, self.width, self.height = normalize_upload(self.file)
            self.file.save(content.name, content, save=False)
            try:
                self.renditions = write_renditions(self.file.storage, self.file.name)
                super().save(*args, **kwargs)
            except Exception:
                # The row was not written (or will not be): its new files must not stay.
                _delete_files(self.file.storage, self.stored_names() - previous_names)
                raise
        else:
            super().save(*args, **kwargs)
        current_names = self.stored_names()
        obsolete = previous_names - current_names
        if obsolete:
            storage = self.file.storage
            transaction.on_commit(lambda: _delete_files(storage, obsolete))
        self._stored_names = current_names

    def delete(self, *args, **kwargs):
        storage, names = self.file.storage, self.stored_names()
        result = super().delete(*args, **kwargs)
        transaction.on_commit(lambda: _delete_files(storage, names))
        return result

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_names = instance.stored_names()
        return instance

    def clean(self):
        if not self.alt_text.strip() and not self.is_decorative:
            raise ValidationError(
                {
                    "alt_text": _(
                        "Décrivez l'image, ou cochez « image décorative » si elle "
                        "n'apporte aucune information."
                    )
                }
            )

    def stored_names(self):
        """Every file this image owns in the storage: the original and its renditions."""
        if not self.file:
            return set()
        return {self.file.name} | {rendition["name"] for rendition in self.renditions}

    @property
    def alt(self):
        return "" if self.is_decorative else self.alt_text

    def srcset(self):
        candidates = [
            f"{self.file.storage.url(rendition['name'])} {rendition['width']}w"
            for rendition in self.renditions
        ]
        candidates.append(f"{self.file.url} {self.width}w")
        return ", ".join(candidates)


def _delete_files(storage, names):
    for name in names:
        storage.delete(name)


class SectionQuerySet(PublishableQuerySet):
    def visible(self, now=None):
        """Published sections whose parent, if any, is published too (what visitors see)."""
        now = now or timezone.now()
        return self.published(now).filter(
            models.Q(parent__isnull=True)
            | models.Q(parent__status=PublicationStatus.PUBLISHED, parent__published_at__lte=now)
        )

    def in_reading_order(self):
        """Sections in the order of the page; `number_sections()` builds the tree."""
        return self.order_by("order", "pk")


class Section(Publishable):
    """A numbered part of the programme's presentation (« 1. », then « a. » below)."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("section parente"),
        help_text=_(
            "Laissez vide pour une grande partie (« 1. », « 2. »). Choisissez une partie "
            "pour en faire une sous-partie (« a. », « b. »)."
        ),
    )
    title = models.CharField(
        _("titre"),
        max_length=200,
        help_text=_("Sans numéro : le site numérote les parties tout seul."),
    )
    slug = models.SlugField(
        _("ancre"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_(
            "Fin de l'adresse qui mène directement à cette partie (/formation/#ancre). "
            "Laissez vide : elle est déduite du titre."
        ),
    )
    body = RichTextField(_("texte"))
    order = models.PositiveIntegerField(
        _("ordre"),
        default=0,
        db_index=True,
        help_text=_("Les parties sont affichées par ordre croissant ; la numérotation suit."),
    )
    is_demo = models.BooleanField(
        _("contenu de démonstration"),
        default=False,
        editable=False,
        help_text=_("Créé pour les mesures de performance, jamais par l'équipe."),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = SectionQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("partie de la présentation")
        verbose_name_plural = _("parties de la présentation")
        ordering = ["order", "pk"]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="programme_section_not_own_parent",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{reverse('programme:presentation')}#{self.slug}"

    def clean(self):
        super().clean()
        if self.parent_id is None:
            return
        if self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("Une partie ne peut pas être sa propre parente.")})
        if self.parent.parent_id is not None:
            raise ValidationError(
                {
                    "parent": _(
                        "Choisissez une grande partie : une sous-partie ne peut pas "
                        "contenir d'autres sous-parties."
                    )
                }
            )
        if self.pk and Section.objects.filter(parent_id=self.pk).exists():
            raise ValidationError(
                {
                    "parent": _(
                        "Cette partie a des sous-parties : elle doit rester une grande partie."
                    )
                }
            )

    def _unique_slug(self):
        base = (slugify(self.title) or "partie")[:70].strip("-")
        slug, suffix = base, 2
        while Section.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, suffix = f"{base}-{suffix}", suffix + 1
        return slug


def section_letter(index):
    """« a », « b »… « z », then « aa », « ab »… for the sub-sections (index from 0)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters


def number_sections(sections):
    """Arrange sections (already in reading order) as a numbered two-level tree.

    Sets `number` (« 1. », « a. »), `full_number` (« 1. a. ») and `sub_sections` on
    each instance and returns the top-level ones. Numbers come from the position among
    the sections given, so a reorder renumbers, and a hidden section leaves no gap.
    Sub-sections whose parent is not in the list are left out.
    """
    top_level = [section for section in sections if section.parent_id is None]
    by_parent = {section.pk: section for section in top_level}
    for position, section in enumerate(top_level, start=1):
        section.number = f"{position}."
        section.full_number = section.number
        section.sub_sections = []
    for section in sections:
        parent = by_parent.get(section.parent_id)
        if parent is not None:
            section.number = f"{section_letter(len(parent.sub_sections))}."
            section.full_number = f"{parent.number} {section.number}"
            parent.sub_sections.append(section)
    return top_level


class SemesterQuerySet(PublishableQuerySet):
    def with_totals(self):
        """Each semester with its ECTS and hours added up from its teaching units."""
        return self.annotate(
            total_ects=Coalesce(Sum("units__ects"), 0),
            total_hours_cm=Coalesce(Sum("units__hours_cm"), 0),
            total_hours_td=Coalesce(Sum("units__hours_td"), 0),
        )

    def for_page(self):
        """Semesters with totals, their units and the units' courses, in three queries."""
        return (
            self.with_totals()
            .order_by("order", "pk")
            .prefetch_related(
                Prefetch(
                    "units",
                    queryset=TeachingUnit.objects.order_by("order", "pk").prefetch_related(
                        Prefetch("courses", queryset=Course.objects.order_by("order", "pk"))
                    ),
                )
            )
        )


class Semester(Publishable):
    """A semester (or a year) of the curriculum, made of teaching units."""

    EXPECTED_ECTS = 30

    title = models.CharField(
        _("intitulé"), max_length=100, help_text=_("Par exemple : « Semestre 1 » ou « M1 — S1 ».")
    )
    order = models.PositiveSmallIntegerField(
        _("ordre"), default=0, help_text=_("Les semestres sont affichés par ordre croissant.")
    )
    summary = models.CharField(
        _("résumé"),
        max_length=300,
        blank=True,
        help_text=_("Une phrase facultative affichée sous le titre du semestre."),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = SemesterQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("semestre")
        verbose_name_plural = _("semestres")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{reverse('programme:presentation')}#semestre-{self.pk}"

    @property
    def total_hours(self):
        return self.total_hours_cm + self.total_hours_td

    @property
    def has_expected_ects(self):
        return self.total_ects == self.EXPECTED_ECTS


class TeachingUnit(models.Model):
    """An « unité d'enseignement » (UE): credits, hours, and the courses inside it."""

    semester = models.ForeignKey(
        Semester, on_delete=models.CASCADE, related_name="units", verbose_name=_("semestre")
    )
    code = models.CharField(
        _("code"), max_length=30, blank=True, help_text=_("Par exemple : « UE 1 ».")
    )
    title = models.CharField(_("intitulé"), max_length=200)
    ects = models.PositiveSmallIntegerField(_("crédits ECTS"), default=0)
    hours_cm = models.PositiveSmallIntegerField(
        _("heures de CM"), default=0, help_text=_("Cours magistraux, en heures.")
    )
    hours_td = models.PositiveSmallIntegerField(
        _("heures de TD"), default=0, help_text=_("Travaux dirigés, en heures.")
    )
    description = RichTextField(_("description"))
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("unité d'enseignement")
        verbose_name_plural = _("unités d'enseignement")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.code} — {self.title}" if self.code else self.title

    def get_absolute_url(self):
        return f"{reverse('programme:presentation')}#semestre-{self.semester_id}"

    @property
    def total_hours(self):
        return self.hours_cm + self.hours_td


class Course(models.Model):
    """A course taught inside a teaching unit."""

    unit = models.ForeignKey(
        TeachingUnit,
        on_delete=models.CASCADE,
        related_name="courses",
        verbose_name=_("unité d'enseignement"),
    )
    title = models.CharField(_("intitulé"), max_length=200)
    hours_cm = models.PositiveSmallIntegerField(_("heures de CM"), null=True, blank=True)
    hours_td = models.PositiveSmallIntegerField(_("heures de TD"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("enseignement")
        verbose_name_plural = _("enseignements")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class PreviewLinkQuerySet(models.QuerySet):
    def active(self, now=None):
        """Links that still open their draft: not revoked, not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())

    def for_object(self, obj):
        """Links made for one record, of any model."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=obj.pk,
        )


class PreviewLink(models.Model):
    """A shareable link that shows one draft to someone without an account.

    Works for every `Publishable` model of every app (generic relation). The token is
    random; the URL carries it signed, expires after a few days and can be revoked.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("type de contenu")
    )
    object_id = models.PositiveBigIntegerField(_("identifiant du contenu"))
    target = GenericForeignKey("content_type", "object_id")
    token = models.CharField(_("jeton"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créé par"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("lien d'aperçu")
        verbose_name_plural = _("liens d'aperçu")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="programme_preview_target"),
        ]

    def __str__(self):
        return _("Aperçu jusqu'au %(date)s") % {
            "date": timezone.localtime(self.expires_at).strftime("%d/%m/%Y %H:%M")
        }

    def is_active(self, now=None):
        return self.revoked_at is None and self.expires_at > (now or timezone.now())


# --- Standalone pages and contact messages (site pages and discovery) -------------------


class PageSlug(models.TextChoices):
    """The fixed pages the layout links to; their addresses never change."""

    ACCESS_MAP = "plans-acces", _("Plans d'accès")
    LEGAL_NOTICE = "mentions-legales", _("Mentions légales")
    ACCESSIBILITY = "accessibilite", _("Accessibilité")
    PRIVACY = "donnees-personnelles", _("Données personnelles")


# The URL name of each fixed page, in the `programme` namespace.
PAGE_URL_NAMES = {
    PageSlug.ACCESS_MAP: "access_map",
    PageSlug.LEGAL_NOTICE: "legal_notice",
    PageSlug.ACCESSIBILITY: "accessibility",
    PageSlug.PRIVACY: "privacy",
}


class Page(models.Model):
    """A page of the site edited in the admin whose address is fixed (legal notice…)."""

    slug = models.CharField(
        _("page"),
        max_length=40,
        unique=True,
        choices=PageSlug.choices,
        help_text=_("Chaque page a une adresse fixe, reliée depuis le pied de page."),
    )
    title = models.CharField(_("titre"), max_length=200)
    summary = models.CharField(
        _("résumé"),
        max_length=300,
        blank=True,
        help_text=_(
            "Une ou deux phrases affichées par les moteurs de recherche et lors d'un partage. "
            "Laissez vide pour reprendre le début du texte."
        ),
    )
    body = RichTextField(_("texte"))
    directions = RichTextField(
        _("comment venir"),
        help_text=_(
            "Plans d'accès seulement : bus, train, voiture, stationnement, accès pour les "
            "personnes à mobilité réduite."
        ),
    )
    map_image = models.ForeignKey(
        "programme.Image",
        verbose_name=_("image du plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Plans d'accès seulement : un plan du campus (image). Décrivez-le dans son texte "
            "alternatif ; l'adresse écrite reste affichée à côté."
        ),
    )
    needs_review = models.BooleanField(
        _("à vérifier par le secrétariat"),
        default=False,
        help_text=_(
            "Cochée sur le texte proposé à la mise en ligne du site : relisez-le, complétez "
            "les informations manquantes, puis décochez."
        ),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("page fixe")
        verbose_name_plural = _("pages fixes")
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(slug__in=PageSlug.values),
                name="programme_page_slug_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(f"programme:{PAGE_URL_NAMES[self.slug]}")


class ContactMessageQuerySet(models.QuerySet):
    def older_than(self, moment):
        """Messages received before `moment` (the retention limit stated on the privacy page)."""
        return self.filter(created_at__lt=moment)


class ContactMessage(models.Model):
    """A message sent through the contact form, kept so that nothing is lost if mail fails."""

    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse e-mail"), max_length=254)
    subject = models.CharField(_("objet"), max_length=200)
    message = models.TextField(_("message"), max_length=5000)
    consented_at = models.DateTimeField(
        _("consentement donné le"),
        help_text=_("Date à laquelle la personne a accepté le traitement de son message."),
    )
    created_at = models.DateTimeField(_("reçu le"), auto_now_add=True, db_index=True)
    is_handled = models.BooleanField(
        _("traité"),
        default=False,
        help_text=_("Cochez quand une réponse a été apportée."),
    )

    objects = ContactMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message de contact")
        verbose_name_plural = _("messages de contact")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} — {self.name}"
