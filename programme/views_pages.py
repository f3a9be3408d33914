"""The fixed pages (access, legal notice, accessibility, privacy) and the contact page."""

from urllib.parse import quote

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from programme.breadcrumbs import Crumb, trail
from programme.contact import ContactForm, contact_message_submit
from programme.models import Page, PageSlug, SiteIdentity

# The UFR's buildings on the Île du Saulcy, for the OpenStreetMap links (no embedded map:
# it would load third-party content without consent).
CAMPUS_LATITUDE = "49.12049"
CAMPUS_LONGITUDE = "6.16445"
CAMPUS_ZOOM = 17


def openstreetmap_links(identity):
    """Plain links opening the campus in OpenStreetMap: its position, and a route to it."""
    marker = (
        f"https://www.openstreetmap.org/?mlat={CAMPUS_LATITUDE}&mlon={CAMPUS_LONGITUDE}"
        f"#map={CAMPUS_ZOOM}/{CAMPUS_LATITUDE}/{CAMPUS_LONGITUDE}"
    )
    route = (
        f"https://www.openstreetmap.org/directions?route=%3B{CAMPUS_LATITUDE}%2C{CAMPUS_LONGITUDE}"
    )
    address = ", ".join(identity.ufr_address_lines) if identity else "Île du Saulcy, Metz"
    search = f"https://www.openstreetmap.org/search?query={quote(address)}"
    return {"marker": marker, "route": route, "search": search}


def standalone_page_view(slug):
    """A view showing the fixed page `slug`; the URLconf names one per page."""

    @require_safe
    def view(request):
        page = get_object_or_404(Page.objects.select_related("map_image"), slug=slug)
        context = {"page": page, "breadcrumbs": trail(Crumb(page.title))}
        if slug == PageSlug.ACCESS_MAP:
            context["map_links"] = openstreetmap_links(SiteIdentity.load())
        return render(request, "pages/page_detail.html", context)

    view.__name__ = f"standalone_page_{slug.replace('-', '_')}"
    return view


@require_http_methods(["GET", "HEAD", "POST"])
def contact(request):
    sent = request.GET.get("envoye") == "1"
    if request.method == "POST":
        form = ContactForm(request, data=request.POST)
        if form.is_valid():
            contact_message_submit(form)
            # Post/redirect/get: reloading the confirmation does not send the message again.
            return redirect(f"{reverse('programme:contact')}?envoye=1")
    else:
        form = ContactForm(request)
    context = {
        "form": form,
        "sent": sent and request.method != "POST",
        "breadcrumbs": trail(Crumb(_("Contact"))),
    }
    return render(request, "pages/contact.html", context)
