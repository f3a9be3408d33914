from django.http import HttpResponse
from django.shortcuts import render

MENU = [
    ("Accueil", "/"),
    ("La formation", "/formation/"),
    ("Actualités", "/actualites/"),
    ("Anciens étudiants", "/anciens-etudiants/"),
    ("Documents", "/documents/"),
    ("Candidater", "/candidater/"),
    ("Contact", "/contact/"),
]

ITEMS = [
    {
        "title": f"Actualité numéro {number} du master",
        "url": f"/actualites/actualite-{number}/",
        "date": f"2026-11-{number:02d}",
        "summary": "Séminaire, conférence ou soutenance : ce qui se passe cette semaine.",
    }
    for number in range(1, 10)
]


def template_page(request):
    """A page rendered at every request: the floor of a rendered page."""
    return render(request, "floor.html", {"menu": MENU, "items": ITEMS})


_CONSTANT = None


def constant_page(request):
    """The same bytes, rendered once: the floor of a page served from a cache."""
    global _CONSTANT
    if _CONSTANT is None:
        _CONSTANT = template_page(request).content
    return HttpResponse(_CONSTANT)
