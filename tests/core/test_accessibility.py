"""The accessibility checker of staff rich text: French warnings, never a refusal."""

from core.accessibility import check_html


def test_clean_text_has_no_warning():
    html = (
        "<h2>Candidater</h2><h3>En M1</h3><p>Voir <a href='/cal/'>le calendrier "
        "universitaire</a>.</p><img src='a.png' alt=''><img src='b.png' alt='Le campus'>"
        "<table><tr><th>Année</th></tr><tr><td>M1</td></tr></table><h2>Après</h2>"
    )
    assert check_html(html) == []


def test_skipped_and_empty_headings():
    (skipped,) = check_html("<h2>Présentation</h2><h4>Objectifs</h4>")
    assert skipped.startswith("Niveau de titre sauté : « Objectifs » est un titre de niveau 4")
    assert "utilisez le niveau 3" in skipped
    # The page title is the h1: a text starts at h2.
    assert "niveau 3 après un titre de niveau 1" in check_html("<h3>Accès</h3>")[0]
    assert check_html("<h2> </h2>") == ["Titre vide (niveau 2) : supprimez-le ou écrivez-le."]


def test_link_texts_that_say_nothing():
    for text in ["cliquez ici", "Ici.", "lien", "En savoir plus…"]:
        (warning,) = check_html(f'<p><a href="/x/">{text}</a></p>')
        assert warning.startswith(f"Lien « {text} » : un texte qui ne dit pas où il mène")
    (bare,) = check_html('<a href="https://www.univ-lorraine.fr">https://www.univ-lorraine.fr</a>')
    assert bare.startswith("Lien dont le texte est une adresse")
    assert check_html('<a href="/x/"></a>') == ["Lien sans texte (/x/) : écrivez où il mène."]
    assert check_html('<a href="/"><img src="logo.png" alt="Accueil"></a>') == []
    assert check_html('<a href="/stage/">en savoir plus sur le stage</a>') == []


def test_images_need_alt_text_or_a_decorative_mark():
    (warning,) = check_html('<img src="photo.jpg"><img src="deco.png" alt="">')
    assert warning.startswith("Image sans texte alternatif (photo.jpg)")
    assert "décorative" in warning


def test_tables_need_header_cells():
    (warning,) = check_html("<table><tr><td>M1</td><td>60</td></tr></table>")
    assert warning.startswith("Tableau sans cellule d'en-tête")
