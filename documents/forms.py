from django import forms

from documents.models import Document
from documents.validation import allowed_extensions, validate_document_upload


class DocumentAdminForm(forms.ModelForm):
    """Checks every uploaded file by its content before the admin stores anything."""

    class Meta:
        model = Document
        fields = [
            "title",
            "title_en",
            "slug",
            "description",
            "description_en",
            "category",
            "order",
            "file",
            "language",
            "accessible_alternative",
            "accessible_summary",
            "status",
            "published_at",
            "valid_until",
            "is_featured",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        accept = ",".join(f".{extension}" for extension in allowed_extensions())
        for name in ("file", "accessible_alternative"):
            if name in self.fields:
                self.fields[name].widget.attrs["accept"] = accept

    def clean_file(self):
        return self._checked_upload("file")

    def clean_accessible_alternative(self):
        return self._checked_upload("accessible_alternative")

    def _checked_upload(self, name):
        uploaded = self.cleaned_data.get(name)
        # Only a new upload is checked; the current file was checked when it came in.
        if uploaded and name in self.files:
            validate_document_upload(uploaded)
        return uploaded
