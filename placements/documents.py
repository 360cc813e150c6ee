"""Private storage of application documents (motivation letters and CVs): outside the
static and media roots, random file names, the type checked by content, served only through
a permission-checked view."""

from __future__ import annotations

import io
import secrets
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

PDF = ("application/pdf", ".pdf")
DOCX = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "MATCHING_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES))


def root() -> Path:
    path = Path(settings.PRIVATE_STORAGE_ROOT) / "matching"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _is_docx(upload: UploadedFile) -> bool:
    """A Word document is a zip holding word/document.xml; any other zip is refused."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    finally:
        upload.seek(0)
    return "word/document.xml" in names and "[Content_Types].xml" in names


def check_upload(upload: UploadedFile) -> tuple[str, str]:
    """The (content type, extension) of an acceptable letter or CV; ValidationError
    otherwise. The browser's content type and the file name are not trusted."""
    limit = max_bytes()
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            "Het bestand is te groot (maximaal %(mb)s MB).",
            code="too_large",
            params={"mb": limit // (1024 * 1024)},
        )
    if upload.size == 0:
        raise ValidationError("Het bestand is leeg.", code="empty")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04") and _is_docx(upload):
        return DOCX
    raise ValidationError("Alleen PDF- of Word-bestanden (.docx) zijn toegestaan.", code="bad_type")


def save(upload: UploadedFile, extension: str) -> str:
    """Write the upload under a random name; return that name."""
    name = secrets.token_hex(20) + extension
    target = root() / name
    with target.open("xb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    target.chmod(0o600)
    return name


def path_of(stored_name: str) -> Path:
    # Names are generated here, but a path must never leave the root.
    path = (root() / stored_name).resolve()
    if path.parent != root().resolve():
        raise ValueError("Invalid document name.")
    return path


def delete(stored_name: str) -> None:
    path_of(stored_name).unlink(missing_ok=True)
