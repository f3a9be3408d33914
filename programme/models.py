from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Prefetch, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from core.models import phone_uri
from core.publication import PublicationStatus, Publishable, PublishableQuerySet
from core.richtext import RichTextField
from core.slugs import StableSlug

ACADEMIC_YEAR_FORMAT = RegexValidator(
    r"^\d{4}-\d{4}$", _("Écrivez l'année universitaire sous la forme 2026-2027.")
)


def academic_year_label(day):
    """« 2026-2027 » for any day from 1 September 2026 to 31 August 2027."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


class AcademicYearQuerySet(PublishableQuerySet):
    def current(self, now=None):
        """The year visitors see at `now`: the latest published one by label (one row at most).

        A year published with a future date becomes current by itself when that time comes.
        """
        return self.published(now).order_by("-label")[:1]


class AcademicYear(Publishable):
    """An academic year (« millésime »): the fiche, the curriculum and the admission dates
    of that year hang from it. The current year is the latest published one."""

    label = models.CharField(
        _("année universitaire"),
        max_length=9,
        unique=True,
        validators=[ACADEMIC_YEAR_FORMAT],
        help_text=_(
            "Deux années qui se suivent, par exemple 2026-2027. L'année publiée la plus "
            "récente est celle que voient les visiteurs sur /formation/."
        ),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = AcademicYearQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("année universitaire")
        verbose_name_plural = _("années universitaires")
        ordering = ["-label"]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("programme:year", args=[self.label])

    @classmethod
    def load_current(cls, now=None):
        """The current year at `now`, or None before any year is published."""
        return cls.objects.current(now).first()

    @property
    def start_year(self):
        return int(self.label[:4])

    def next_label(self):
        return f"{self.start_year + 1}-{self.start_year + 2}"

    def is_current(self, now=None):
        return AcademicYear.objects.current(now).filter(pk=self.pk).exists()

    def clean(self):
        super().clean()
        if ACADEMIC_YEAR_FORMAT.regex.match(self.label or ""):
            first, second = (int(part) for part in self.label.split("-"))
            if second != first + 1:
                raise ValidationError(
                    {"label": _("Les deux années doivent se suivre, par exemple 2026-2027.")}
                )


def current_year_id(now=None):
    """The pk of the current year, for records saved without one (imports, scripts)."""
    return AcademicYear.objects.current(now).values_list("pk", flat=True).first()


class Programme(models.Model):
    """The programme's « fiche formation » for one academic year: the facts a prospective
    student looks for. Preparing the next year copies it (programme/services.py)."""

    year = models.OneToOneField(
        AcademicYear,
        on_delete=models.CASCADE,
        related_name="programme",
        verbose_name=_("année universitaire"),
    )

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
        verbose_name_plural = _("fiches formation")
        ordering = ["-year__label"]

    def __str__(self):
        return f"{self.name} ({self.year})" if self.year_id else self.name

    def get_absolute_url(self):
        return self.year.get_absolute_url()

    @classmethod
    def load(cls, now=None):
        """The current year's fiche (with its year), in one query; None if it has none."""
        current = AcademicYear.objects.current(now).values("pk")
        return cls.objects.select_related("year").filter(year__in=current).first()

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
            phases = list(AdmissionPhase.objects.filter(year_id=self.year_id))
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
    """A period when applications are accepted for one way into the programme, in one year."""

    year = models.ForeignKey(
        AcademicYear,
        on_delete=models.CASCADE,
        related_name="admission_phases",
        verbose_name=_("année universitaire"),
        help_text=_("L'année universitaire dont cette phase recrute les étudiants."),
    )
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
        if self.year_id is None:
            self.year_id = current_year_id()
        super().save(*args, **kwargs)
        transaction.on_commit(lambda: cache.delete(self.CACHE_KEY))

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        transaction.on_commit(lambda: cache.delete(self.CACHE_KEY))
        return result

    @classmethod
    def load_all(cls, year=None):
        """The phases of `year` (default: the current year), from the cache when possible:
        the home page shows them on each visit.

        One cache entry maps each year's pk to its phases (one key, so that a change to
        any phase, or the content version moving on, forgets them all). Only the phases
        are cached; what they mean today is worked out on each request.
        """
        year_id = year.pk if isinstance(year, AcademicYear) else year
        if year_id is None:
            year_id = current_year_id()
        by_year = cache.get(cls.CACHE_KEY) or {}
        if year_id not in by_year:
            by_year[year_id] = list(cls.objects.filter(year_id=year_id).for_block())
            cache.set(cls.CACHE_KEY, by_year, 300)
        return by_year[year_id]

    def clean(self):
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError(
                {"closes_on": _("La clôture doit être le jour de l'ouverture ou après.")}
            )


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


class Section(StableSlug, Publishable):
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
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = SectionQuerySet.as_manager()

    slug_fallback = "partie"

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
    """A semester of one academic year's curriculum, made of teaching units."""

    EXPECTED_ECTS = 30

    year = models.ForeignKey(
        AcademicYear,
        on_delete=models.CASCADE,
        related_name="semesters",
        verbose_name=_("année universitaire"),
    )
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

    def save(self, *args, **kwargs):
        if self.year_id is None:
            self.year_id = current_year_id()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.year.get_absolute_url()}#semestre-{self.pk}"

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
        return f"{self.semester.year.get_absolute_url()}#semestre-{self.semester_id}"

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
