import re

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import Prefetch, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.models import phone_uri
from core.publication import PublicationStatus, Publishable, PublishableQuerySet
from core.richtext import RichTextField
from core.search_document import SearchDocumentField
from core.slugs import StableSlug
from core.translation import (
    ENGLISH,
    Translatable,
    TranslatableQuerySet,
    active_language,
    english_copy,
)
from programme.search_text import (
    fiche_search_text,
    in_languages,
    phase_search_text,
    unit_search_text,
)

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


class DegreeLevel(models.TextChoices):
    """The national framework of qualifications (décret du 8 janvier 2019)."""

    LEVEL_5 = "5", _("Niveau 5 (bac + 2)")
    LEVEL_6 = "6", _("Niveau 6 (bac + 3, licence)")
    LEVEL_7 = "7", _("Niveau 7 (bac + 5, master)")
    LEVEL_8 = "8", _("Niveau 8 (doctorat)")


class TeachingLanguage(models.TextChoices):
    FRENCH = "fr", _("Français")
    ENGLISH = "en", _("Anglais")
    FRENCH_AND_ENGLISH = "fr+en", _("Français et anglais")


class FrenchLevel(models.TextChoices):
    """Levels of the Common European Framework of Reference for Languages (CECRL)."""

    A1 = "A1", _("A1 (découverte)")
    A2 = "A2", _("A2 (survie)")
    B1 = "B1", _("B1 (seuil)")
    B2 = "B2", _("B2 (avancé)")
    C1 = "C1", _("C1 (autonome)")
    C2 = "C2", _("C2 (maîtrise)")


rncp_code_validator = RegexValidator(
    r"^RNCP\d+$",
    _(
        "Écrivez le code tel que France compétences le publie : « RNCP » suivi de chiffres, "
        "sans espace, par exemple RNCP35897."
    ),
)
skill_block_code_validator = RegexValidator(
    r"^RNCP\d+BC\d+$",
    _("Écrivez le code du bloc tel que France compétences le publie, par exemple RNCP35897BC01."),
)
rome_codes_validator = RegexValidator(
    r"^\s*[A-N]\d{4}(\s*,\s*[A-N]\d{4})*\s*$",
    _(
        "Écrivez des codes ROME d'une lettre majuscule et quatre chiffres, séparés par des "
        "virgules, par exemple « M1402, K1802 »."
    ),
)


