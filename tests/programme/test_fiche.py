"""The « fiche formation » to the French standard: typed facts shown in groups, each group
left out when empty, the completeness list, formats checked, deadlines as .ics, JSON-LD."""

import importlib
import json
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.publication import PublicationStatus
from programme.models import AdmissionPhase, AdmissionTrack, Programme, SkillBlock
from tests.html import element_by_id, elements, parse_html, text_of, texts
from tests.programme.conftest import FILLED_FICHE, make_semester

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_content")]

URL = "/formation/"
GROUPS = [
    ("objectifs", "Objectifs et compétences"),
    ("certification", "Certification"),
    ("organisation", "Organisation"),
    ("modalites", "Modalités de formation"),
    ("admission", "Admission"),
    ("international", "Candidats internationaux"),
    ("debouches", "Débouchés"),
    ("handicap", "Étudiants en situation de handicap"),
]
FICHE_FIELDS_STATED_BY_THE_ORIGINAL_SITE = ("degree_level", "place", "speciality")


@pytest.fixture
def filled_fiche():
    programme = Programme.load()
    for field, value in FILLED_FICHE.items():
        setattr(programme, field, value)
    programme.offers_continuing = True
    programme.continuing_price = 6000
    programme.funding_cpf = programme.funding_employer = True
    programme.offers_apprenticeship = True
    programme.work_study_rhythm = "Deux jours à l'université, trois en entreprise"
    programme.cfa_name = "CFA universitaire"
    programme.cfa_url = "https://cfa.example.org/"
    programme.save()
    semester = make_semester("Semestre 1", units=[("UE 1", "Méthodes", 30, 20, 20)])
    block = SkillBlock.objects.create(
        programme=programme, code="RNCP35897BC01", title="Piloter un projet social", order=1
    )
    block.units.set(semester.units.all())
    AdmissionPhase.objects.create(
        track=AdmissionTrack.M1,
        label="Phase principale",
        phase="principale",
        opens_on=date(2026, 2, 2),
        closes_on=date(2026, 3, 2),
    )
    return programme


@pytest.fixture
def empty_fiche():
    """The fiche with nothing but its name and pitch (even the original site's facts gone)."""
    programme = Programme.load()
    for field in FICHE_FIELDS_STATED_BY_THE_ORIGINAL_SITE:
        setattr(programme, field, "")
    programme.save()
    return programme


def page_tree(client):
    response = client.get(URL)
    assert response.status_code == 200
    return parse_html(response)


def group_headings(tree):
    return [
        (section.get("id"), text_of(section.find("h2")))
        for section in tree.iter("section")
        if "programme-block" in section.get("class", "").split() and section.find("h2") is not None
    ]


def test_a_filled_fiche_shows_every_group_in_a_fixed_order(client, filled_fiche):
    shown = [pair for pair in group_headings(page_tree(client)) if pair[0] != "contenu-formation"]
    assert shown == GROUPS
    html = client.get(URL).content.decode()
    toc = texts(html, "a")
    for _anchor, title in GROUPS:
        assert title in toc


def test_each_group_shows_its_facts(client, filled_fiche):
    tree = page_tree(client)
    facts = {
        anchor: dict(
            zip(
                [text_of(dt) for dt in element_by_id(tree, anchor).iter("dt")],
                [text_of(dd) for dd in element_by_id(tree, anchor).iter("dd")],
                strict=True,
            )
        )
        for anchor in ("certification", "organisation", "international", "handicap")
    }
    assert facts["certification"]["Niveau (cadre national des certifications)"] == (
        "Niveau 7 (bac + 5, master)"
    )
    rncp = element_by_id(tree, "certification").find(".//dd/a")
    assert rncp.get("href") == "https://www.francecompetences.fr/recherche/rncp/35897/"
    assert facts["organisation"] == {
        "Durée": "2 ans",
        "Crédits ECTS": "120",
        "Rythme": "Cours du lundi au mercredi",
        "Lieu des enseignements": "Metz",
        "Langue d'enseignement": "Français",
        "Rentrée": "7 septembre 2026",
        "Capacité d'accueil en M1": "20 places",
        "Capacité d'accueil en M2": "24 places",
    }
    assert facts["international"]["Niveau de français requis"].startswith("B2")
    assert facts["handicap"]["E-mail"] == "handicap@example.org"
    objectives = text_of(element_by_id(tree, "objectifs"))
    assert "Former des cadres de l'action sociale." in objectives
    outcomes = element_by_id(tree, "debouches")
    assert [text_of(li) for li in outcomes.iter("li")] == ["M1402", "K1802"]
    assert "Doctorat de sociologie." in text_of(outcomes)
    admission = text_of(element_by_id(tree, "admission"))
    for text in ("Attendus", "Pièces à fournir", "CV et lettre de motivation."):
        assert text in admission


