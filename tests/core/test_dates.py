import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation


def render(value, format_string=None):
    argument = f':"{format_string}"' if format_string else ""
    template = Template("{% load dates %}{{ value|date_fr" + argument + " }}")
    with translation.override("fr"):
        return template.render(Context({"value": value}))


def test_the_first_day_of_a_month_is_written_premier():
    assert render(datetime.date(2027, 3, 1)) == "1er mars 2027"


def test_other_days_are_plain_numbers():
    assert render(datetime.date(2027, 3, 2)) == "2 mars 2027"
    assert render(datetime.date(2027, 3, 11)) == "11 mars 2027"


def test_a_format_keeps_its_escaped_letters_and_weekday():
    assert render(datetime.date(2027, 3, 1), r"l j F Y \j") == "lundi 1er mars 2027 j"


def test_an_aware_moment_is_dated_in_local_time(settings):
    settings.TIME_ZONE = "Europe/Paris"
    moment = datetime.datetime(2027, 2, 28, 23, 30, tzinfo=datetime.UTC)  # 1 March in Metz
    with timezone.override("Europe/Paris"):
        assert render(moment) == "1er mars 2027"


@pytest.mark.parametrize("value", [None, ""])
def test_nothing_to_date_renders_nothing(value):
    assert render(value) == ""
