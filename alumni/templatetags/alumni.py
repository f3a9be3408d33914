from django import template
from django.urls import reverse

from alumni.models import Alumnus

register = template.Library()


@register.inclusion_tag("alumni/includes/home_testimonial.html")
def alumni_highlight(hints=False):
    """The most recently updated highlighted testimonial, for the home page (one query).

    `hints` (staff): without one, a link to the alumni's admin, where testimonials are
    highlighted, takes its place.
    """
    alumnus = Alumnus.objects.highlighted().first()
    return {
        "profile": alumnus.public_profile() if alumnus else None,
        "hint_url": reverse("admin:alumni_alumnus_changelist") if hints else "",
    }
