from django import template

from alumni.models import Alumnus

register = template.Library()


@register.inclusion_tag("alumni/includes/home_testimonial.html")
def alumni_highlight():
    """The most recently updated highlighted testimonial, for the home page (one query)."""
    alumnus = Alumnus.objects.highlighted().first()
    return {"profile": alumnus.public_profile() if alumnus else None}
