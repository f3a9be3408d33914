"""Search-engine and sharing metadata of the layout: canonical URL, JSON-LD, captured blocks."""

from django import template
from django.utils.safestring import mark_safe

from core.templatetags.content import json_ld

register = template.Library()


class CaptureNode(template.Node):
    def __init__(self, nodelist, variable):
        self.nodelist = nodelist
        self.variable = variable

    def render(self, context):
        context[self.variable] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    """`{% capture as name %}…{% endcapture %}`: render once, reuse as `{{ name }}`.

    The layout captures the page's title and description blocks, which it needs in
    <title>, the meta description and the Open Graph tags.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage : {% capture as nom %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's absolute address without its query string (filters, pages, tracking),
    or `canonical_path` when the view names another address for the same content."""
    request = context.get("request")
    if request is None:
        return ""
    return request.build_absolute_uri(context.get("canonical_path") or request.path)


@register.simple_tag(takes_context=True)
def breadcrumbs_json_ld(context, breadcrumbs):
    """`BreadcrumbList` matching the visible breadcrumbs (the last crumb is this page)."""
    request = context.get("request")
    if not breadcrumbs or request is None:
        return ""
    items = []
    for position, crumb in enumerate(breadcrumbs, start=1):
        url = crumb.url or request.path
        items.append(
            {
                "@type": "ListItem",
                "position": position,
                "name": str(crumb.label),
                "item": request.build_absolute_uri(url),
            }
        )
    return json_ld(
        {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}
    )


@register.simple_tag(takes_context=True)
def organization_json_ld(context, identity, programme=None):
    """`CollegeOrUniversity` describing the UFR (home page), from the site identity."""
    request = context.get("request")
    if identity is None or request is None:
        return ""
    lines = identity.ufr_address_lines
    postal_line = next((line for line in lines if line[:5].isdigit()), "")
    postal_code, _sep, locality = postal_line.partition(" ")
    data = {
        "@context": "https://schema.org",
        "@type": "CollegeOrUniversity",
        "name": identity.ufr_name,
        "url": request.build_absolute_uri("/"),
        "telephone": identity.ufr_phone_uri.removeprefix("tel:"),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(line for line in lines if line != postal_line),
            "postalCode": postal_code,
            "addressLocality": locality,
            "addressCountry": "FR",
        },
        "parentOrganization": {
            "@type": "CollegeOrUniversity",
            "name": identity.university_name,
            "telephone": identity.university_phone_uri.removeprefix("tel:"),
        },
    }
    if identity.contact_email:
        data["email"] = identity.contact_email
    if programme is not None:
        data["description"] = programme.localized.pitch
    return json_ld(data)
