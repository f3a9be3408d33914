"""InserSup: the ministry's CSV read whatever its release, the programme's rows kept,
re-imports updating, bad files refused in French with nothing written."""

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from programme.insersup import Filters, InsersupError, insersup_import
from programme.models import OfficialInsertionFigure

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "data" / "insersup_sample.csv"
FILTERS = Filters(uai="0542493S", degree="master", discipline="sociologie")
FILE_DATE = date(2025, 3, 12)


def import_bytes(data, filters=FILTERS):
    return insersup_import(data, filters=filters, file_date=FILE_DATE, file_name="insersup.csv")


def test_import_keeps_the_universitys_master_rows_in_the_discipline_totals_only():
    report = import_bytes(SAMPLE.read_bytes())

    assert (report.created, report.updated) == (2, 0)
    latest, previous = OfficialInsertionFigure.objects.order_by("-cohort_year")
    assert latest.cohort == "2021"
    assert latest.uai == "0542493S"
    assert latest.institution == "Université de Lorraine"
    assert latest.degree == "Master LMD"
    assert latest.discipline == "Sociologie, démographie"
    assert latest.scope_label == "Master LMD · Sociologie, démographie"
    # The « ensemble » row, not the one for women only; comma decimals; « nd » is empty.
    assert latest.graduates == 84
    assert latest.insertion_rate_6_months == Decimal("61.5")
    assert latest.insertion_rate_18_months == Decimal("83.0")
    assert latest.insertion_rate_30_months is None
    assert latest.further_study_rate == Decimal("9.5")
    assert latest.success_rate == Decimal("88.0")
    assert previous.cohort == "2020"
    assert previous.insertion_rate_30_months == Decimal("86.9")
    assert previous.further_study_rate is None  # « ns »
    assert latest.file_date == FILE_DATE
    assert latest.file_name == "insersup.csv"
    assert "fr-esr-insersup" in latest.source_url
    assert "InserSup" in latest.source_name


def test_reimporting_updates_the_figures_instead_of_duplicating_them():
    import_bytes(SAMPLE.read_bytes())
    corrected = SAMPLE.read_text(encoding="utf-8").replace(";84;61,5;", ";85;62,0;")

    report = import_bytes(corrected.encode())

    assert (report.created, report.updated) == (0, 2)
    assert OfficialInsertionFigure.objects.count() == 2
    latest = OfficialInsertionFigure.objects.get(cohort="2021")
    assert (latest.graduates, latest.insertion_rate_6_months) == (85, Decimal("62.0"))


def test_headers_of_another_release_and_a_latin_1_file_are_read():
    text = (
        "annee;diplome;uai;etablissement;discipline;nb_sortants;"
        "taux_emploi_salarie_fr_6;taux_emploi_salarie_fr_12;TAUX_EMPLOI_SALARIE_FR_18;"
        "taux_emploi_salarie_fr_30;taux_poursuite_etudes\r\n"
        "2020, 2021;Master;0542493s;Université de Lorraine;Sociologie;1 024;"
        "55,25;N.D.;70 %;81,0;12\r\n"
    )

    import_bytes(text.encode("latin-1"))

    figure = OfficialInsertionFigure.objects.get()
    assert figure.cohort == "2020, 2021"
    assert figure.cohort_year == 2021
    assert figure.institution == "Université de Lorraine"
    assert figure.graduates == 1024
    assert figure.insertion_rate_6_months == Decimal("55.3")  # rounded to one decimal
    assert figure.insertion_rate_12_months is None
    assert figure.insertion_rate_18_months == Decimal("70.0")


def test_a_file_with_one_row_per_delay_is_read_as_one_figure():
    text = (
        "promo;type_diplome;Code UAI de l'établissement;discipli_lib;date_inser;nb_sortants;"
        "taux_emploi_sal_fr\n"
        "2021;master_LMD;0542493S;SOCIOLOGIE;6;84;61,5\n"
        "2021;master_LMD;0542493S;SOCIOLOGIE;12;84;78,2\n"
        "2021;master_LMD;0542493S;SOCIOLOGIE;30;84;nd\n"
    )

    import_bytes(text.encode())

    figure = OfficialInsertionFigure.objects.get()
    assert figure.insertion_rate_6_months == Decimal("61.5")
    assert figure.insertion_rate_12_months == Decimal("78.2")
    assert figure.insertion_rate_30_months is None
    assert figure.graduates == 84


def test_missing_columns_are_named_in_french_and_nothing_is_written():
    text = "Promotion;Établissement;Taux d'insertion à 12 mois\n2021;Université de Lorraine;78\n"

    with pytest.raises(InsersupError) as error:
        import_bytes(text.encode())

    message = str(error.value)
    assert message.startswith("Colonnes obligatoires absentes du fichier :")
    assert "UAI de l'établissement" in message
    assert "type de diplôme" in message
    assert "discipline" in message
    assert not OfficialInsertionFigure.objects.exists()


