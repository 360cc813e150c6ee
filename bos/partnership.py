"""The partnership's identity (name, address, colours, logo) as kept by the admin in the
`Partnership` row, read through `current()`.

Every page, e-mail and document asks for it, so it is cached (the Django cache, dropped when
the row is saved or deleted). Before the admin has filled it in, a fresh install shows the
neutral defaults from the settings (`PARTNERSHIP_NAME`, `PARTNERSHIP_SHORT_NAME`)."""

from __future__ import annotations

import base64
import colorsys
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction

from .colours import rgb, with_lightness

# The cached value is a pickled Identity: change the key's version when Identity changes, so
# a shared cache (Redis) never hands a new release an old shape.
CACHE_KEY = "bos:partnership:v1"
# The cache is dropped on every save; the timeout only bounds a change made outside Django.
CACHE_SECONDS = 3600
DEFAULT_PRIMARY = "#156d84"
DEFAULT_ACCENT = "#f99c10"
LOGO_MAX_BYTES = 512 * 1024
# Raster formats only: an SVG is a document that can carry script.
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


@dataclass(frozen=True)
class Identity:
    """What the layout, the e-mails and the documents need; the logo's bytes stay in the
    database (`logo_bytes()`), only whether there is one and its version travel here."""

    name: str
    short_name: str
    address: str = ""
    website: str = ""
    primary_color: str = DEFAULT_PRIMARY
    accent_color: str = DEFAULT_ACCENT
    has_logo: bool = False
    version: str = "0"

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]


def defaults() -> Identity:
    return Identity(
        name=getattr(settings, "PARTNERSHIP_NAME", "") or "Opleidingsschool",
        short_name=getattr(settings, "PARTNERSHIP_SHORT_NAME", "") or "OS",
    )


def _load() -> Identity:
    from .models import Partnership

    row = (
        Partnership.objects.filter(pk=Partnership.SINGLETON_ID)
        .only(
            "name",
            "short_name",
            "address",
            "website",
            "primary_color",
            "accent_color",
            "logo_content_type",
            "updated_at",
        )
        .first()
    )
    if row is None:
        return defaults()
    return Identity(
        name=row.name,
        short_name=row.short_name,
        address=row.address,
        website=row.website,
        primary_color=row.primary_color.lower(),
        accent_color=row.accent_color.lower(),
        has_logo=bool(row.logo_content_type),
        version=f"{row.updated_at:%Y%m%d%H%M%S%f}" if row.updated_at else "0",
    )


def current() -> Identity:
    """The partnership's identity: the admin's row, or the neutral defaults."""
    identity = cache.get(CACHE_KEY)
    if identity is None:
        identity = _load()
        cache.set(CACHE_KEY, identity, CACHE_SECONDS)
    return identity


def current_or_defaults() -> Identity:
    """For the error page: the database or the cache may be what failed."""
    try:
        return current()
    except Exception:  # any failure here must still give a page
        return defaults()


def invalidate() -> None:
    """Drop the cached identity now and again when the transaction commits (a request that
    read the old row meanwhile must not keep it cached)."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def logo_bytes() -> tuple[bytes, str] | None:
    """The logo and its content type, or None."""
    from .models import Partnership

    row = (
        Partnership.objects.filter(pk=Partnership.SINGLETON_ID)
        .only("logo", "logo_content_type")
        .first()
    )
    if row is None or not row.logo or not row.logo_content_type:
        return None
    return bytes(row.logo), row.logo_content_type


def logo_data_uri() -> str:
    """The logo as a data: URI for the PDFs (their renderers fetch nothing else), or ""."""
    logo = logo_bytes()
    if logo is None:
        return ""
    data, content_type = logo
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"


def validate_logo(data: bytes) -> str:
    """The content type of an acceptable logo: a real PNG or JPEG of at most 512 KB and
    BOS_LOGO_MAX_PIXELS pixels. Judged by the content (Pillow), never by the name the
    browser sent."""
    from PIL import Image, UnidentifiedImageError

    from .images import check_pixels

    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError(
            f"Het logo is te groot ({len(data) // 1024} kB); het mag hoogstens "
            f"{LOGO_MAX_BYTES // 1024} kB zijn.",
            code="too_big",
        )
    head = data[:512].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!doctype")) or b"<svg" in head:
        raise ValidationError(
            "Een SVG-bestand kan scripts bevatten en wordt daarom niet geaccepteerd. "
            "Upload het logo als PNG of JPEG.",
            code="svg",
        )
    # Refused by its size in pixels before it is decoded (bos.images); a 500 before.
    check_pixels(data, max_pixels=settings.BOS_LOGO_MAX_PIXELS, what="Het logo")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format or ""
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ValidationError(
            "Dit bestand is geen afbeelding die we kunnen lezen. Upload het logo als PNG of JPEG.",
            code="not_image",
        ) from exc
    if image_format not in LOGO_FORMATS:
        raise ValidationError(
            "Upload het logo als PNG of JPEG.",
            code="format",
        )
    return LOGO_FORMATS[image_format]


# Colours -------------------------------------------------------------------------------


def colour_tokens(identity: Identity) -> dict[str, str]:
    """The theme's brand tokens (static/css/bos-theme.css) from the two colours: the primary
    colour is brand-35 (buttons, links); the darker and lighter steps keep its hue, with the
    theme's lightness for each step."""
    primary = identity.primary_color
    lightness = colorsys.rgb_to_hls(*rgb(primary))[1]
    return {
        "--bos-color-brand-10": with_lightness(primary, lightness * 14 / 30),
        "--bos-color-brand-25": with_lightness(primary, lightness * 24 / 30),
        "--bos-color-brand-35": primary,
        "--bos-color-brand-90": with_lightness(primary, 0.93, 0.45),
        "--bos-color-brand-95": with_lightness(primary, 0.97, 0.40),
        "--bos-color-accent-50": identity.accent_color,
    }


def stylesheet(identity: Identity) -> str:
    tokens = "\n".join(f"  {name}: {value};" for name, value in colour_tokens(identity).items())
    return f"/* {identity.name}: huisstijl uit het beheer. */\n.bos-theme {{\n{tokens}\n}}\n"


# Documents -----------------------------------------------------------------------------


def css_string(value: str) -> str:
    """A quoted CSS string (for `content:` in a PDF's @page rules): quotes, backslashes and
    angle brackets escaped, so a name can neither end the string nor the <style> element."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '"\\<>\n\r' else char for char in value.strip()
    )
    return f'"{escaped}"'


def document_context() -> dict[str, object]:
    """What letters, certificates and reports print: the identity, the logo as a data: URI
    (their renderers fetch nothing from outside) and the name as a CSS string."""
    from django.utils.safestring import mark_safe

    identity = current()
    css_name = mark_safe(css_string(identity.name))  # noqa: S308  # nosec B308, B703 - escaped
    return {
        "partnership": identity,
        "partnership_name": identity.name,
        "partnership_short_name": identity.short_name,
        "partnership_logo": logo_data_uri() if identity.has_logo else "",
        "partnership_css_name": css_name,
    }


def data_only_fetcher() -> object:
    """A WeasyPrint URL fetcher for self-contained documents: data: URIs (the logo) only."""
    from weasyprint import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)
