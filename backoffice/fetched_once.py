"""A change page's record read once per request by every admin (backoffice.admin_site)."""


class FetchedOnceMixin:
    """The record of a change page read once when the page is shown: the admin's layers
    (French titles, the fiche's checks, the approval workflow, Django's own view) each ask
    for it, and the fiche formation is a wide row (over a millisecond at each layer).

    Only while `change_view` answers a GET or HEAD: nothing writes the record then, except
    the workflow applying a pending change, which asks for it afresh (`forget_fetched`).
    Pages that write before they read (a version being restored, a revision compared) go
    through other views, which always read the database."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method not in ("GET", "HEAD"):
            return super().change_view(request, object_id, form_url, extra_context)
        request._fetched_objects = {}
        try:
            return super().change_view(request, object_id, form_url, extra_context)
        finally:
            del request._fetched_objects

    def get_object(self, request, object_id, from_field=None):
        fetched = getattr(request, "_fetched_objects", None)
        if fetched is None:
            return super().get_object(request, object_id, from_field)
        key = (self, str(object_id), from_field)
        if key not in fetched:
            fetched[key] = super().get_object(request, object_id, from_field)
        return fetched[key]


def forget_fetched(request):
    """Records read by `FetchedOnceMixin.get_object` are read again on the next call."""
    fetched = getattr(request, "_fetched_objects", None)
    if fetched is not None:
        fetched.clear()