class Programme(Translatable):
    """The programme's « fiche formation » for one academic year: the facts a prospective
    student looks for. Preparing the next year copies it (programme/services.py)."""

    # The texts visitors read, French and English (core/translation.py); `search_text`
    # is composed on save in both languages, for the search in each.
    translated_fields = (
        "name",
        "degree",
        "mention",
        "speciality",
        "pitch",
        "objectives",
        "skills",
        "duration",
        "rhythm",
        "place",
        "internship",
        "continuing_notes",
        "work_study_rhythm",
        "employer_notes",
        "audience",
        "admission_expectations",
        "admission_criteria",
        "admission_documents",
        "admission_steps",
        "fees_notes",
        "french_certificates",
        "careers",
        "sectors",
        "further_study",
        "disability_adjustments",
        "search_text",
    )
    translation_parent_url_name = "home"

    year = models.OneToOneField(
        AcademicYear,
        on_delete=models.CASCADE,
        related_name="programme",
        verbose_name=_("année universitaire"),
    )

    name = models.CharField(_("nom de la formation"), max_length=200)
    name_en = english_copy(name)
    degree = models.CharField(
        _("diplôme"),
        max_length=200,
        help_text=_("Par exemple : Master professionnel."),
    )
    degree_en = english_copy(degree)
    mention = models.CharField(
        _("mention"),
        max_length=200,
        blank=True,
        help_text=_("La mention du master, telle qu'elle figure sur le diplôme."),
    )
    mention_en = english_copy(mention)
    speciality = models.CharField(
        _("spécialité ou parcours"),
        max_length=200,
        blank=True,
        help_text=_("Le parcours ou la spécialité, tel qu'il figure sur le diplôme."),
    )
    speciality_en = english_copy(speciality)
    degree_level = models.CharField(
        _("niveau du diplôme"),
        max_length=1,
        blank=True,
        choices=DegreeLevel.choices,
        help_text=_(
            "Le niveau dans le cadre national des certifications. Un master est de niveau 7 "
            "(l'ancien « niveau I »)."
        ),
    )
    rncp_code = models.CharField(
        _("code RNCP"),
        max_length=20,
        blank=True,
        validators=[rncp_code_validator],
        help_text=_(
            "Le numéro de la fiche du diplôme au Répertoire national des certifications "
            "professionnelles, par exemple RNCP35897. Le site affiche un lien vers la fiche "
            "publique de France compétences."
        ),
    )
    duration_months = models.PositiveSmallIntegerField(
        _("durée (en mois)"),
        null=True,
        blank=True,
        help_text=_(
            "Durée totale de la formation en mois : 24 pour un master en deux ans. Le site "
            "affiche « 2 ans »."
        ),
    )
    duration = models.CharField(
        _("précision sur la durée"),
        max_length=100,
        blank=True,
        help_text=_("Facultatif, affiché après la durée, par exemple « M1 et M2 »."),
    )
    duration_en = english_copy(duration)
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
    place_en = english_copy(place)
    capacity_m1 = models.PositiveSmallIntegerField(
        _("capacité d'accueil en M1"),
        null=True,
        blank=True,
        help_text=_(
            "Nombre de places ouvertes chaque année en première année, celui publié sur "
            "MonMaster. Laissez vide si inconnu."
        ),
    )
    capacity_m2 = models.PositiveSmallIntegerField(
        _("capacité d'accueil en M2"),
        null=True,
        blank=True,
        help_text=_(
            "Nombre de places chaque année en deuxième année, étudiants venus du M1 compris. "
            "Laissez vide si inconnu."
        ),
    )
    rhythm = models.CharField(
        _("rythme des enseignements"),
        max_length=300,
        blank=True,
        help_text=_(
            "Comment la semaine et l'année s'organisent, par exemple « cours du lundi au "
            "mercredi, stage de six mois en M2 »."
        ),
    )
    rhythm_en = english_copy(rhythm)
    teaching_language = models.CharField(
        _("langue d'enseignement"),
        max_length=5,
        blank=True,
        choices=TeachingLanguage.choices,
    )
    starts_on = models.DateField(
        _("date de rentrée"),
        null=True,
        blank=True,
        help_text=_("Le jour de la rentrée de la prochaine promotion, s'il est fixé."),
    )
    pitch = models.TextField(
        _("présentation courte"),
        help_text=_("Un paragraphe affiché en tête de la page d'accueil et dans les moteurs."),
    )
    pitch_en = english_copy(pitch)
    objectives = RichTextField(_("objectifs"), help_text=_("Ce que la formation vise."))
    objectives_en = english_copy(objectives)
    skills = RichTextField(
        _("compétences visées"),
        help_text=_("Ce que l'étudiant saura faire à la fin de la formation."),
    )
    skills_en = english_copy(skills)
    audience = RichTextField(
        _("public visé et prérequis"),
        help_text=_("À qui s'adresse la formation, diplômes ou expérience attendus."),
    )
    audience_en = english_copy(audience)
    careers = RichTextField(
        _("débouchés et métiers"),
        help_text=_("Les métiers et les employeurs auxquels la formation prépare."),
    )
    careers_en = english_copy(careers)
    internship = RichTextField(
        _("stage"),
        help_text=_("Durée, période et nature du stage."),
    )
    internship_en = english_copy(internship)
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
    fees_notes_en = english_copy(fees_notes)
    monmaster_url = models.URLField(
        _("lien MonMaster"),
        blank=True,
        help_text=_(
            "Adresse de la fiche de la formation sur la plateforme nationale MonMaster, "
            "où se font les candidatures en M1."
        ),
    )
    # Continuing education (formation continue).
    continuing_price = models.DecimalField(
        _("tarif de la formation continue (€)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Coût total de la formation pour un stagiaire de formation continue. "
            "Laissez vide si inconnu."
        ),
    )
    funding_cpf = models.BooleanField(
        _("compte personnel de formation (CPF)"),
        default=False,
        help_text=_("Cochez si la formation est éligible au CPF."),
    )
    funding_employer = models.BooleanField(
        _("plan de développement des compétences (employeur, OPCO)"),
        default=False,
    )
    funding_transitions_pro = models.BooleanField(
        _("projet de transition professionnelle (Transitions Pro)"),
        default=False,
    )
    funding_vae = models.BooleanField(
        _("validation des acquis de l'expérience (VAE)"),
        default=False,
        help_text=_("Cochez si le diplôme peut être obtenu en tout ou partie par la VAE."),
    )
    continuing_notes = RichTextField(
        _("précisions sur la formation continue"),
        help_text=_("Conditions, interlocuteur du service de formation continue…"),
    )
    continuing_notes_en = english_copy(continuing_notes)
    # Work-study (alternance).
    offers_apprenticeship = models.BooleanField(
        _("contrat d'apprentissage"),
        default=False,
        help_text=_("Le site précise alors que l'apprenti ne paie pas de droits d'inscription."),
    )
    offers_professionalisation = models.BooleanField(
        _("contrat de professionnalisation"), default=False
    )
    work_study_rhythm = models.CharField(
        _("rythme de l'alternance"),
        max_length=300,
        blank=True,
        help_text=_("Par exemple : « deux jours à l'université, trois jours en entreprise »."),
    )
    work_study_rhythm_en = english_copy(work_study_rhythm)
    cfa_name = models.CharField(
        _("centre de formation d'apprentis (CFA)"),
        max_length=200,
        blank=True,
        help_text=_("Le nom du CFA partenaire, tel qu'il figure sur le contrat."),
    )
    cfa_url = models.URLField(_("site du CFA"), blank=True)
    employer_notes = RichTextField(
        _("informations pour les employeurs"),
        help_text=_("Ce qu'une entreprise doit savoir pour recruter un alternant."),
    )
    employer_notes_en = english_copy(employer_notes)
    # Admission, as MonMaster publishes it.
    admission_expectations = RichTextField(
        _("attendus"),
        help_text=_("Les connaissances et compétences attendues, comme sur MonMaster."),
    )
    admission_expectations_en = english_copy(admission_expectations)
    admission_criteria = RichTextField(
        _("critères généraux d'examen des candidatures"),
        help_text=_("Ce que la commission regarde dans un dossier, comme sur MonMaster."),
    )
    admission_criteria_en = english_copy(admission_criteria)
    admission_documents = RichTextField(
        _("pièces à fournir"),
        help_text=_("La liste des pièces du dossier de candidature."),
    )
    admission_documents_en = english_copy(admission_documents)
    admission_steps = RichTextField(
        _("étapes de la sélection"),
        help_text=_("Examen du dossier, entretien… dans l'ordre où elles ont lieu."),
    )
    admission_steps_en = english_copy(admission_steps)
    # International applicants.
    international_url = models.URLField(
        _("lien « Études en France »"),
        blank=True,
        help_text=_(
            "Facultatif : la page de la procédure « Études en France » pour les candidats "
            "hors de l'Espace économique européen. Le site explique déjà quelle procédure "
            "s'applique à qui."
        ),
    )
    french_level = models.CharField(
        _("niveau de français requis"),
        max_length=2,
        blank=True,
        choices=FrenchLevel.choices,
        help_text=_("Le niveau minimum du Cadre européen commun de référence (CECRL)."),
    )
    french_certificates = models.CharField(
        _("certifications de français acceptées"),
        max_length=300,
        blank=True,
        help_text=_("Par exemple : « DELF B2, DALF C1, TCF tout public (niveau B2) »."),
    )
    french_certificates_en = english_copy(french_certificates)
    international_email = models.EmailField(
        _("contact des candidats internationaux"),
        blank=True,
        help_text=_("L'adresse e-mail à laquelle un candidat étranger peut écrire."),
    )
    # Outcomes.
    sectors = RichTextField(
        _("secteurs d'activité"),
        help_text=_("Les secteurs et types d'employeurs où travaillent les diplômés."),
    )
    sectors_en = english_copy(sectors)
    rome_codes = models.CharField(
        _("codes ROME"),
        max_length=200,
        blank=True,
        validators=[rome_codes_validator],
        help_text=_(
            "Facultatif : les codes des métiers visés dans le répertoire ROME de France "
            "Travail, séparés par des virgules, par exemple « M1402, K1802 »."
        ),
    )
    further_study = RichTextField(
        _("poursuite d'études"),
        help_text=_("Doctorat, autres formations possibles après le diplôme."),
    )
    further_study_en = english_copy(further_study)
    # Disability.
    disability_contact_name = models.CharField(
        _("référent handicap"),
        max_length=200,
        blank=True,
        help_text=_("Le nom de la personne ou du service à contacter."),
    )
    disability_contact_email = models.EmailField(_("e-mail du référent handicap"), blank=True)
    disability_contact_phone = models.CharField(
        _("téléphone du référent handicap"), max_length=40, blank=True
    )
    disability_adjustments = RichTextField(
        _("aménagements des études"),
        help_text=_("Les aménagements possibles : examens, emploi du temps, stage…"),
    )
    disability_adjustments_en = english_copy(disability_adjustments)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # Visible text kept in other columns or rows, composed on save (programme/search_text.py).
    search_text = models.TextField(_("texte cherché"), blank=True, default="", editable=False)
    search_text_en = english_copy(search_text)
    search_document = SearchDocumentField()
    search_document_en = SearchDocumentField(verbose_name=_("document de recherche (anglais)"))

    class Meta:
        verbose_name = _("fiche formation")
        verbose_name_plural = _("fiches formation")
        ordering = ["-year__label"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(degree_level__in=["", *DegreeLevel.values]),
                name="programme_programme_degree_level_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(teaching_language__in=["", *TeachingLanguage.values]),
                name="programme_programme_teaching_language_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(french_level__in=["", *FrenchLevel.values]),
                name="programme_programme_french_level_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.year})" if self.year_id else self.name

    def save(self, *args, **kwargs):
        # A contract offered is work-study offered: the two boxes cannot disagree.
        if self.offers_apprenticeship or self.offers_professionalisation:
            self.offers_work_study = True
        contacts = list(self.contacts.all()) if self.pk else []
        skill_blocks = list(self.skill_blocks.all()) if self.pk else []
        for name, text in in_languages(fiche_search_text, self, contacts, skill_blocks).items():
            setattr(self, name, text)
        super().save(*args, **with_search_text(kwargs))

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

    @property
    def rncp_url(self):
        """The certification's public record at France compétences ("" without a code)."""
        if not self.rncp_code:
            return ""
        return f"https://www.francecompetences.fr/recherche/rncp/{self.rncp_code[4:]}/"

    @property
    def duration_display(self):
        """« 2 ans », « 1 an », « 18 mois » ("" when unknown)."""
        months = self.duration_months
        if not months:
            return ""
        if months % 12 == 0:
            years = months // 12
            return ngettext("%(n)s an", "%(n)s ans", years) % {"n": years}
        return ngettext("%(n)s mois", "%(n)s mois", months) % {"n": months}

    @property
    def iso_duration(self):
        """The duration in ISO 8601 (P2Y, P18M), for schema.org; "" when unknown."""
        months = self.duration_months
        if not months:
            return ""
        return f"P{months // 12}Y" if months % 12 == 0 else f"P{months}M"

    @property
    def funding_routes(self):
        """The ways a continuing-education trainee can fund the programme, in words."""
        labels = [
            (self.funding_cpf, _("Compte personnel de formation (CPF)")),
            (self.funding_employer, _("Plan de développement des compétences (employeur, OPCO)")),
            (
                self.funding_transitions_pro,
                _("Projet de transition professionnelle (Transitions Pro)"),
            ),
            (self.funding_vae, _("Validation des acquis de l'expérience (VAE)")),
        ]
        return [str(label) for offered, label in labels if offered]

    @property
    def work_study_contracts(self):
        labels = [
            (self.offers_apprenticeship, _("Contrat d'apprentissage")),
            (self.offers_professionalisation, _("Contrat de professionnalisation")),
        ]
        return [str(label) for offered, label in labels if offered]

    @property
    def disability_phone_uri(self):
        return phone_uri(self.disability_contact_phone) if self.disability_contact_phone else ""

    @property
    def rome_code_list(self):
        return [code.strip() for code in self.rome_codes.split(",") if code.strip()]

    def curriculum_ects_mismatch(self, curriculum_ects=None):
        """(declared, curriculum) ECTS when both are known and differ, else None.

        The curriculum's total is the sum of its teaching units' credits; with no semester
        entered yet there is nothing to compare.
        """
        if self.ects is None:
            return None
        if curriculum_ects is None:
            curriculum_ects = Semester.objects.filter(year_id=self.year_id).curriculum_ects()
        if curriculum_ects is None or curriculum_ects == self.ects:
            return None
        return self.ects, curriculum_ects

    def missing_information(self, phases=None, contacts=None, skill_blocks=None):
        """What a prospective student would look for in vain, in French, for staff."""
        if phases is None:
            phases = list(AdmissionPhase.objects.filter(year_id=self.year_id))
        if contacts is None:
            contacts = list(self.contacts.all())
        if skill_blocks is None:
            skill_blocks = list(self.skill_blocks.all())
        checks = [
            # Certification
            (self.mention, _("la mention du diplôme")),
            (self.degree_level, _("le niveau du diplôme (cadre national)")),
            (self.rncp_code, _("le code RNCP de la certification")),
            (skill_blocks, _("les blocs de compétences")),
            # Objectives
            (has_text(self.objectives), _("les objectifs")),
            (has_text(self.skills), _("les compétences visées")),
            # Organisation
            (self.duration_months, _("la durée de la formation (en mois)")),
            (self.ects, _("le nombre de crédits ECTS")),
            (self.paces, _("les modalités (formation initiale, continue, alternance, VAE)")),
            (self.rhythm, _("le rythme des enseignements")),
            (self.place, _("le lieu des enseignements")),
            (self.teaching_language, _("la langue d'enseignement")),
            (self.starts_on, _("la date de rentrée")),
            (self.capacity_m1, _("la capacité d'accueil en M1")),
            (self.capacity_m2, _("la capacité d'accueil en M2")),
            (has_text(self.internship), _("le stage")),
        ]
        if self.offers_continuing:
            checks += [
                (self.continuing_price is not None, _("le tarif de la formation continue")),
                (
                    self.funding_cpf or self.funding_employer or self.funding_transitions_pro,
                    _("les financements possibles de la formation continue"),
                ),
            ]
        if self.offers_work_study:
            checks += [
                (self.work_study_contracts, _("le type de contrat d'alternance")),
                (self.work_study_rhythm, _("le rythme de l'alternance")),
                (self.cfa_name, _("le centre de formation d'apprentis (CFA)")),
            ]
        checks += [
            # Admission
            (has_text(self.audience), _("le public visé et les prérequis")),
            (has_text(self.admission_expectations), _("les attendus")),
            (has_text(self.admission_criteria), _("les critères d'examen des candidatures")),
            (has_text(self.admission_documents), _("les pièces à fournir")),
            (has_text(self.admission_steps), _("les étapes de la sélection")),
            (
                self.registration_fee is not None and self.fees_academic_year,
                _("les droits d'inscription et leur année universitaire"),
            ),
            (self.monmaster_url, _("le lien MonMaster pour candidater en M1")),
            (phases, _("les dates de candidature")),
            # International applicants
            (self.french_level, _("le niveau de français requis des candidats internationaux")),
            (self.french_certificates, _("les certifications de français acceptées")),
            (self.international_email, _("le contact des candidats internationaux")),
            # Outcomes
            (has_text(self.careers), _("les débouchés et métiers")),
            (has_text(self.sectors), _("les secteurs d'activité")),
            (has_text(self.further_study), _("la poursuite d'études")),
            # Disability
            (
                self.disability_contact_name
                and (self.disability_contact_email or self.disability_contact_phone),
                _("le contact du référent handicap"),
            ),
            (has_text(self.disability_adjustments), _("les aménagements des études")),
            # Contacts
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


def translation_gaps(programme, now=None, phases=None, contacts=None, skill_blocks=None):
    """What English visitors read in French for want of a translation, in French for staff:
    [(the record, as staff call it; [field names])] for the fiche, its contacts and skill
    blocks, the year's admission phases and published semesters with their units and
    courses, and the published parts of the presentation. A fixed number of queries
    (fewer when the caller already holds the phases, contacts or skill blocks).

    A part of the presentation without an English title is left out of the English page,
    and so counted too: its title and text are missing there."""
    if phases is None:
        phases = AdmissionPhase.objects.filter(year_id=programme.year_id).for_block()
    records = [(_("Fiche formation"), programme)]
    records += [
        (_("Contact « %(name)s »") % {"name": contact.name}, contact)
        for contact in (programme.contacts.all() if contacts is None else contacts)
    ]
    records += [
        (_("Bloc « %(code)s »") % {"code": block.code}, block)
        for block in (programme.skill_blocks.all() if skill_blocks is None else skill_blocks)
    ]
    records += [
        (_("Phase de candidature « %(label)s »") % {"label": phase}, phase) for phase in phases
    ]
    semesters = (
        Semester.objects.published(now)
        .filter(year_id=programme.year_id)
        .order_by("order", "pk")
        .prefetch_related("units__courses")
    )
    for semester in semesters:
        records.append((_("Semestre « %(title)s »") % {"title": semester.title}, semester))
        for unit in semester.units.all():
            records.append((_("UE « %(title)s »") % {"title": unit}, unit))
            records += [
                (_("Enseignement « %(title)s »") % {"title": course.title}, course)
                for course in unit.courses.all()
            ]
    records += [
        (_("Partie « %(title)s »") % {"title": section.title}, section)
        for section in Section.objects.visible(now).in_reading_order().for_translation_check()
    ]
    gaps = []
    for label, record in records:
        missing = record.missing_translations()
        if missing:
            gaps.append((str(label), [str(name) for name in missing]))
    return gaps


def with_search_text(save_kwargs):
    """`save()` arguments that write `search_text` (both languages) too when only some
    fields are saved."""
    update_fields = save_kwargs.get("update_fields")
    if update_fields is not None:
        save_kwargs = {
            **save_kwargs,
            "update_fields": {*update_fields, "search_text", "search_text_en"},
        }
    return save_kwargs


def refresh_search_text(model, pk):
    """Compose `search_text` again after a change to a related row (a course, a contact…)."""
    obj = model._default_manager.filter(pk=pk).first()
    if obj is not None:  # None: deleted with its parent
        obj.save(update_fields=["search_text"])


def has_text(html):
    return bool(strip_tags(html or "").strip())


class ContactRole(models.TextChoices):
    RESPONSIBLE = "responsable", _("Responsable de la formation")
    SECRETARIAT = "secretariat", _("Secrétariat")


class ProgrammeContact(Translatable):
    """A person or office that prospective students can reach."""

    # The name is the person's or the office's own; its role is an interface string.
    translated_fields = ("title", "opening_hours")

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
    title_en = english_copy(title)
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
    opening_hours_en = english_copy(opening_hours)
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

    # The fiche's search text includes its contacts.
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        refresh_search_text(Programme, self.programme_id)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        refresh_search_text(Programme, self.programme_id)
        return result

    @property
    def phone_uri(self):
        return phone_uri(self.phone) if self.phone else ""

    @property
    def opening_hours_lines(self):
        """The opening hours in the page's language, one slot a line."""
        hours = self.localized.opening_hours
        return [line.strip() for line in hours.splitlines() if line.strip()]


class AdmissionTrack(models.TextChoices):
    M1 = "m1", _("Entrée en M1 (MonMaster)")
    M2 = "m2", _("Entrée en M2")
    CONTINUING = "continue", _("Formation continue")


class AdmissionRound(models.TextChoices):
    """MonMaster's two rounds of applications."""

    MAIN = "principale", _("Phase principale")
    COMPLEMENTARY = "complementaire", _("Phase complémentaire")


class AdmissionPhaseQuerySet(TranslatableQuerySet):
    def for_block(self):
        """Every phase, in the order the admission block reads them."""
        return self.order_by("track", "opens_on", "pk")

    def delete(self):
        result = super().delete()
        transaction.on_commit(lambda: cache.delete(AdmissionPhase.CACHE_KEY))
        return result


class AdmissionPhase(Translatable):
    """A period when applications are accepted for one way into the programme, in one year."""

    translated_fields = ("label", "notes", "search_text")

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
    label_en = english_copy(label)
    phase = models.CharField(
        _("phase MonMaster"),
        max_length=20,
        blank=True,
        choices=AdmissionRound.choices,
        help_text=_(
            "Pour une candidature sur MonMaster : la phase principale ou la phase "
            "complémentaire. Laissez vide pour les autres voies."
        ),
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
    notes_en = english_copy(notes)
    # Visible text kept in other columns or rows, composed on save (programme/search_text.py).
    search_text = models.TextField(_("texte cherché"), blank=True, default="", editable=False)
    search_text_en = english_copy(search_text)
    search_document = SearchDocumentField()
    search_document_en = SearchDocumentField(verbose_name=_("document de recherche (anglais)"))

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
                condition=models.Q(phase__in=["", *AdmissionRound.values]),
                name="programme_admissionphase_phase_valid",
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
        for name, text in in_languages(phase_search_text, self).items():
            setattr(self, name, text)
        super().save(*args, **with_search_text(kwargs))
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


class SectionQuerySet(TranslatableQuerySet, PublishableQuerySet):
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


class Section(StableSlug, Translatable, Publishable):
    """A numbered part of the programme's presentation (« 1. », then « a. » below).

    Shown on the English page only with an English title; its English anchor `slug_en`
    comes from that title and is kept once published, as `slug` is (core/slugs.py)."""

    translated_fields = ("title", "body")
    translation_parent_url_name = "programme:presentation"

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
    title_en = english_copy(title)
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
    slug_en = english_copy(
        slug,
        verbose_name=_("ancre en anglais"),
        help_text=_(
            "Fin de l'adresse de cette partie sur la page en anglais (/en/programme/#anchor). "
            "Laissez vide : elle est déduite du titre en anglais."
        ),
    )
    body = RichTextField(_("texte"))
    body_en = english_copy(body)
    order = models.PositiveIntegerField(
        _("ordre"),
        default=0,
        db_index=True,
        help_text=_("Les parties sont affichées par ordre croissant ; la numérotation suit."),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    search_document = SearchDocumentField()
    search_document_en = SearchDocumentField(verbose_name=_("document de recherche (anglais)"))

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
            # English anchors are optional, unique once given.
            models.UniqueConstraint(
                fields=["slug_en"],
                condition=~models.Q(slug_en=""),
                name="programme_section_slug_en_unique",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{reverse('programme:presentation')}#{self.anchor}"

    @property
    def anchor(self):
        """The part's anchor on the page of the active language (`slug` without English)."""
        return self.slug_en if self.slug_en and active_language() == ENGLISH else self.slug

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


class SemesterQuerySet(TranslatableQuerySet, PublishableQuerySet):
    def curriculum_ects(self):
        """The credits of every teaching unit of these semesters; None without a semester."""
        if not self.exists():
            return None
        return TeachingUnit.objects.filter(semester__in=self).aggregate(
            total=Coalesce(Sum("ects"), 0)
        )["total"]

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


class Semester(Translatable, Publishable):
    """A semester of one academic year's curriculum, made of teaching units."""

    translated_fields = ("title", "summary")

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
    title_en = english_copy(title)
    order = models.PositiveSmallIntegerField(
        _("ordre"), default=0, help_text=_("Les semestres sont affichés par ordre croissant.")
    )
    summary = models.CharField(
        _("résumé"),
        max_length=300,
        blank=True,
        help_text=_("Une phrase facultative affichée sous le titre du semestre."),
    )
    summary_en = english_copy(summary)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    search_document = SearchDocumentField()
    search_document_en = SearchDocumentField(verbose_name=_("document de recherche (anglais)"))

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


class TeachingUnit(Translatable):
    """An « unité d'enseignement » (UE): credits, hours, and the courses inside it."""

    translated_fields = ("title", "description", "search_text")

    semester = models.ForeignKey(
        Semester, on_delete=models.CASCADE, related_name="units", verbose_name=_("semestre")
    )
    code = models.CharField(
        _("code"), max_length=30, blank=True, help_text=_("Par exemple : « UE 1 ».")
    )
    title = models.CharField(_("intitulé"), max_length=200)
    title_en = english_copy(title)
    ects = models.PositiveSmallIntegerField(_("crédits ECTS"), default=0)
    hours_cm = models.PositiveSmallIntegerField(
        _("heures de CM"), default=0, help_text=_("Cours magistraux, en heures.")
    )
    hours_td = models.PositiveSmallIntegerField(
        _("heures de TD"), default=0, help_text=_("Travaux dirigés, en heures.")
    )
    description = RichTextField(_("description"))
    description_en = english_copy(description)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    # Visible text kept in other columns or rows, composed on save (programme/search_text.py).
    search_text = models.TextField(_("texte cherché"), blank=True, default="", editable=False)
    search_text_en = english_copy(search_text)
    search_document = SearchDocumentField()
    search_document_en = SearchDocumentField(verbose_name=_("document de recherche (anglais)"))

    class Meta:
        verbose_name = _("unité d'enseignement")
        verbose_name_plural = _("unités d'enseignement")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.code} — {self.title}" if self.code else self.title

    def save(self, *args, **kwargs):
        courses = list(self.courses.all()) if self.pk else []
        for name, text in in_languages(unit_search_text, self, courses).items():
            setattr(self, name, text)
        super().save(*args, **with_search_text(kwargs))

    def get_absolute_url(self):
        return f"{self.semester.year.get_absolute_url()}#semestre-{self.semester_id}"

    @property
    def total_hours(self):
        return self.hours_cm + self.hours_td


class Course(Translatable):
    """A course taught inside a teaching unit."""

    translated_fields = ("title",)

    unit = models.ForeignKey(
        TeachingUnit,
        on_delete=models.CASCADE,
        related_name="courses",
        verbose_name=_("unité d'enseignement"),
    )
    title = models.CharField(_("intitulé"), max_length=200)
    title_en = english_copy(title)
    hours_cm = models.PositiveSmallIntegerField(_("heures de CM"), null=True, blank=True)
    hours_td = models.PositiveSmallIntegerField(_("heures de TD"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("enseignement")
        verbose_name_plural = _("enseignements")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    # The unit's search text includes its courses.
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        refresh_search_text(TeachingUnit, self.unit_id)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        refresh_search_text(TeachingUnit, self.unit_id)
        return result


INSERSUP_SOURCE_NAME = "InserSup — ministère de l'Enseignement supérieur et de la Recherche"
INSERSUP_SOURCE_URL = (
    "https://data.enseignementsup-recherche.gouv.fr/explore/dataset/fr-esr-insersup/"
)
PERCENTAGE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]
INSERTION_MONTHS = (6, 12, 18, 24, 30)


def percentage_field(label):
    return models.DecimalField(
        label,
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=PERCENTAGE_VALIDATORS,
    )


def percentage_or_null(field):
    return models.Q(**{f"{field}__isnull": True}) | models.Q(**{f"{field}__range": (0, 100)})


def latest_year_in(cohort):
    """2021 for « 2021 » and for « 2020, 2021 » (InserSup pools small cohorts), else None."""
    years = [int(year) for year in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", cohort or "")]
    return max(years) if years else None


class OfficialInsertionFigureQuerySet(models.QuerySet):
    def latest_cohort(self):
        """Every scope's figures for the most recent cohort, in one query."""
        latest = self.order_by("-cohort_year").values("cohort_year")[:1]
        return self.filter(cohort_year=models.Subquery(latest)).order_by(
            "degree", "discipline", "sector", "mention", "cohort", "pk"
        )


class OfficialInsertionFigure(models.Model):
    """The ministry's InserSup figures for one cohort and one scope, imported from its
    open-data CSV. InserSup counts every graduate of a discipline (or a degree's mention)
    at the university, not the programme's own students."""

    cohort = models.CharField(
        _("promotion"),
        max_length=30,
        help_text=_(
            "Année d'obtention du diplôme, telle que dans le fichier : « 2021 », ou "
            "« 2020, 2021 » quand InserSup regroupe deux promotions trop petites."
        ),
    )
    cohort_year = models.PositiveSmallIntegerField(
        _("année de la promotion"), editable=False, db_index=True
    )
    uai = models.CharField(_("UAI de l'établissement"), max_length=10)
    institution = models.CharField(_("établissement"), max_length=200, blank=True)
    degree = models.CharField(_("diplôme"), max_length=200)
    domain = models.CharField(_("domaine"), max_length=200, blank=True)
    discipline = models.CharField(_("discipline"), max_length=200, blank=True)
    sector = models.CharField(_("secteur disciplinaire"), max_length=200, blank=True)
    mention = models.CharField(_("mention ou libellé du diplôme"), max_length=200, blank=True)
    graduates = models.PositiveIntegerField(
        _("nombre de sortants"),
        null=True,
        blank=True,
        help_text=_("Les diplômés sur lesquels portent les taux."),
    )
    insertion_rate_6_months = percentage_field(_("taux d'insertion à 6 mois (%)"))
    insertion_rate_12_months = percentage_field(_("taux d'insertion à 12 mois (%)"))
    insertion_rate_18_months = percentage_field(_("taux d'insertion à 18 mois (%)"))
    insertion_rate_24_months = percentage_field(_("taux d'insertion à 24 mois (%)"))
    insertion_rate_30_months = percentage_field(_("taux d'insertion à 30 mois (%)"))
    further_study_rate = percentage_field(_("taux de poursuite d'études (%)"))
    success_rate = percentage_field(_("taux de réussite (%)"))
    source_name = models.CharField(_("source"), max_length=200, default=INSERSUP_SOURCE_NAME)
    source_url = models.URLField(_("lien vers la source"), default=INSERSUP_SOURCE_URL)
    file_name = models.CharField(_("fichier importé"), max_length=255, blank=True)
    file_date = models.DateField(
        _("date du fichier"),
        help_text=_("Le jour où le fichier a été téléchargé du portail : il est affiché."),
    )
    imported_at = models.DateTimeField(_("importé le"))

    objects = OfficialInsertionFigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("chiffre officiel InserSup")
        verbose_name_plural = _("chiffres officiels InserSup")
        ordering = ["-cohort_year", "degree", "discipline", "sector", "mention", "cohort"]
        constraints = [
            models.UniqueConstraint(
                fields=["uai", "cohort", "degree", "domain", "discipline", "sector", "mention"],
                name="programme_insertionfigure_one_per_cohort_and_scope",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    *(
                        percentage_or_null(f"insertion_rate_{months}_months")
                        for months in INSERTION_MONTHS
                    ),
                    percentage_or_null("further_study_rate"),
                    percentage_or_null("success_rate"),
                ),
                name="programme_insertionfigure_rates_are_percentages",
            ),
        ]

    def __str__(self):
        return f"{self.cohort} — {self.scope_label}"

    def save(self, *args, **kwargs):
        self.cohort_year = latest_year_in(self.cohort) or 0
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("programme:presentation") + "#chiffres-officiels"

    @property
    def scope_label(self):
        """What the figures cover, most precise level last: « Master LMD · Sociologie »."""
        levels = [self.discipline, self.sector, self.mention]
        precise = [level for level in levels if level] or [self.domain]
        # The sector often repeats the discipline's name: say it once.
        return " · ".join(dict.fromkeys(part for part in [self.degree, *precise] if part))

    @property
    def institution_label(self):
        return self.institution or self.uai


class SkillBlockQuerySet(TranslatableQuerySet):
    def for_page(self, units=None):
        """Blocks in order with the teaching units covering them, in two queries.

        `units` narrows the units shown (visitors see only those of published semesters).
        """
        units = TeachingUnit.objects.all() if units is None else units
        return self.order_by("order", "code", "pk").prefetch_related(
            Prefetch("units", queryset=units.order_by("order", "pk"))
        )


class SkillBlock(Translatable):
    """A « bloc de compétences » of the certification, as France compétences records it."""

    translated_fields = ("title", "description")

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="skill_blocks",
        verbose_name=_("formation"),
    )
    code = models.CharField(
        _("code du bloc"),
        max_length=30,
        validators=[skill_block_code_validator],
        help_text=_("Le code publié sur la fiche RNCP, par exemple RNCP35897BC01."),
    )
    title = models.CharField(
        _("intitulé"), max_length=300, help_text=_("L'intitulé du bloc sur la fiche RNCP.")
    )
    title_en = english_copy(title)
    description = RichTextField(
        _("description"),
        help_text=_("Facultatif : les compétences du bloc et leurs modalités d'évaluation."),
    )
    description_en = english_copy(description)
    units = models.ManyToManyField(
        TeachingUnit,
        blank=True,
        related_name="skill_blocks",
        verbose_name=_("couvert par les unités d'enseignement"),
        help_text=_("Les unités d'enseignement où ce bloc est acquis."),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = SkillBlockQuerySet.as_manager()

    class Meta:
        verbose_name = _("bloc de compétences")
        verbose_name_plural = _("blocs de compétences")
        ordering = ["order", "code", "pk"]
        constraints = [
            # Each year's fiche lists the certification's blocks again: unique within one.
            models.UniqueConstraint(
                fields=["programme", "code"], name="programme_skillblock_code_unique_per_fiche"
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"

    # The fiche's search text includes its skill blocks.
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        refresh_search_text(Programme, self.programme_id)

    def get_absolute_url(self):
        return f"{self.programme.get_absolute_url()}#certification"

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        refresh_search_text(Programme, self.programme_id)
        return result

    def clean(self):
        super().clean()
        rncp_code = self.programme.rncp_code if self.programme_id else ""
        if rncp_code and self.code and not self.code.startswith(f"{rncp_code}BC"):
            raise ValidationError(
                {
                    "code": _(
                        "Le code d'un bloc commence par le code RNCP de la formation "
                        "(%(rncp)s), par exemple %(rncp)sBC01."
                    )
                    % {"rncp": rncp_code}
                }
            )
