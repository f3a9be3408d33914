"""Document files live in the private storage: only their stable link serves them."""

import json

import pytest

from tests.prod.conftest import PROJECT_DIR, fetch, manage, production_env

CREATE_DOCUMENTS = """
import json
from django.core.files.base import ContentFile
from django.utils import timezone
from documents.models import Category, Document
from documents.pdf_builder import build_pdf
category = Category.objects.order_by("pk").first()
created = {}
for slug, status in (("brouillon", "draft"), ("publie", "published")):
    document = Document(title=slug, slug=slug, category=category, status=status,
                        published_at=timezone.now())
    document.file = ContentFile(build_pdf(slug), name=slug + ".pdf")
    document.save()
    created[slug] = document.file.name
print(json.dumps(created))
"""


@pytest.fixture(scope="module")
def site_with_documents(tmp_path_factory, collected_static):
    folder = tmp_path_factory.mktemp("documents-prives")
    env = production_env(
        DATABASE_URL=f"sqlite:///{folder}/site.sqlite3",
        STATIC_ROOT=collected_static,
        MEDIA_ROOT=folder / "media",
        PRIVATE_MEDIA_ROOT=folder / "prive",
        SERVE_MEDIA="True",
    )
    manage("migrate", "--noinput", "-v0", env=env)
    output = manage("shell", "-c", CREATE_DOCUMENTS, env=env).stdout
    names = json.loads(output.strip().splitlines()[-1])  # after the shell's own notice
    return folder, env, names


def test_a_draft_documents_file_is_reachable_under_no_media_url(
    site_with_documents, start_gunicorn
):
    folder, env, names = site_with_documents
    server = start_gunicorn(env)
    draft_name = names["brouillon"]
    assert (folder / "prive" / draft_name).is_file()
    assert not (folder / "media" / draft_name).exists()
    for url in (f"/media/{draft_name}", f"/media/../prive/{draft_name}", "/documents/brouillon/"):
        status, _headers, body = fetch(server.url + url)
        assert status in (400, 404), url  # 400: the path climbing out of MEDIA_ROOT
        assert not body.startswith(b"%PDF")
    # The media URL does serve public uploads: the 404 above is not a media URL switched off.
    (folder / "media" / "images").mkdir(parents=True)
    (folder / "media" / "images" / "salle.txt").write_text("salle de cours")
    assert fetch(server.url + "/media/images/salle.txt")[0] == 200


def test_a_published_document_is_served_by_its_stable_link_only(
    site_with_documents, start_gunicorn
):
    _folder, env, names = site_with_documents
    server = start_gunicorn(env)
    status, headers, body = fetch(server.url + "/documents/publie/")
    assert status == 200 and body.startswith(b"%PDF")
    assert headers["Content-Type"] == "application/pdf"
    assert fetch(server.url + f"/media/{names['publie']}")[0] == 404


def test_private_media_root_inside_media_root_is_refused(tmp_path):
    env = production_env(MEDIA_ROOT=tmp_path / "media", PRIVATE_MEDIA_ROOT=tmp_path / "media" / "x")
    result = manage("check", env=env, check=False)
    assert result.returncode != 0
    assert "PRIVATE_MEDIA_ROOT est à l'intérieur de MEDIA_ROOT" in result.stderr


def test_empty_folder_variables_mean_the_defaults_never_the_current_folder(tmp_path):
    # As in .env.example: `MEDIA_ROOT=` would otherwise publish the working folder.
    env = production_env(MEDIA_ROOT="", PRIVATE_MEDIA_ROOT="", STATIC_ROOT="")
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT, settings.STATIC_ROOT)",
        env=env,
    )
    media, private, static = result.stdout.strip().splitlines()[-1].split()
    assert (media, private, static) == (
        str(PROJECT_DIR / "media"),
        str(PROJECT_DIR / "private-media"),
        str(PROJECT_DIR / "staticfiles"),
    )
