from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def responsive_image(image, sizes="100vw", loading="lazy", css_class=""):
    """`<img>` with srcset, sizes, intrinsic width/height and lazy loading by default.

    Pass loading="eager" for an image at the top of the page (the largest paint).
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
        image.alt,
        loading,
        format_html(' class="{}"', css_class) if css_class else "",
    )
