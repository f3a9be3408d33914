"""{% fragment %}: a piece of a page rendered once per content version (core.fragments).

    {% fragment "news-list" page.number category %}…{% endfragment %}
    {% fragment "layout-nav" request.resolver_match.view_name for_everyone %}…{% endfragment %}
    {% fragment "layout-top" layout_key when layout_key %}…{% endfragment %}

The name and the values after it make the key: every value the piece's output depends on
but the content itself (a page number, a filter, the current menu entry) must be among
them. `for_everyone` marks a piece that staff and previews see the same (the layout);
without it, only visitors' renderings are stored and served. `when` and a value: the
piece is stored only when that value is true, rendered every time otherwise (a layout
shared by pages that can name their key and pages that cannot).

    {% late_value "query" as late_query %}

A value of the request shown inside a stored piece (a search's words in the page's title):
the piece is stored with a marker in its place, filled in with the escaped value on every
request. The piece's key then names what the value does not change (whether there is one).
"""

from django import template
from django.utils.safestring import mark_safe

from core import fragments
from core.fragments import cached_fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, parts, for_everyone, condition=None):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts
        self.for_everyone = for_everyone
        self.condition = condition

    def render(self, context):
        return mark_safe(fragments.render_piece(lambda: self.render_piece(context), context))

    def render_piece(self, context):
        if self.condition is not None and not self.condition.resolve(context):
            return self.nodelist.render(context)
        request = context.get("request")
        parts = [part.resolve(context) for part in self.parts]
        return cached_fragment(
            request,
            self.name,
            parts,
            lambda: self.nodelist.render(context),
            public_only=not self.for_everyone,
            context=context,
        )


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError(
            "{% fragment %} prend un nom entre guillemets, puis les valeurs de la clé."
        )
    name = bits[1][1:-1]
    rest = bits[2:]
    condition = None
    if len(rest) >= 2 and rest[-2] == "when":
        condition = parser.compile_filter(rest[-1])
        rest = rest[:-2]
    for_everyone = bool(rest) and rest[-1] == "for_everyone"
    if for_everyone:
        rest = rest[:-1]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist, name, [parser.compile_filter(bit) for bit in rest], for_everyone, condition
    )


@register.simple_tag(takes_context=True)
def late_value(context, name):
    return fragments.late_value(context, name)
