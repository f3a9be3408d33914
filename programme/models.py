from django.core.cache import cache
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programme.images import normalize_upload, validate_image_upload, write_renditions
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
        help_text=_("Par exemple : Master professionnel, mention Sociologie."),
    )
    pitch = models.TextField(
        _("présentation courte"),
        help_text=_("Un paragraphe affiché en tête de la page d'accueil et dans les moteurs."),
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


class Image(models.Model):
    """An uploaded picture with its alt text and resized copies (content toolkit)."""

    file = models.ImageField(
        _("fichier image"),
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
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
            self.renditions = write_renditions(self.file.storage, self.file.name)
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
        from django.core.exceptions import ValidationError

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
