"""The content toolkit's own records: the site identity, images, shareable preview links."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.files import FileOwner
from core.images import normalize_upload, validate_image_upload, write_renditions


class AccessibilityCompliance(models.TextChoices):
    NONE = "non", _("non conforme")
    PARTIAL = "partiellement", _("partiellement conforme")
    FULL = "totalement", _("totalement conforme")


class SiteIdentity(models.Model):
    """The one record naming the UFR and the university, read by every page's layout."""

    CACHE_KEY = "core:site-identity"

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
    # The logos and the banner are `Image`s: re-encoded, stripped of their metadata, with
    # renditions and an alt text (or marked decorative), like every other picture.
    university_logo = models.ForeignKey(
        "core.Image",
        verbose_name=_("logo de l'université"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Affiché en haut de chaque page, à gauche, et mène à l'accueil du site. Choisissez "
            "une image de la médiathèque (PNG à fond transparent de préférence) dont le texte "
            "alternatif est le nom de l'université. Sans logo, le site affiche son propre "
            "emblème « Master IPPS »."
        ),
    )
    ufr_logo = models.ForeignKey(
        "core.Image",
        verbose_name=_("logo de l'UFR"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Affiché à côté du logo de l'université (sur ordinateur seulement quand les deux "
            "sont renseignés). Texte alternatif : le nom de l'UFR."
        ),
    )
    banner = models.ForeignKey(
        "core.Image",
        verbose_name=_("bandeau"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Image large affichée sous l'en-tête sur ordinateur et tablette (masquée sur "
            "téléphone). Format paysage très allongé, au moins 1600 pixels de large ; le haut "
            "et le bas peuvent être rognés. Sans bandeau, un motif sobre s'affiche."
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
        # Moved from the programme app: the table keeps its name (and its rows).
        db_table = "programme_siteidentity"
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
            identity = (
                cls.objects.select_related("university_logo", "ufr_logo", "banner")
                .filter(pk=1)
                .first()
            )
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
    def logos(self):
        """The uploaded logos, the university's first (none: the layout shows its own mark)."""
        return [logo for logo in (self.university_logo, self.ufr_logo) if logo and logo.file]

    @property
    def ufr_phone_uri(self):
        return phone_uri(self.ufr_phone)

    @property
    def ufr_phone_display(self):
        return phone_display(self.ufr_phone)

    @property
    def university_phone_display(self):
        return phone_display(self.university_phone)

    @property
    def university_phone_uri(self):
        return phone_uri(self.university_phone)


def phone_uri(phone):
    """`tel:` link in international form for a French number, however it is written:
    « 03 87 31 56 38 », « +33 (0)3 87 31 56 38 », « 33 (0)3 87 31 56 38 », « 0033 3… »."""
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("33") and len(digits) in (11, 12):
        digits = "+" + digits
    if digits.startswith("+330"):  # the « (0) » of « +33 (0)3… » is not dialled
        digits = "+33" + digits[4:]
    elif digits.startswith("0"):
        digits = "+33" + digits[1:]
    return f"tel:{digits}"


def phone_display(phone):
    """A French number written the French way: « 03 87 31 56 38 » (others as written)."""
    uri = phone_uri(phone)
    if len(uri) == len("tel:+33") + 9 and uri.startswith("tel:+33"):
        national = "0" + uri[len("tel:+33") :]
        return " ".join(national[i : i + 2] for i in range(0, 10, 2))
    return phone.strip()


class ProcessedImage(FileOwner):
    """Abstract: a record owning one uploaded picture (`file`) stored upright, stripped of its
    metadata, with resized copies listed in `renditions`: the one image pipeline, whichever
    storage holds the files (public media for `Image`, private for an alumnus's portrait).
    Concrete models declare `file`, `width`, `height` and `renditions`."""

    class Meta:
        abstract = True

    def prepare_files(self):
        # Done here rather than in a service: every path that stores an image
        # (admin, public forms, imports) must get it upright, stripped and resized.
        if self.file and not self.file._committed:
            content, self.width, self.height = normalize_upload(self.file)
            self.file.save(content.name, content, save=False)
            self.renditions = write_renditions(self.file.storage, self.file.name)

    def stored_names(self):
        """Every file this image owns in the storage: the original and its renditions."""
        if not self.file:
            return set()
        return {self.file.name} | {rendition["name"] for rendition in self.renditions}


class Image(ProcessedImage):
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
        # Moved from the programme app: the table keeps its name (and its rows).
        db_table = "programme_image"
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

    def clean(self):
        super().clean()
        if not self.alt_text.strip() and not self.is_decorative:
            raise ValidationError(
                {
                    "alt_text": _(
                        "Décrivez l'image, ou cochez « image décorative » si elle "
                        "n'apporte aucune information."
                    )
                }
            )

    @property
    def alt(self):
        return "" if self.is_decorative else self.alt_text

    @property
    def src(self):
        return self.file.url

    def srcset(self):
        candidates = [
            f"{self.file.storage.url(rendition['name'])} {rendition['width']}w"
            for rendition in self.renditions
        ]
        candidates.append(f"{self.src} {self.width}w")
        return ", ".join(candidates)


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
        # Moved from the programme app: the table keeps its name (and its rows).
        db_table = "programme_previewlink"
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