def test_a_file_without_any_figure_column_is_refused():
    text = "Promotion;Diplôme;UAI;Discipline\n2021;Master;0542493S;Sociologie\n"

    with pytest.raises(InsersupError, match="Aucune colonne de chiffres reconnue"):
        import_bytes(text.encode())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "classeur"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40, "pas un fichier texte CSV"),
        (b"  \n", "Le fichier est vide."),
    ],
)
def test_files_that_are_not_csv_are_refused_in_french(data, message):
    with pytest.raises(InsersupError, match=message):
        import_bytes(data)
    assert not OfficialInsertionFigure.objects.exists()


def test_nothing_matching_says_which_disciplines_the_file_has():
    with pytest.raises(InsersupError) as error:
        import_bytes(SAMPLE.read_bytes(), Filters("0542493S", "master", "Géographie"))

    message = str(error.value)
    assert "Aucune ligne du fichier ne correspond" in message
    assert "« Géographie »" in message
    assert "Histoire, Sociologie, démographie" in message


def test_an_unknown_university_is_reported():
    with pytest.raises(InsersupError, match="Vérifiez le code UAI"):
        import_bytes(SAMPLE.read_bytes(), Filters("0000000A", "master", "sociologie"))


def test_a_bad_value_names_its_line_and_column_and_nothing_is_written():
    # Line 4 (the 2020 cohort) is wrong; the 2021 line before it must not be saved either.
    broken = SAMPLE.read_text(encoding="utf-8").replace(";79;58;", ";79;cinquante;")

    with pytest.raises(InsersupError) as error:
        import_bytes(broken.encode())

    assert str(error.value) == (
        "Ligne 4, colonne « Taux d'insertion à 6 mois » : « cinquante » n'est pas un nombre."
    )
    assert not OfficialInsertionFigure.objects.exists()


def test_a_rate_above_100_is_refused():
    broken = SAMPLE.read_text(encoding="utf-8").replace(";84;61,5;", ";84;161,5;")

    with pytest.raises(InsersupError, match="n'est pas un pourcentage"):
        import_bytes(broken.encode())


def test_two_rows_with_different_figures_for_one_scope_are_refused():
    text = SAMPLE.read_text(encoding="utf-8")
    duplicate = text.splitlines()[1].replace(";84;", ";90;")

    with pytest.raises(InsersupError, match="Lignes 2 et 8 : deux valeurs différentes"):
        import_bytes((text + duplicate + "\n").encode())


# --- The command -----------------------------------------------------------------------


def test_the_command_imports_and_reports_in_french(capsys):
    call_command(
        "import_insersup", str(SAMPLE), "--discipline", "sociologie", "--date", "2025-03-12"
    )

    assert OfficialInsertionFigure.objects.count() == 2
    assert set(OfficialInsertionFigure.objects.values_list("file_date", flat=True)) == {FILE_DATE}
    output = capsys.readouterr().out
    assert "nouvelles lignes : 2 ; mises à jour : 0" in output
    assert "2021 — Master LMD · Sociologie, démographie" in output


def test_the_command_dates_the_figures_with_the_files_modification_day(tmp_path, settings):
    settings.INSERSUP_UAI = "0542493S"
    copy = tmp_path / "fr-esr-insersup.csv"
    copy.write_bytes(SAMPLE.read_bytes())
    moment = 1_700_000_000  # 14 November 2023, 23:13 in Paris (22:13 UTC)
    os.utime(copy, (moment, moment))

    call_command("import_insersup", str(copy), "--discipline", "sociologie")

    figure = OfficialInsertionFigure.objects.first()
    assert figure.file_date == date(2023, 11, 14)
    assert figure.file_name == "fr-esr-insersup.csv"


def test_the_command_fails_with_a_french_message_and_writes_nothing(tmp_path):
    bad = tmp_path / "export.csv"
    bad.write_text("Promotion;Taux d'insertion à 12 mois\n2021;78\n", encoding="utf-8")

    with pytest.raises(CommandError) as error:
        call_command("import_insersup", str(bad), "--discipline", "sociologie")

    assert "Colonnes obligatoires absentes" in str(error.value)
    assert "Rien n'a été importé." in str(error.value)
    assert not OfficialInsertionFigure.objects.exists()


def test_the_command_needs_a_discipline_and_a_readable_file(settings, tmp_path):
    settings.INSERSUP_DISCIPLINE = ""
    with pytest.raises(CommandError, match="Précisez la discipline"):
        call_command("import_insersup", str(SAMPLE))
    with pytest.raises(CommandError, match="Impossible de lire"):
        call_command("import_insersup", str(tmp_path / "absent.csv"), "--discipline", "socio")
    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        call_command("import_insersup", str(SAMPLE), "--discipline", "socio", "--date", "12/03")
