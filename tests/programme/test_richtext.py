"""Staff HTML is sanitized on save to what the editor produces, whatever its origin."""

import pytest

from core.richtext import sanitize_html
from programme.models import Section

pytestmark = pytest.mark.django_db

WORD_PASTE = """<!--[if gte mso 9]><xml><o:OfficeDocumentSettings></o:OfficeDocumentSettings></xml>
<![endif]--><style>p.MsoNormal { margin: 0cm; }</style>
<p class="MsoNormal" style="margin-bottom:0cm;line-height:normal"><span lang="FR"
style="font-family:&quot;Calibri&quot;,sans-serif;mso-fareast-language:FR">Le master
<strong><span style="color:red">IPPS</span></strong> forme des cadres.<o:p></o:p></span></p>
<p class="MsoListParagraph"><span style="mso-list:Ignore">·</span>Premier point<o:p></o:p></p>
<div class="WordSection1"><font face="Arial">Texte</font></div>"""


def test_script_tags_and_their_content_are_removed():
    assert sanitize_html("<p>Bonjour<script>alert('x')</script></p>") == "<p>Bonjour</p>"


def test_event_handlers_are_removed():
    html = sanitize_html('<p onclick="voler()">Texte</p><a href="/a" onmouseover="x()">lien</a>')
    assert "onclick" not in html and "onmouseover" not in html
    assert html == '<p>Texte</p><a href="/a">lien</a>'


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,x"],
)
def test_dangerous_link_schemes_are_dropped(href):
    html = sanitize_html(f'<p><a href="{href}">lien</a></p>')
    assert "href" not in html
    assert "lien" in html


def test_ordinary_links_survive_without_target():
    html = sanitize_html(
        '<p><a href="https://www.univ-lorraine.fr/" target="_blank">UL</a> '
        '<a href="mailto:ipps@univ-lorraine.fr">écrire</a> <a href="/documents/">docs</a></p>'
    )
    assert '<a href="https://www.univ-lorraine.fr/">UL</a>' in html
    assert '<a href="mailto:ipps@univ-lorraine.fr">écrire</a>' in html
    assert '<a href="/documents/">docs</a>' in html
    assert "target" not in html


def test_the_editors_own_markup_survives_unchanged():
    html = (
        "<h2>Titre</h2><h3>Sous-titre</h3><h4>Détail</h4>"
        "<p><strong>gras</strong> et <em>italique</em><br>à la ligne</p>"
        "<ul><li><p>un</p></li><li><p>deux</p></li></ul>"
        "<ol><li><p>premier</p></li></ol>"
        "<blockquote><p>citation</p></blockquote>"
        '<table><tbody><tr><th colspan="2">En-tête</th></tr>'
        "<tr><td>a</td><td>b</td></tr></tbody></table>"
    )
    assert sanitize_html(html) == html


def test_headings_outside_h2_to_h4_lose_their_tag_but_keep_their_text():
    html = sanitize_html("<h1>Grand</h1><h5>Petit</h5>")
    assert "<h1>" not in html and "<h5>" not in html
    assert "Grand" in html and "Petit" in html


def test_text_pasted_from_word_comes_out_clean():
    html = sanitize_html(WORD_PASTE)
    for leftover in ("<span", "style=", "class=", "<o:p", "mso-", "<font", "<xml", "<!--"):
        assert leftover not in html, leftover
    assert "<p>Le master\n<strong>IPPS</strong> forme des cadres.</p>" in html
    assert "Premier point" in html and "Texte" in html


def test_rich_text_is_sanitized_when_saved_by_code_not_only_by_forms():
    section = Section.objects.create(
        title="Partie", body='<p onclick="x()">Ok</p><script>alert(1)</script>'
    )
    section.refresh_from_db()
    assert section.body == "<p>Ok</p>"


def test_an_empty_editor_stores_an_empty_string():
    section = Section.objects.create(title="Vide", body="<p></p>")
    section.refresh_from_db()
    assert section.body == ""
