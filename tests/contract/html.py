"""Admin forms read from the page staff see, into the POST data the browser would send."""

import json

from django.utils.text import slugify

from tests.html import text_of


class AdminForm:
    """The change form of an admin page, as the browser would send it."""

    def __init__(self, tree):
        forms = [form for form in tree.iter("form") if form.get("id", "").endswith("_form")]
        assert len(forms) == 1, "La page ne contient pas un seul formulaire d'administration."
        self.form = forms[0]
        self.data = {}
        self.required = set()
        self.kinds = {}  # name → "text", "textarea", "select", "number", "file", "date"…
        self.options = {}
        for element in self.form.iter():
            if element.tag in {"input", "select", "textarea"} and element.get("name"):
                self._read(element)
        self.prepopulated = []
        for element in tree.iter():
            if "data-prepopulated-fields" in element.attrib:
                self.prepopulated = json.loads(element.get("data-prepopulated-fields"))

    def _read(self, element):
        name = element.get("name")
        if "required" in element.attrib:
            self.required.add(name)
        if element.tag == "textarea":
            self.kinds[name] = "textarea"
            # Browsers drop the newline that follows <textarea>.
            self.data[name] = "".join(element.itertext()).removeprefix("\n")
            return
        if element.tag == "select":
            self.kinds[name] = "select"
            options = [option.get("value", text_of(option)) for option in element.iter("option")]
            self.options[name] = options
            selected = [
                option.get("value", text_of(option))
                for option in element.iter("option")
                if "selected" in option.attrib
            ]
            if "multiple" in element.attrib:
                self.data[name] = selected
            elif selected or options:
                self.data[name] = selected[0] if selected else options[0]
            return
        input_type = element.get("type", "text")
        classes = element.get("class", "").split()
        if "vDateField" in classes:
            input_type = "date"
        elif "vTimeField" in classes:
            input_type = "time"
        self.kinds[name] = input_type
        if input_type in {"submit", "button", "reset", "image", "file"}:
            return
        if input_type in {"checkbox", "radio"}:
            if "checked" in element.attrib:
                self.data[name] = element.get("value", "on")
            return
        self.data[name] = element.get("value", "")

    def fill_prepopulated(self):
        """What the admin's script types into a slug field while the title is typed."""
        for field in self.prepopulated:
            name = field["name"]
            if self.data.get(name):
                continue
            source = " ".join(self.data.get(other, "") for other in field["dependency_list"])
            slug = slugify(source, allow_unicode=field.get("allowUnicode", False))
            self.data[name] = slug[: field["maxLength"]].strip("-")

    def empty_required_fields(self):
        return [
            name
            for name in self.required
            if not self.data.get(name) and self.kinds.get(name) not in {"submit", "button"}
        ]
