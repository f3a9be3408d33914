from django import template

from documents.models import Document

register = template.Library()

FEATURED_LIMIT = 4


@register.inclusion_tag("documents/includes/featured_documents.html")
def featured_documents(limit=FEATURED_LIMIT):
    """The key documents (« mis en avant ») for the home page, in one query (in English,
    those that have an English version)."""
    documents = Document.objects.public().in_language().filter(is_featured=True).for_list()
    documents = documents[:limit]
    return {"documents": list(documents)}
