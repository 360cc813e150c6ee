"""Uploads of agreement documents: PDF or DOCX, checked by content, stored privately under
random names, with their text extracted for search.

The browser's content type and the file name are not trusted. A PDF must start with the PDF
signature and open with pypdf; a DOCX must be a ZIP whose [Content_Types].xml declares a Word
document. Macro-enabled documents (.docm, or a vbaProject part) are refused. XML is read with
defusedxml and ZIP members are size-checked first, so a crafted file cannot exhaust memory."""

from __future__ import annotations

import io
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# Search needs the words, not a novel: cap what is stored per version.
MAX_TEXT_CHARS = 200_000
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_PDF_PAGES_FOR_TEXT = 200


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    extension: str
    text: str


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def check_upload(upload: UploadedFile) -> CheckedFile:
    limit = settings.LIBRARY_MAX_UPLOAD_BYTES
    if upload.size is None or upload.size > limit:
        raise _refuse(
            f"Het bestand is te groot (maximaal {limit // (1024 * 1024)} MB).", "too_large"
        )
    if upload.size == 0:
        raise _refuse("Het bestand is leeg.", "empty")
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    return check_bytes(content)


def check_bytes(content: bytes) -> CheckedFile:
    if content.startswith(b"%PDF-"):
        return CheckedFile(content, PDF, ".pdf", pdf_text(content))
    if content.startswith(b"PK\x03\x04"):
        return CheckedFile(content, DOCX, ".docx", docx_text(content))
    raise _refuse("Alleen PDF- of Word-bestanden (.docx) zijn toegestaan.", "bad_type")


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise _refuse(
                "Deze pdf is beveiligd met een wachtwoord; upload een versie zonder beveiliging.",
                "encrypted",
            )
        pages = reader.pages
        if len(pages) == 0:
            raise _refuse("Deze pdf heeft geen pagina's.", "bad_pdf")
        parts: list[str] = []
        length = 0
        for page in list(pages)[:MAX_PDF_PAGES_FOR_TEXT]:
            text = page.extract_text() or ""
            parts.append(text)
            length += len(text)
            if length > MAX_TEXT_CHARS:
                break
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise _refuse("Dit bestand is geen leesbare pdf.", "bad_pdf") from exc
    return _normalise("\n".join(parts))


def docx_text(content: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = set(archive.namelist())
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _refuse("Dit bestand is geen leesbaar Word-document.", "bad_docx") from exc
    with archive:
        if sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:
            raise _refuse("Dit Word-document is uitgepakt te groot.", "too_large")
        if "[Content_Types].xml" not in names or "word/document.xml" not in names:
            raise _refuse("Dit bestand is geen Word-document (.docx).", "bad_docx")
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise _refuse(
                "Documenten met macro's (.docm) zijn niet toegestaan; sla op als .docx.", "macro"
            )
        try:
            types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
            declared = {
                element.get("ContentType", "")
                for element in types
                if element.tag in (f"{CT_NS}Override", f"{CT_NS}Default")
            }
            if any("macroEnabled" in value for value in declared):
                raise _refuse(
                    "Documenten met macro's (.docm) zijn niet toegestaan; sla op als .docx.",
                    "macro",
                )
            if DOCX_MAIN not in declared:
                raise _refuse("Dit bestand is geen Word-document (.docx).", "bad_docx")
            body = ElementTree.fromstring(archive.read("word/document.xml"))
        except ValidationError:
            raise
        except Exception as exc:  # defusedxml raises several types for hostile XML
            raise _refuse("Dit bestand is geen leesbaar Word-document.", "bad_docx") from exc
    paragraphs = []
    for paragraph in body.iter(f"{WORD_NS}p"):
        words = [node.text or "" for node in paragraph.iter(f"{WORD_NS}t")]
        paragraphs.append("".join(words))
    return _normalise("\n".join(paragraphs))


def _normalise(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)[:MAX_TEXT_CHARS]


def root() -> Path:
    path = Path(settings.PRIVATE_STORAGE_ROOT) / "library"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def save(content: bytes, extension: str) -> str:
    """Write the file under a random name; return that name."""
    name = secrets.token_hex(20) + extension
    target = root() / name
    with target.open("xb") as handle:
        handle.write(content)
    target.chmod(0o600)
    return name


def path_of(stored_name: str) -> Path:
    path = (root() / stored_name).resolve()
    if path.parent != root().resolve():
        raise ValueError("Invalid document name.")
    return path