def test_skill_blocks_are_listed_with_the_units_covering_them(client, filled_fiche):
    certification = element_by_id(page_tree(client), "certification")
    block = certification.find(".//li[@class='skill-block']")
    assert text_of(block.find("h4")) == "RNCP35897BC01 Piloter un projet social"
    assert [text_of(li) for li in block.iter("li") if li is not block] == ["UE 1 — Méthodes"]


def test_a_unit_of_a_draft_semester_is_not_named_to_visitors(client, filled_fiche):
    draft = make_semester("Semestre 3", units=[("UE 9", "Secret", 30, 0, 0)], order=3)
    draft.status = PublicationStatus.DRAFT
    draft.save()
    SkillBlock.objects.get().units.add(*draft.units.all())
    assert "UE 9 — Secret" not in text_of(element_by_id(page_tree(client), "certification"))


def test_modes_of_study_say_what_each_offers(client, filled_fiche):
    modes = element_by_id(page_tree(client), "modalites")
    headings = [text_of(h3) for h3 in modes.iter("h3")]
    assert headings == ["Formation initiale", "Formation continue", "Alternance"]
    items = [text_of(li) for li in modes.iter("li")]
    assert "Compte personnel de formation (CPF)" in items
    assert "Contrat d'apprentissage" in items
    assert "Projet de transition professionnelle (Transitions Pro)" not in items
    free = modes.find(".//p[@class='work-study__free']")
    assert "ne paie pas de droits d'inscription" in text_of(free)
    cfa = [a for a in modes.iter("a") if a.get("href") == "https://cfa.example.org/"]
    assert [text_of(a) for a in cfa] == ["CFA universitaire"]


def test_the_no_fees_statement_appears_only_with_apprenticeship(client, filled_fiche):
    filled_fiche.offers_apprenticeship = False
    filled_fiche.offers_professionalisation = True
    filled_fiche.save()
    assert not elements(client.get(URL).content, "p", "work-study__free")


def test_ticking_a_contract_ticks_work_study():
    programme = Programme.load()
    programme.offers_professionalisation = True
    programme.save()
    assert Programme.load().offers_work_study


def test_an_empty_fiche_shows_no_group_and_no_placeholder(client, empty_fiche):
    tree = page_tree(client)
    assert [anchor for anchor, _title in group_headings(tree)] == ["contenu-formation"]
    toc = [a.get("href") for a in tree.find(".//nav[@class='toc']").iter("a")]
    assert toc == [
        "#pourquoi-ce-master",
        "#entree-en-vigueur-du-master",
        "#consequences-des-transformations-du-secteur",
        "#origines-de-la-formation",
        "#contenu-formation",
    ]
    page_text = text_of(tree.find(".//main"))
    for placeholder in ("seront détaillés", "seront annoncées", "Non renseigné", "à venir"):
        assert placeholder not in page_text


def test_the_completeness_list_names_each_missing_item(empty_fiche):
    missing = empty_fiche.missing_information()
    for item in (
        "le niveau du diplôme (cadre national)",
        "le code RNCP de la certification",
        "les blocs de compétences",
        "les objectifs",
        "la durée de la formation (en mois)",
        "le rythme des enseignements",
        "la langue d'enseignement",
        "la date de rentrée",
        "la capacité d'accueil en M1",
        "la capacité d'accueil en M2",
        "les attendus",
        "les critères d'examen des candidatures",
        "les pièces à fournir",
        "les étapes de la sélection",
        "le niveau de français requis des candidats internationaux",
        "les certifications de français acceptées",
        "le contact des candidats internationaux",
        "les secteurs d'activité",
        "la poursuite d'études",
        "le contact du référent handicap",
        "les aménagements des études",
    ):
        assert item in missing
    # Optional facts are never asked for; a mode's details only once the mode is offered.
    assert not any("ROME" in item for item in missing)
    assert "le centre de formation d'apprentis (CFA)" not in missing
    empty_fiche.offers_work_study = True
    assert "le centre de formation d'apprentis (CFA)" in empty_fiche.missing_information()


