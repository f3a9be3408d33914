"""How sizes read on the site: « 240 Ko », « 1,2 Mo » in French, « 1.2 MB » in English."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def human_size(size):
    """A byte count as visitors read it, in the page's units (octets, Ko, Mo, Go)."""
    if size is None:
        return ""
    if size < 1024:
        return _("%(count)d octets") % {"count": size}
    for unit in (_("Ko"), _("Mo"), _("Go")):
        size /= 1024
        if size < 1024 or unit == _("Go"):
            break
    # Whole numbers from 10 up, one decimal below: « 240 Ko », « 1,2 Mo », « 2 Mo ».
    decimals = 0 if size >= 10 or round(size, 1).is_integer() else 1
    return f"{number_format(round(size, decimals), decimals)} {unit}"
