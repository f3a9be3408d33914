"""What the secretariat does to the programme beyond editing one record."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from core.publication import PublicationStatus
from programme.models import (
    AcademicYear,
    AdmissionPhase,
    Course,
    Programme,
    ProgrammeContact,
    Semester,
    SkillBlock,
    TeachingUnit,
)


def shift_one_year(day):
    """The same day a year later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def shift_dates(values):
    """Every date of a copied row moved on by a year (datetimes are left alone)."""
    return {
        name: shift_one_year(value)
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
        else value
        for name, value in values.items()
    }


@dataclass(frozen=True)
class CopyStep:
    """Copy every row of `model` whose `parent` foreign key points to a copied record."""

    model: type[models.Model]
    parent: str
    # Changes the copied values (a dict by attribute name) before the row is saved.
    adjust: Callable[[dict], dict] = field(default=lambda values: values)


# What « Préparer l'année suivante » copies, parents before their children. A model added
# to the programme later is one more line.
YEAR_COPY_STEPS = (
    CopyStep(Programme, "year"),
    CopyStep(ProgrammeContact, "programme"),
    CopyStep(Semester, "year"),
    CopyStep(TeachingUnit, "semester"),
    CopyStep(Course, "unit"),
    # After the units: its « covered by » links then point to the new year's units.
    CopyStep(SkillBlock, "programme"),
    CopyStep(AdmissionPhase, "year", adjust=shift_dates),
)


def copied_values(obj):
    """Every concrete field of `obj` by attribute name, except its key and timestamps that
    the database keeps (`auto_now`, `auto_now_add`): a field added later is copied too."""
    return {
        model_field.attname: getattr(obj, model_field.attname)
        for model_field in obj._meta.concrete_fields
        if not model_field.primary_key
        and not getattr(model_field, "auto_now", False)
        and not getattr(model_field, "auto_now_add", False)
    }


def academic_year_prepare_next(year, steps=YEAR_COPY_STEPS):
    """Copy `year` into the following year, as a draft that staff edit and then publish.

    Copies the fiche and its contacts, the semesters with their teaching units and
    courses, and the admission phases with their dates a year later; `year` is left
    untouched. Refused (ValidationError, in French) when the following year exists.

    Where to extend: `YEAR_COPY_STEPS` above lists what is copied. A new model that hangs
    from a copied one (a foreign key to the fiche, a semester, a unit…) is copied by adding
    `CopyStep(Model, "that_foreign_key")` after its parent's step. Its other foreign keys
    to copied records follow the copies, and its many-to-many fields (and those of every
    copied model) are copied afterwards, pointing to the copies of records that were
    copied (a skill block's teaching units) and to the same records otherwise (images).
    A many-to-many relation with its own `through` model is copied as a step of that model.
    """
    next_label = year.next_label()
    with transaction.atomic():
        if AcademicYear.objects.filter(label=next_label).exists():
            raise ValidationError(
                _(
                    "L'année %(label)s existe déjà : ouvrez-la dans « Années universitaires » "
                    "pour la modifier."
                )
                % {"label": next_label}
            )
        new_year = AcademicYear.objects.create(label=next_label, status=PublicationStatus.DRAFT)
        # (model, old pk) → the copy, for every record of the year.
        copies = {(AcademicYear, year.pk): new_year}
        for step in steps:
            parent_field = step.model._meta.get_field(step.parent)
            parents = [old_pk for model, old_pk in copies if model is parent_field.related_model]
            for obj in step.model._default_manager.filter(
                **{f"{parent_field.attname}__in": parents}
            ).order_by("pk"):
                values = step.adjust(_follow_copies(copied_values(obj), obj, copies))
                copy = step.model(**values)
                copy.save()
                copies[(step.model, obj.pk)] = copy
        _copy_many_to_many(copies)
    return new_year


def _follow_copies(values, obj, copies):
    """Foreign keys to a copied record point to its copy."""
    for model_field in obj._meta.concrete_fields:
        if model_field.is_relation:
            target = (model_field.related_model, values[model_field.attname])
            if target in copies:
                values[model_field.attname] = copies[target].pk
    return values


def _copy_many_to_many(copies):
    originals = {}
    for (model, old_pk), copy in copies.items():
        originals.setdefault(model, {})[old_pk] = copy
    for model, copy_by_pk in originals.items():
        for relation in model._meta.many_to_many:
            if not relation.remote_field.through._meta.auto_created:
                continue
            target_model = relation.related_model
            through = relation.remote_field.through
            source_column = relation.m2m_field_name() + "_id"
            target_column = relation.m2m_reverse_field_name() + "_id"
            # bulk_create sends no signal: the rows saved above already move the content
            # version when this transaction commits.
            links = through.objects.filter(**{f"{source_column}__in": list(copy_by_pk)})
            through.objects.bulk_create(
                through(
                    **{
                        source_column: copy_by_pk[source].pk,
                        target_column: _copy_pk(copies, target_model, target),
                    }
                )
                for source, target in links.values_list(source_column, target_column)
            )


def _copy_pk(copies, model, pk):
    copy = copies.get((model, pk))
    return copy.pk if copy is not None else pk
