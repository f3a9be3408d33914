"""History and undo: edit then restore, delete then recover, for a secretariat member."""

from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import escape
from reversion.models import Version

from core.models import Image
from programme.models import Programme
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

NEW_PITCH = "Une présentation réécrite par erreur."


def programme_form(client, **changes):
    url = reverse("admin:programme_programme_change", args=[1])
    return admin_form_data(client.get(url), **changes)


def test_editing_the_programme_says_what_changed(staff_client, site_content, without_approval):
    response = staff_client.post(
        reverse("admin:programme_programme_change", args=[1]),
        programme_form(staff_client, pitch=NEW_PITCH),
        follow=True,
    )
    assert "Modifié : présentation courte." in response.content.decode()


def test_edit_then_restore_brings_back_the_old_text_exactly(
    staff_client, site_content, without_approval
):
    original = Programme.load()
    original_pitch = original.pitch
    staff_client.post(
        reverse("admin:programme_programme_change", args=[1]),
        programme_form(staff_client, pitch=NEW_PITCH),
    )
    assert Programme.load().pitch == NEW_PITCH

    history = staff_client.get(reverse("admin:programme_programme_history", args=[1]))
    assert history.status_code == 200
    html = history.content.decode()
    assert "Historique" in html
    assert "État enregistré avant la première modification." in html

    oldest = Version.objects.get_for_object(original).order_by("revision__date_created").first()
    revision_url = reverse("admin:programme_programme_revision", args=[1, oldest.pk])
    assert revision_url in html
    form_page = staff_client.get(revision_url)
    assert "Cliquez sur le bouton <strong>Enregistrer</strong>" in form_page.content.decode()
    assert escape(original_pitch) in form_page.content.decode()
    # Staff restore by saving the old version's form as it is shown.
    staff_client.post(revision_url, admin_form_data(form_page))
    assert Programme.load().pitch == original_pitch
    assert Version.objects.get_for_object(original).count() == 3


def test_delete_then_recover_brings_back_the_image(staff_client, image):
    image_id, alt_text, file_name = image.pk, image.alt_text, image.file.name
    response = staff_client.post(
        reverse("admin:core_image_delete", args=[image_id]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Image.objects.filter(pk=image_id).exists()

    changelist = staff_client.get(reverse("admin:core_image_changelist"))
    assert "Récupérer les images supprimées" in changelist.content.decode()
    recover_list = staff_client.get(reverse("admin:core_image_recoverlist"))
    assert alt_text in recover_list.content.decode()
    deleted = Version.objects.get_deleted(Image).get(object_id=str(image_id))
    recover_url = reverse("admin:core_image_recover", args=[deleted.pk])
    response = staff_client.post(
        recover_url, {"alt_text": alt_text, "credit": "", "_save": "Enregistrer"}
    )
    assert response.status_code == 302
    # The message says what happened: recovered, not « modifié… Aucun champ n'a changé ».
    said = [unescape(str(message)) for message in get_messages(response.wsgi_request)]
    assert said and said[-1].startswith("L'image « ") and said[-1].endswith("a été récupérée."), (
        said
    )
    recovered = Image.objects.get(pk=image_id)
    assert recovered.alt_text == alt_text
    assert recovered.file.name == file_name


def test_changing_an_image_alt_text_keeps_its_file(staff_client, image):
    response = staff_client.post(
        reverse("admin:core_image_change", args=[image.pk]),
        {"alt_text": "Remise des diplômes", "credit": "UFR SHA", "_save": "Enregistrer"},
        follow=True,
    )
    assert "Modifié : texte alternatif, crédit." in response.content.decode()
    image.refresh_from_db()
    assert image.alt_text == "Remise des diplômes" and image.file.storage.exists(image.file.name)


def test_bulk_deleted_images_can_be_recovered(staff_client, image):
    changelist = reverse("admin:core_image_changelist")
    confirmation = staff_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [image.pk]}
    )
    assert confirmation.status_code == 200  # Django asks for confirmation first
    assert Image.objects.filter(pk=image.pk).exists()
    staff_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [image.pk], "post": "yes"},
    )
    assert not Image.objects.filter(pk=image.pk).exists()
    deleted = Version.objects.get_deleted(Image).get(object_id=str(image.pk))
    assert deleted.revision.get_comment() == "État enregistré avant la première modification."
    staff_client.post(
        reverse("admin:core_image_recover", args=[deleted.pk]),
        {"alt_text": image.alt_text, "credit": "", "_save": "Enregistrer"},
    )
    assert Image.objects.get(pk=image.pk).alt_text == image.alt_text
