import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.richtext import without_placeholders

register = template.Library()


@register.simple_tag
def responsive_image(image, sizes="100vw", loading="lazy", css_class="", decorative=False):
    """`<img>` with srcset, sizes, intrinsic width/height and lazy loading by default.

    Pass loading="eager" for an image at the top of the page (the largest paint), and
    decorative=True where the picture only adorns (a banner): its alt is then empty.
    """
    if image is None or not image.file:
        return ""
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" '
        'loading="{}" decoding="async"{}>',
        image.file.url,
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
