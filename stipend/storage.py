"""Private storage of the stipend documents: outside the static and media roots, random
file names, type checked by content, served only through a permission-checked view."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

# Magic bytes of the accepted types; the browser's content type and the extension are not
# trusted.
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)


def root() -> Path:
    path = Path(settings.PRIVATE_STORAGE_ROOT) / "stipend"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def sniff(head: bytes) -> tuple[str, str] | None:
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def check_upload(upload: UploadedFile) -> tuple[str, str]:
    """The (content type, extension) of an acceptable upload; ValidationError otherwise."""
    limit = settings.STIPEND_MAX_UPLOAD_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            "Het bestand is te groot (maximaal %(mb)s MB).",
            code="too_large",
            params={"mb": limit // (1024 * 1024)},
        )
    if upload.size == 0:
        raise ValidationError("Het bestand is leeg.", code="empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    found = sniff(head)
    if found is None:
        raise ValidationError(
            "Alleen PDF-, JPEG- of PNG-bestanden zijn toegestaan.", code="bad_type"
        )
    return found


def save(upload: UploadedFile, extension: str) -> str:
    """Write the upload under a random name; return that name."""
    name = secrets.token_hex(20) + extension
    target = root() / name
    with target.open("xb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    target.chmod(0o600)
    return name


def save_bytes(content: bytes, extension: str) -> str:
    name = secrets.token_hex(20) + extension
    target = root() / name
    with target.open("xb") as handle:
        handle.write(content)
    target.chmod(0o600)
    return name


def path_of(stored_name: str) -> Path:
    # Stored names are generated here, but guard against a path ever leaving the root.
    path = (root() / stored_name).resolve()
    if path.parent != root().resolve():
        raise ValueError("Invalid document name.")
    return path


def delete(stored_name: str) -> None:
    path_of(stored_name).unlink(missing_ok=True)
