from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode

from backoffice.admin_dates import indexed_date_hierarchy

register = template.Library()


@register.tag(name="indexed_date_hierarchy")
def indexed_date_hierarchy_tag(parser, token):
    """`{% date_hierarchy cl %}` with its years read from the date column's index."""
    return InclusionAdminNode(
        parser,
        token,
        func=indexed_date_hierarchy,
        template_name="date_hierarchy.html",
        takes_context=False,
    )
