"""Documents are encrypted at rest and checked by parsing (security finding 13)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from stipend import services, storage
from stipend.models import DocumentKind, StipendDocument
from tests import documents
from tests.stipend.factories import VALID_BSN


def upload(content: bytes, name: str = "id.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def add(world, content: bytes, name: str = "id.pdf"):
    application = services.start_application(placement=world.placement, actor=world.so)
    return services.add_document(
        application=application,
        actor=world.student,
        kind=DocumentKind.ID_COPY,
        upload=upload(content, name),
    )


def test_an_id_copy_is_stored_encrypted_and_served_decrypted(world):
    content = documents.valid_pdf() + f"% BSN {VALID_BSN}\n".encode()
    document = add(world, content)
    on_disk = storage.path_of(document.stored_name).read_bytes()
    assert VALID_BSN.encode() not in on_disk
    assert not on_disk.startswith(b"%PDF")
    assert storage.read(document.stored_name) == content


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (documents.pdf_with_javascript(), "id.pdf", "JavaScript"),
        (documents.pdf_with_launch_action(), "id.pdf", "JavaScript of acties"),
        (documents.html_after_pdf_header(), "id.pdf", "geen geldig PDF-bestand"),
        (b"\x89PNG\r\n\x1a\n" + b"<html></html>", "id.png", "geen geldig afbeeldings-bestand"),
        (b"\xff\xd8\xff" + b"<script>", "id.jpg", "geen geldig afbeeldings-bestand"),
    ],
)
def test_active_or_disguised_files_are_refused(world, content, name, message):
    with pytest.raises(ValidationError, match=message):
        add(world, content, name)
    assert not StipendDocument.objects.filter(application__placement=world.placement).exists()
    assert not any(storage.root().iterdir())


@pytest.mark.parametrize(
    ("size", "pixels"), [((9000, 9000), "81 megapixel"), ((14000, 14000), "196 megapixel")]
)
def test_an_image_with_too_many_pixels_is_refused_in_dutch(world, size, pixels):
    """A small file of very many pixels (past Pillow's own limit: it was refused as
    unreadable) is refused by its size, before it is decoded."""
    with pytest.raises(ValidationError) as refused:
        add(world, documents.huge_png(*size), "id.png")
    assert f"De afbeelding heeft te veel pixels ({pixels}); het mag hoogstens 50" in str(
        refused.value
    )
    assert not StipendDocument.objects.filter(application__placement=world.placement).exists()


@pytest.mark.parametrize("content", [documents.valid_png(), documents.valid_jpeg()])
def test_real_images_are_accepted(world, content):
    document = add(world, content, "id.img")
    assert storage.read(document.stored_name) == content


def test_key_rotation_includes_documents_and_old_plaintext_files(world, settings):
    from cryptography.fernet import Fernet

    from stipend import crypto

    content = documents.valid_pdf()
    document = add(world, content)
    legacy = storage.save_bytes(b"", ".pdf")
    storage.path_of(legacy).write_bytes(content)  # stored before encryption
    StipendDocument.objects.create(
        application=document.application,
        kind=DocumentKind.AGREEMENT,
        stored_name=legacy,
        original_name="oud.pdf",
        content_type="application/pdf",
        size=1,
        uploaded_by=world.student,
    )
    new_key = Fernet.generate_key().decode()
    settings.STIPEND_ENCRYPTION_KEYS = [new_key, *crypto.configured_keys()]
    call_command("reencrypt_stipend_data")
    settings.STIPEND_ENCRYPTION_KEYS = [new_key]
    for name in (document.stored_name, legacy):
        assert storage.path_of(name).read_bytes().startswith(crypto.TOKEN_PREFIX)
        assert storage.read(name) == content


def test_download_view_serves_the_decrypted_file(world):
    content = documents.valid_pdf()
    document = add(world, content)
    client = Client()
    client.force_login(world.so)
    url = reverse("stipend:download", args=[document.application.pk, document.pk])
    response = client.get(url)
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == content
    else:  # the SO may not download an ID copy; HR may, once submitted
        assert response.status_code == 404
