"""The page's languages in the layout: `{% page_languages as languages %}` (hreflang,
og:locale) and `{% language_switcher languages %}` (the header's link to the other
language). See core/page_languages.py."""

from django import template

from core.page_languages import page_languages as compute_page_languages

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context):
    request = context.get("request")
    if request is None:
        return None
    return compute_page_languages(request, context)


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context, languages=None):
    if languages is None:
        languages = page_languages(context)
    return {"languages": languages}