def test_the_admin_completeness_list_names_the_missing_items(staff_client, empty_fiche):
    html = staff_client.get(reverse("admin:programme_programme_change", args=[1])).content
    items = texts(html, "li")
    assert "le code RNCP de la certification" in items
    assert "le contact du référent handicap" in items


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rncp_code", "rncp 35897", "« RNCP » suivi de chiffres"),
        ("rncp_code", "RNCP35897BC01", "par exemple RNCP35897"),
        ("rome_codes", "M1402; K1802", "séparés par des virgules"),
        ("rome_codes", "m1402", "une lettre majuscule et quatre chiffres"),
    ],
)
def test_badly_written_codes_are_refused_in_french(field, value, message):
    programme = Programme.load()
    setattr(programme, field, value)
    with pytest.raises(ValidationError) as excinfo:
        programme.full_clean()
    assert message in excinfo.value.message_dict[field][0]


def test_well_written_codes_are_accepted():
    programme = Programme.load()
    programme.rncp_code, programme.rome_codes = "RNCP35897", "M1402,K1802 , J1234"
    programme.full_clean()
    assert programme.rome_code_list == ["M1402", "K1802", "J1234"]


def test_a_skill_block_code_follows_the_programmes_rncp_code():
    programme = Programme.load()
    programme.rncp_code = "RNCP35897"
    programme.save()
    for code, message in (
        ("BC01", "par exemple RNCP35897BC01"),
        ("RNCP11111BC01", "commence par le code RNCP de la formation (RNCP35897)"),
    ):
        block = SkillBlock(programme=programme, code=code, title="Bloc")
        with pytest.raises(ValidationError) as excinfo:
            block.full_clean()
        assert message in excinfo.value.message_dict["code"][0]
    SkillBlock(programme=programme, code="RNCP35897BC02", title="Bloc").full_clean()


def test_the_old_level_text_maps_to_niveau_7_only_when_it_says_so():
    migration = importlib.import_module(
        "programme.migrations.0012_fiche_formation_restate_old_facts"
    )
    says_level_7 = migration.LEVEL_7_TEXT.search
    for text in ("diplôme de niveau I", "RNCP niveau 7", "Niveau 7"):
        assert says_level_7(text), text
    for text in ("niveau II", "niveau III", "niveau IV", "niveau 6", "bac + 5", "niveau 1"):
        assert not says_level_7(text), text
    assert migration.DURATION_TEXT.match("2 ans") and not migration.DURATION_TEXT.match(
        "2 ans (M1)"
    )


def test_duration_reads_in_years_or_months():
    programme = Programme(duration_months=24)
    assert (programme.duration_display, programme.iso_duration) == ("2 ans", "P2Y")
    programme.duration_months = 18
    assert (programme.duration_display, programme.iso_duration) == ("18 mois", "P18M")


# --- Application deadlines as an .ics file ------------------------------------------------


