import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.accessibility import record_warnings
from core.publication import can_preview
from core.richtext import without_placeholders

register = template.Library()


@register.simple_tag
def responsive_image(image, sizes="100vw", loading="lazy", css_class="", decorative=False):
    """`<img>` with srcset, sizes, intrinsic width/height and lazy loading by default.

    Pass loading="eager" for an image at the top of the page (the largest paint), and
    decorative=True where the picture only adorns (a banner): its alt is then empty.
    `image` is a core Image or any picture with the same `src`, `srcset()`, `width`,
    `height` and `alt` (an alumnus's private photo, served by a view).
    """
    if image is None or not image.file:
        return ""
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" '
        'loading="{}" decoding="async"{}>',
        image.src,
        image.srcset(),
        sizes,
        image.width,
        image.height,
        "" if decorative else image.alt,
        loading,
        format_html(' class="{}"', css_class) if css_class else "",
    )


# The characters that could close the <script> element or open a comment in it.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """`<script type="application/ld+json">` for structured data, safe for any text in it.

    The one JSON-LD writer of the site: the filter for templates, and the function that
    core.templatetags.site_meta's tags return.
    """
    serialized = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(serialized.translate(_JSON_SCRIPT_ESCAPES)),
    )


@register.filter
def public_text(html):
    """Sanitized rich text as visitors see it: blocks still marked « À compléter » left out."""
    return mark_safe(without_placeholders(html))  # sanitized on save


@register.simple_tag(takes_context=True)
def staff_accessibility_warnings(context):
    """For staff only (never cached: they have a session), the accessibility warnings of
    the page's `checked_objects` (a record, or the records of a page: then each warning
    names its record), in a small box under the preview banner; nothing for visitors or
    when every text is fine.

    Read from the context here, after the staff check, so that a view may hand them over
    as a deferred value (core.fragments.deferred) that visitors' pages never compute."""
    request = context.get("request")
    # Without a session cookie the visitor is anonymous: the session is not even read (so
    # the response does not vary on cookies and stays in the page cache as before).
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ""
    if not can_preview(request):
        return ""
    objects = context.get("checked_objects")
    if callable(objects):
        objects = objects()
    if not objects:
        return ""
    if not isinstance(objects, list | tuple):
        objects = [objects]
    named = len(objects) > 1
    lines = []
    for obj in objects:
        for label, warnings in record_warnings(obj):
            where = f"« {obj} », {label}" if named else label
            lines += [(where, warning) for warning in warnings]
    if not lines:
        return ""
    return format_html(
        '<aside class="staff-accessibility" aria-label="{}"><p><strong>{}</strong> {}</p>'
        "<ul>{}</ul></aside>",
        _("Accessibilité (visible de l'équipe seulement)"),
        ngettext(
            "%(count)d point d'accessibilité à revoir",
            "%(count)d points d'accessibilité à revoir",
            len(lines),
        )
        % {"count": len(lines)},
        _("(visible de l'équipe seulement ; la publication reste possible) :"),
        format_html_join("", "<li>{} : {}</li>", lines),
    )
