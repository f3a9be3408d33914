"""Insertion figures: the right counts, from consented published records only, drawn as HTML."""

import re

import pytest
from django.urls import reverse

from alumni.charts import bars_from_counts, cohort_chart, sector_chart
from alumni.models import AlumnusStatus

pytestmark = pytest.mark.django_db


def test_bars_are_relative_to_the_largest_and_shares_add_up():
    bars = bars_from_counts([("A", 6), ("B", 3), ("C", 0), ("D", 1)])
    assert [(bar.label, bar.count) for bar in bars] == [("A", 6), ("B", 3), ("D", 1)]
    assert [bar.percent_of_max for bar in bars] == [100.0, 50.0, 16.7]
    assert [bar.share for bar in bars] == [60.0, 30.0, 10.0]
    assert bars_from_counts([]) == []


def test_charts_count_only_published_alumni_consenting_to_name_and_career(make_alumnus, sectors):
    state, association = sectors["État"], sectors["Association"]
    make_alumnus(sector=state, cohort=2020)
    make_alumnus(sector=state, cohort=2021)
    make_alumnus(sector=association, cohort=2021)
    # None of these may be counted:
    make_alumnus(sector=state, cohort=2021, consents_to_career=False)
    make_alumnus(sector=state, cohort=2021, consents_to_name=False)
    make_alumnus(sector=state, cohort=2021, status=AlumnusStatus.HIDDEN)
    make_alumnus(sector=state, cohort=2019, status=AlumnusStatus.PENDING)

    by_sector = sector_chart()
    assert [(bar.label, bar.count) for bar in by_sector.bars] == [("État", 2), ("Association", 1)]
    assert by_sector.total == 3
    by_cohort = cohort_chart()
    assert [(bar.label, bar.count) for bar in by_cohort.bars] == [("2021", 2), ("2020", 1)]


def test_sectors_follow_their_editable_order(make_alumnus, sectors):
    association = sectors["Association"]
    make_alumnus(sector=sectors["État"])
    make_alumnus(sector=association)
    association.order = 1
    association.save()
    assert [bar.label for bar in sector_chart().bars] == ["Association", "État"]


def test_directory_draws_bars_and_a_data_table_without_javascript(client, make_alumnus, sectors):
    make_alumnus(sector=sectors["État"], cohort=2020)
    make_alumnus(sector=sectors["État"], cohort=2020)
    make_alumnus(sector=sectors["Association"], cohort=2020)
    html = client.get(reverse("alumni:directory")).content.decode()
    figures = html[html.index('id="titre-chiffres"') : html.index('id="titre-resultats"')]
    # The chart needs no script: the only ones on the page are JSON-LD data blocks and the
    # layout's enhancements (the phone menu, the hint offering the English page).
    scripts = re.findall(r"<script[^>]*>", html)
    layout = ("js/nav.js", "js/language-hint.js")
    assert all(
        'type="application/ld+json"' in tag or any(name in tag for name in layout)
        for tag in scripts
    )
    assert 'style="width: 100.0%"' in figures
    assert 'style="width: 50.0%"' in figures
    assert "Voir les données sous forme de tableau" in figures
    assert '<th scope="row">État</th><td>2</td><td>66,7 %</td>' in figures
    assert '<th scope="row">2020</th><td>3</td><td>100,0 %</td>' in figures
    assert "ne comptent que les anciens étudiants publiés" in figures
