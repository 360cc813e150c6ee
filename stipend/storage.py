"""Private storage of the stipend documents: outside the static and media roots, random
file names, encrypted at rest under the stipend key ring (ID copies show the BSN), type
checked by content (the whole file must parse as the type its first bytes claim; PDFs with
JavaScript or launch actions are refused), served only through a permission-checked view."""

from __future__ import annotations

import os
import secrets
from io import BytesIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from . import crypto

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
    content = upload.read()
    upload.seek(0)
    found = sniff(content[:16])
    if found is None:
        raise ValidationError(
            "Alleen PDF-, JPEG- of PNG-bestanden zijn toegestaan.", code="bad_type"
        )
    if found[0] == "application/pdf":
        _check_pdf(content)
    else:
        _check_image(content)
    return found


NOT_PARSED = "Het bestand is geen geldig %(kind)s-bestand."
# Names of PDF actions that run code or start programs.
ACTIVE_NAMES = frozenset({"/JavaScript", "/JS", "/Launch", "/RichMedia", "/XFA"})
MAX_PDF_OBJECTS = 50_000


def _check_pdf(content: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    try:
        # Lenient about small xref errors (scanners and phones make them), strict on content.
        reader = PdfReader(BytesIO(content), strict=False)
        if len(reader.pages) < 1:
            raise ValueError("no pages")
        # Walk everything reachable from the trailer (pypdf resolves #xx name escapes and
        # object streams), looking for actions that run code.
        seen: set[tuple[int, int]] = set()
        stack: list[Any] = [reader.trailer]
        visited = 0
        while stack:
            item = stack.pop()
            if isinstance(item, IndirectObject):
                key = (item.idnum, item.generation)
                if key in seen:
                    continue
                seen.add(key)
                item = item.get_object()
            visited += 1
            if visited > MAX_PDF_OBJECTS:
                raise ValueError("too many objects")
            if isinstance(item, DictionaryObject):
                for name, value in item.items():
                    if name in ACTIVE_NAMES or (isinstance(value, str) and value in ACTIVE_NAMES):
                        raise ValidationError(
                            "PDF-bestanden met JavaScript of acties die iets starten worden "
                            "niet geaccepteerd. Sla het document opnieuw op als gewone PDF.",
                            code="active_pdf",
                        )
                    stack.append(value)
            elif isinstance(item, ArrayObject):
                stack.extend(item)
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises many types for broken or disguised files
        raise ValidationError(NOT_PARSED, code="not_parsed", params={"kind": "PDF"}) from exc


def _check_image(content: bytes) -> None:
    from PIL import Image

    from bos.images import check_pixels

    # A small file can hold a huge image: refused by its pixels before it is decoded.
    check_pixels(content, max_pixels=settings.STIPEND_MAX_IMAGE_PIXELS)
    try:
        with Image.open(BytesIO(content)) as image:
            kind = image.format
            image.verify()
    except Exception as exc:  # Pillow raises many types for broken files
        raise ValidationError(
            NOT_PARSED, code="not_parsed", params={"kind": "afbeeldings"}
        ) from exc
    if kind not in {"JPEG", "PNG"}:
        raise ValidationError(NOT_PARSED, code="not_parsed", params={"kind": "afbeeldings"})


def _write(content: bytes, extension: str) -> str:
    name = secrets.token_hex(20) + extension
    target = root() / name
    with target.open("xb") as handle:
        handle.write(crypto.encrypt_bytes(content))
    target.chmod(0o600)
    return name


def save(upload: UploadedFile, extension: str) -> str:
    """Write the upload, encrypted, under a random name; return that name."""
    upload.seek(0)
    return _write(upload.read(), extension)


def save_bytes(content: bytes, extension: str) -> str:
    return _write(content, extension)


def read(stored_name: str) -> bytes:
    """The document's content; files stored before encryption are read as they are."""
    data = path_of(stored_name).read_bytes()
    if data.startswith(crypto.TOKEN_PREFIX):
        return crypto.decrypt_bytes(data)
    return data


def reencrypt(stored_name: str) -> bool:
    """Encrypt the file under the current key (a plaintext file from before encryption,
    or one under an older key); returns whether it changed. Written to a new file first
    and then renamed over the old one, so a crash never leaves half a document."""
    path = path_of(stored_name)
    if not path.exists():
        return False
    data = path.read_bytes()
    if data.startswith(crypto.TOKEN_PREFIX):
        if crypto.is_current_bytes(data):
            return False
        data = crypto.decrypt_bytes(data)
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("wb") as handle:
        handle.write(crypto.encrypt_bytes(data))
    temporary.chmod(0o600)
    os.replace(temporary, path)
    return True


def path_of(stored_name: str) -> Path:
    # Stored names are generated here, but guard against a path ever leaving the root.
    path = (root() / stored_name).resolve()
    if path.parent != root().resolve():
        raise ValueError("Invalid document name.")
    return path


def delete(stored_name: str) -> None:
    path_of(stored_name).unlink(missing_ok=True)