def unfold(text):
    assert text.endswith("\r\n")
    lines = []
    for line in text[:-2].split("\r\n"):
        assert len(line.encode()) <= 75
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def test_the_deadlines_download_as_an_ics_calendar(client, filled_fiche):
    AdmissionPhase.objects.create(
        track=AdmissionTrack.M2,
        label="Phase complémentaire",
        phase="complementaire",
        opens_on=date(2026, 6, 1),
        closes_on=date(2026, 6, 30),
        notes="CV, lettre; relevés",
    )
    response = client.get(reverse("programme:admission_calendar"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="candidatures.ics"'
    lines = unfold(response.content.decode())
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == 4
    assert "DTSTART;VALUE=DATE:20260302" in lines and "DTEND;VALUE=DATE:20260303" in lines
    summaries = [line for line in lines if line.startswith("SUMMARY:")]
    assert "SUMMARY:Date limite de candidature — Entrée en M1 (MonMaster) — Phase principale" in (
        summaries
    )
    assert "DESCRIPTION:CV\\, lettre\\; relevés" in lines
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(set(uids)) == 4


def test_the_page_links_to_the_calendar_only_when_there_are_dates(
    client, filled_fiche, django_capture_on_commit_callbacks
):
    ics = reverse("programme:admission_calendar")
    assert any(a.get("href") == ics for a in page_tree(client).iter("a"))
    with django_capture_on_commit_callbacks(execute=True):  # the cached phases are dropped
        AdmissionPhase.objects.all().delete()
    assert not any(a.get("href") == ics for a in page_tree(client).iter("a"))


def test_the_calendar_is_empty_but_valid_without_phases(client):
    lines = unfold(client.get(reverse("programme:admission_calendar")).content.decode())
    assert lines == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Master IPPS//Candidatures//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "END:VCALENDAR",
    ]


# --- Query count --------------------------------------------------------------------------


def count_queries(client):
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def add_skill_blocks(programme, number):
    semester = make_semester(
        f"Semestre {number}", units=[(f"UE {i}", f"Unité {i}", 3, 1, 1) for i in range(5)]
    )
    for index in range(number):
        block = SkillBlock.objects.create(
            programme=programme, code=f"RNCP35897BC{number}{index:02}", title=f"Bloc {index}"
        )
        block.units.set(semester.units.all())


def test_query_count_does_not_grow_with_skill_blocks(client, filled_fiche):
    add_skill_blocks(filled_fiche, 2)
    few = count_queries(client)
    add_skill_blocks(filled_fiche, 30)
    assert count_queries(client) == few


# --- JSON-LD against the schema.org vocabulary --------------------------------------------

# The properties (with their expected types) of the schema.org types this page uses, copied
# from the definitions on schema.org (each type with the properties it inherits from Thing
# and, for the credential, from CreativeWork). Kept to the types used here: a property
# the page starts using must be added with its range, by someone who checked schema.org.
THING = {
    "name": {"Text"},
    "description": {"Text"},
    "url": {"URL"},
    "identifier": {"Text", "URL", "PropertyValue"},
    "alternateName": {"Text"},
    "sameAs": {"URL"},
}
SCHEMA_ORG = {
    "EducationalOccupationalProgram": {
        **THING,
        "applicationDeadline": {"Date", "Text"},
        "applicationStartDate": {"Date"},
        "educationalCredentialAwarded": {"EducationalOccupationalCredential", "Text", "URL"},
        "educationalProgramMode": {"Text", "URL"},
        "endDate": {"Date", "DateTime"},
        "maximumEnrollment": {"Integer"},
        "numberOfCredits": {"Integer", "StructuredValue"},
        "occupationalCategory": {"CategoryCode", "Text"},
        "offers": {"Offer", "Demand"},
        "programPrerequisites": {
            "AlignmentObject",
            "Course",
            "EducationalOccupationalCredential",
            "Text",
        },
        "provider": {"Organization", "Person"},
        "startDate": {"Date", "DateTime"},
        "termDuration": {"Duration"},
        "timeToComplete": {"Duration"},
    },
    "EducationalOccupationalCredential": {
        **THING,
        "credentialCategory": {"DefinedTerm", "Text", "URL"},
        "educationalLevel": {"DefinedTerm", "Text", "URL"},
        "recognizedBy": {"Organization"},
        "validIn": {"AdministrativeArea"},
        "inLanguage": {"Language", "Text"},
    },
    "CollegeOrUniversity": {
        **THING,
        "address": {"PostalAddress", "Text"},
        "telephone": {"Text"},
        "email": {"Text"},
    },
    "PostalAddress": {
        **THING,
        "streetAddress": {"Text"},
        "addressLocality": {"Text"},
        "postalCode": {"Text"},
        "addressCountry": {"Country", "Text"},
        "telephone": {"Text"},
    },
    "Offer": {
        **THING,
        "category": {"Text", "URL", "Thing"},
        "price": {"Number", "Text"},
        "priceCurrency": {"Text"},
        "eligibleCustomerType": {"Text"},
    },
    "CategoryCode": {
        **THING,
        "codeValue": {"Text"},
        "inCodeSet": {"CategoryCodeSet", "URL"},
        "termCode": {"Text"},
    },
    "CategoryCodeSet": {**THING, "hasCategoryCode": {"CategoryCode"}},
}
# A value of a type accepts its subtypes (only the links used here).
SUBTYPES = {"Organization": {"CollegeOrUniversity"}, "Thing": set(SCHEMA_ORG)}
DATA_TYPES = {
    "Text": lambda value: isinstance(value, str) and value != "",
    "URL": lambda value: isinstance(value, str) and value.startswith(("http://", "https://")),
    "Integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "Number": lambda value: (
        isinstance(value, int | float)
        or (isinstance(value, str) and re.fullmatch(r"\d+(\.\d+)?", value) is not None)
    ),
    "Date": lambda value: (
        isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None
    ),
    "Duration": lambda value: (
        isinstance(value, str)
        and re.fullmatch(r"P(\d+Y)?(\d+M)?(\d+D)?", value) is not None
        and value != "P"
    ),
}


