"""Uploads are checked by content: PDF or DOCX that parse, no macros; text for search."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from library import files
from tests.library.helpers import DOCM_MAIN, docx, pdf


def test_pdf_text_is_extracted():
    checked = files.check_bytes(pdf("Richtlijnen", ["Uren per student en basisuren."]))
    assert checked.content_type == files.PDF
    assert checked.extension == ".pdf"
    assert "Uren per student" in checked.text


def test_docx_text_is_extracted():
    checked = files.check_bytes(docx(["Handreiking intervisie", "De incidentmethode"]))
    assert checked.content_type == files.DOCX
    assert checked.text.splitlines() == ["Handreiking intervisie", "De incidentmethode"]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"MZ\x90\x00 a program", "bad_type"),
        (b"%PDF-1.4 but nothing else", "bad_pdf"),
        (b"PK\x03\x04 not really a zip", "bad_docx"),
        (docx(["x"], main=DOCM_MAIN), "macro"),
        (docx(["x"], extra={"word/vbaProject.bin": b"\x00" * 10}), "macro"),
        (docx(["x"], main="application/xml"), "bad_docx"),
    ],
)
def test_refused_content(content, code):
    with pytest.raises(ValidationError) as caught:
        files.check_bytes(content)
    assert caught.value.code == code


def test_docx_without_document_part_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(ValidationError):
        files.check_bytes(buffer.getvalue())


def test_hostile_xml_is_refused():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;">]><w:document '
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&lol2;</w:document>'
    )
    import io
    import zipfile

    from tests.library.helpers import CONTENT_TYPES, DOCX_MAIN

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=DOCX_MAIN))
        archive.writestr("word/document.xml", bomb)
    with pytest.raises(ValidationError):
        files.check_bytes(buffer.getvalue())


def test_upload_size_limits(settings):
    settings.LIBRARY_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError) as caught:
        files.check_upload(SimpleUploadedFile("groot.pdf", b"%PDF-" + b"x" * 200))
    assert caught.value.code == "too_large"
    with pytest.raises(ValidationError) as caught:
        files.check_upload(SimpleUploadedFile("leeg.pdf", b""))
    assert caught.value.code == "empty"


def test_stored_names_are_random_and_private(tmp_path, settings):
    settings.PRIVATE_STORAGE_ROOT = tmp_path
    first = files.save(b"%PDF-1", ".pdf")
    second = files.save(b"%PDF-1", ".pdf")
    assert first != second and len(first) == 44
    assert files.path_of(first).parent == tmp_path / "library"
    assert oct(files.path_of(first).stat().st_mode)[-3:] == "600"
    with pytest.raises(ValueError):
        files.path_of("../secret.pdf")