def type_matches(value, expected):
    if isinstance(value, dict):
        allowed = set(expected)
        for name in expected:
            allowed |= SUBTYPES.get(name, set())
        return value.get("@type") in allowed
    return any(DATA_TYPES[name](value) for name in expected if name in DATA_TYPES)


def vocabulary_errors(node, path="$"):
    node_type = node["@type"]
    if node_type not in SCHEMA_ORG:
        return [f"{path}: type {node_type} not in the vendored vocabulary"]
    errors = []
    for key, value in node.items():
        if key.startswith("@"):
            continue
        expected = SCHEMA_ORG[node_type].get(key)
        if expected is None:
            errors.append(f"{path}.{key}: not a property of {node_type}")
            continue
        for item in value if isinstance(value, list) else [value]:
            if not type_matches(item, expected):
                errors.append(f"{path}.{key}: {item!r} is not one of {sorted(expected)}")
            elif isinstance(item, dict):
                errors += vocabulary_errors(item, f"{path}.{key}")
    return errors


def structured_data(client):
    html = client.get(URL).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_json_ld_uses_only_schema_org_properties_with_the_right_types(client, filled_fiche):
    data = structured_data(client)
    assert data["@context"] == "https://schema.org"
    assert vocabulary_errors(data) == []


def test_json_ld_describes_the_filled_fiche(client, filled_fiche, settings):
    data = structured_data(client)
    assert data["timeToComplete"] == "P2Y"
    assert data["numberOfCredits"] == 120
    assert data["startDate"] == "2026-09-07"
    assert data["maximumEnrollment"] == 44
    assert data["educationalProgramMode"] == [
        "formation initiale",
        "formation continue",
        "alternance",
    ]
    credential = data["educationalCredentialAwarded"]
    assert credential["identifier"] == "RNCP35897"
    assert credential["educationalLevel"] == "Niveau 7 (bac + 5, master)"
    assert [code["codeValue"] for code in data["occupationalCategory"]] == ["M1402", "K1802"]
    assert [(offer["price"], offer["priceCurrency"]) for offer in data["offers"]] == [
        ("250.00", "EUR"),
        ("6000.00", "EUR"),
    ]
    assert data["programPrerequisites"] == "Licence de sociologie."


def test_json_ld_application_deadline_is_the_next_closing_day(rf, filled_fiche):
    from core.models import SiteIdentity
    from programme.views import programme_structured_data

    phases = list(AdmissionPhase.objects.all())
    request = rf.get(URL)
    before = programme_structured_data(
        filled_fiche, request, SiteIdentity.load(), phases, date(2026, 1, 1)
    )
    assert before["applicationDeadline"] == "2026-03-02"
    after = programme_structured_data(
        filled_fiche, request, SiteIdentity.load(), phases, date(2026, 3, 2) + timedelta(days=1)
    )
    assert "applicationDeadline" not in after


def test_json_ld_of_an_empty_fiche_leaves_unknown_facts_out(client, empty_fiche):
    data = structured_data(client)
    assert vocabulary_errors(data) == []
    for key in ("timeToComplete", "numberOfCredits", "offers", "occupationalCategory"):
        assert key not in data
