"""The partnership's identity is a database row the admin edits: its name, short name,
address, colours and logo show in the layout, the e-mails and the PDFs; nothing else names
the demo's Brabantse Opleidingsschool."""

from __future__ import annotations

import ast
import io
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from PIL import Image

from bos import mail as bos_mail
from bos import partnership
from bos.admin import PartnershipForm
from bos.models import Partnership, User
from tests.demo_years import running_year
from tests.documents import huge_png

ROOT = Path(__file__).resolve().parents[2]
WEST = {
    "name": "Opleidingsschool West",
    "short_name": "OSW",
    "address": "Havenweg 7\n4600 AB Bergen op Zoom",
    "website": "https://west.example",
    "primary_color": "#7a1f5c",
    "accent_color": "#33cc99",
}
# The demo's partnership, which must not show through once another one is set.
DEMO_WORDS = re.compile(r"Brabantse|\bBOS\b")


def use_west() -> Partnership:
    row = Partnership(**WEST)
    row.full_clean()
    row.save()  # the single row (id 1): replaces the demo's
    return row


def png(size: tuple[int, int] = (40, 20), *, noise: bool = False) -> bytes:
    image = Image.new("RGB", size, "#7a1f5c")
    if noise:  # incompressible: the file is as big as the pixels
        pixels = random.Random(7).randbytes(size[0] * size[1] * 3)
        image = Image.frombytes("RGB", size, pixels)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def form_errors(**upload: bytes | str) -> dict[str, list[str]]:
    data = {**WEST}
    files = {}
    if "logo" in upload:
        files["logo_upload"] = SimpleUploadedFile(
            str(upload.get("filename", "logo.png")), upload["logo"], content_type="image/png"
        )
    data.update({k: v for k, v in upload.items() if k not in {"logo", "filename"}})
    form = PartnershipForm(data=data, files=files, instance=Partnership())
    form.is_valid()
    return form.errors


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    assert shutil.which("pdftotext"), "apt-get install -y poppler-utils"
    source = tmp_path / "document.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [shutil.which("pdftotext"), "-layout", str(source), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


# The selector ---------------------------------------------------------------------------


def test_a_fresh_install_has_neutral_defaults(db):
    Partnership.objects.all().delete()
    identity = partnership.current()
    assert identity == partnership.defaults()
    assert identity.name == django_settings.PARTNERSHIP_NAME
    assert not DEMO_WORDS.search(identity.name + identity.short_name)


@override_settings(PARTNERSHIP_NAME="", PARTNERSHIP_SHORT_NAME="")
def test_without_settings_the_fallback_is_opleidingsschool(db):
    Partnership.objects.all().delete()
    assert (partnership.current().name, partnership.current().short_name) == (
        "Opleidingsschool",
        "OS",
    )


def test_the_identity_is_cached_and_a_save_drops_the_cache(db, django_assert_num_queries):
    use_west()
    cache.delete(partnership.CACHE_KEY)
    with django_assert_num_queries(1):
        partnership.current()
        partnership.current()
    row = Partnership.objects.get()
    row.name = "Opleidingsschool Oost"
    row.save()
    assert partnership.current().name == "Opleidingsschool Oost"


def test_only_one_row_exists(db):
    use_west()
    Partnership(name="Tweede", short_name="T").save()
    assert Partnership.objects.count() == 1
    assert Partnership.objects.get().name == "Tweede"


# Layout, stylesheet and logo ------------------------------------------------------------


def test_the_layout_names_the_partnership_from_the_database(demo):
    client = Client()
    assert "Brabantse Opleidingsschool" in client.get(reverse("account_login")).text
    use_west()
    page = client.get(reverse("account_login")).text
    assert "<title>" in page and "· Opleidingsschool West</title>" in page
    assert "Havenweg 7" in page and "https://west.example" in page
    assert not DEMO_WORDS.search(page)
    client.force_login(User.objects.get(email="projectleider@demo.bos.example"))
    home = client.get(reverse("home")).text
    assert "Opleidingsschool West" in home and ">OSW<" in home
    assert "Brabantse" not in home


def test_the_stylesheet_carries_the_colours_as_theme_tokens(db, client):
    use_west()
    identity = partnership.current()
    page = client.get(reverse("account_login")).text
    href = f"{reverse('brand_css')}?v={identity.version}"
    assert f'href="{href}"' in page
    response = client.get(href)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert "max-age=31536000" in response["Cache-Control"]
    css = response.text
    assert "--bos-color-brand-35: #7a1f5c;" in css
    assert "--bos-color-accent-50: #33cc99;" in css
    for token in ("brand-10", "brand-25", "brand-90", "brand-95"):
        assert re.search(rf"--bos-color-{token}: #[0-9a-f]{{6}};", css), token
    # Every token it sets is one the theme defines.
    theme = (ROOT / "static/css/bos-theme.css").read_text()
    assert all(name in theme for name in re.findall(r"--bos-color-[\w-]+", css))
    # Unversioned: revalidated soon; the same version again: not modified.
    assert "max-age=300" in client.get(reverse("brand_css"))["Cache-Control"]
    again = client.get(href, headers={"If-None-Match": f'"{identity.version}"'})
    assert again.status_code == 304


def test_an_uploaded_logo_shows_in_the_header(demo, client):
    form = PartnershipForm(
        data=WEST,
        files={"logo_upload": SimpleUploadedFile("logo.png", png(), content_type="image/png")},
        instance=Partnership.objects.get(),
    )
    assert form.is_valid(), form.errors
    form.save()
    identity = partnership.current()
    assert identity.has_logo
    page = client.get(reverse("account_login")).text
    assert f'src="{reverse("brand_logo")}?v={identity.version}"' in page
    logo = client.get(reverse("brand_logo"))
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    assert logo.content == png()
    assert logo["X-Content-Type-Options"] == "nosniff"


# Validation -----------------------------------------------------------------------------


def test_a_png_and_a_jpeg_are_accepted(db):
    assert form_errors(logo=png()) == {}
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), "white").save(buffer, format="JPEG")
    assert form_errors(logo=buffer.getvalue(), filename="logo.jpg") == {}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"dit is geen plaatje", "geen afbeelding"),
        (png()[:60], "geen afbeelding"),  # a PNG header, then nothing
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "SVG-bestand kan scripts bevatten",
        ),
        (
            b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
            "SVG-bestand kan scripts bevatten",
        ),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "PNG of JPEG"),
    ],
)
def test_a_logo_that_is_no_png_or_jpeg_is_refused_in_dutch(db, content, message):
    errors = form_errors(logo=content)
    assert message in " ".join(errors["logo_upload"])


def test_a_too_big_logo_is_refused_in_dutch(db):
    big = png((500, 500), noise=True)
    assert len(big) > partnership.LOGO_MAX_BYTES
    errors = form_errors(logo=big)
    assert "te groot" in " ".join(errors["logo_upload"])
    assert "512 kB" in " ".join(errors["logo_upload"])


def test_a_logo_with_too_many_pixels_is_refused_in_dutch(db):
    """A 136 KB file can hold 144 megapixels, drawn on every page and PDF: refused."""
    many = huge_png(12000, 12000)
    assert len(many) < partnership.LOGO_MAX_BYTES
    message = " ".join(form_errors(logo=many)["logo_upload"])
    assert "Het logo heeft te veel pixels (144 megapixel)" in message
    assert "hoogstens 4 megapixel" in message


def test_the_pixel_cap_is_a_setting(db, settings):
    settings.BOS_LOGO_MAX_PIXELS = 1_500_000
    assert form_errors(logo=huge_png(1000, 1500)) == {}
    message = " ".join(form_errors(logo=huge_png(1000, 1501))["logo_upload"])
    assert "(1,5 megapixel); het mag hoogstens 1,5 megapixel zijn" in message


def test_a_decompression_bomb_logo_is_refused_in_dutch_in_the_admin(demo):
    """Past Pillow's own limit the upload gave a 500; now the form says what is wrong."""
    bomb = huge_png(14000, 14000)  # 196 megapixels, more than twice Pillow's limit
    client = Client()
    client.force_login(User.objects.get(email="admin@demo.bos.example"))
    row = Partnership.objects.get()
    response = client.post(
        reverse("admin:bos_partnership_change", args=[row.pk]),
        {**WEST, "logo_upload": SimpleUploadedFile("logo.png", bomb, content_type="image/png")},
    )
    assert response.status_code == 200
    assert "Het logo heeft te veel pixels (196 megapixel)" in response.content.decode()
    assert not Partnership.objects.get().logo


def test_a_refused_logo_saves_nothing(db):
    use_west()
    form = PartnershipForm(
        data={**WEST, "name": "Nieuw"},
        files={"logo_upload": SimpleUploadedFile("x.png", b"<svg/>", content_type="image/png")},
        instance=Partnership.objects.get(),
    )
    assert not form.is_valid()
    assert Partnership.objects.get().name == "Opleidingsschool West"


@pytest.mark.parametrize("colour", ["red", "#12345", "#1234567", "123456", "#12345g", ""])
def test_colours_must_be_hex(db, colour):
    errors = form_errors(primary_color=colour)
    assert "primary_color" in errors
    errors = form_errors(accent_color=colour)
    assert "accent_color" in errors
    if colour and len(colour) <= 7:
        assert "#rrggbb" in errors["accent_color"][0]


def test_a_primary_colour_white_text_cannot_be_read_on_is_refused(db):
    errors = form_errors(primary_color="#ffee00")
    assert "slecht leesbaar" in errors["primary_color"][0]
    # Upper case is fine and stored in lower case.
    form = PartnershipForm(data={**WEST, "primary_color": "#7A1F5C"}, instance=Partnership())
    assert form.is_valid(), form.errors
    assert form.save().primary_color == "#7a1f5c"


# The admin ------------------------------------------------------------------------------


def test_the_admin_edits_the_one_row_and_cannot_add_or_delete(demo):
    client = Client()
    client.force_login(User.objects.get(email="admin@demo.bos.example"))
    row = Partnership.objects.get()
    changelist = client.get(reverse("admin:bos_partnership_changelist"))
    assert changelist.status_code == 302
    assert changelist["Location"] == reverse("admin:bos_partnership_change", args=[row.pk])
    assert client.get(reverse("admin:bos_partnership_add")).status_code == 403
    assert client.get(reverse("admin:bos_partnership_delete", args=[row.pk])).status_code == 403
    response = client.post(
        reverse("admin:bos_partnership_change", args=[row.pk]),
        {**WEST, "logo_upload": SimpleUploadedFile("logo.png", png(), content_type="image/png")},
    )
    assert response.status_code == 302, response.text
    assert partnership.current().name == "Opleidingsschool West"
    assert partnership.current().has_logo
    assert "OSW beheer" in client.get(reverse("admin:index")).text
    # Removing the logo.
    client.post(
        reverse("admin:bos_partnership_change", args=[row.pk]), {**WEST, "remove_logo": "on"}
    )
    assert not partnership.current().has_logo
    assert client.get(reverse("brand_logo")).status_code == 404


# E-mails and documents ------------------------------------------------------------------


def test_the_mails_name_the_partnership_from_the_database(db):
    use_west()
    message = bos_mail.build(
        kind=bos_mail.Kind.STIPEND_HR, subject="Test", text="Hallo", to=["a@example.org"]
    )
    assert message.subject == "[OSW] Test"
    assert "Opleidingsschool West" in message.body
    assert message.from_email.startswith(
        '"Opleidingsschool West" <'
    ) or message.from_email.startswith("Opleidingsschool West <")
    html = message.alternatives[0][0]
    assert "Opleidingsschool West" in html and "Havenweg 7" in html
    for part in (message.subject, message.body, html):
        assert not DEMO_WORDS.search(part)


def test_the_account_mails_name_the_partnership_from_the_database(
    demo, client, django_capture_on_commit_callbacks
):
    use_west()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": "student@demo.bos.example"})
    message = mail.outbox[-1]
    assert message.subject.startswith("[OSW] ")
    assert "Opleidingsschool West" in message.body
    assert "Opleidingsschool West" in message.alternatives[0][0]
    for part in (message.subject, message.body, message.alternatives[0][0]):
        assert not DEMO_WORDS.search(part.replace("demo.bos.example", ""))


def test_the_report_pdf_names_the_partnership_and_shows_its_logo(demo, tmp_path):
    from reports.renderers.pdf import make_url_fetcher, render_pdf

    form = PartnershipForm(
        data=WEST,
        files={"logo_upload": SimpleUploadedFile("logo.png", png(), content_type="image/png")},
        instance=Partnership.objects.get(),
    )
    assert form.is_valid(), form.errors
    form.save()
    fetcher = make_url_fetcher()
    # The running year: the closed 2020-2021 prints the report kept when it closed, whose
    # figures were made under the demo's partnership.
    pdf = render_pdf(running_year(), fetcher=fetcher)
    text = pdf_text(pdf, tmp_path)
    assert "Opleidingsschool West" in text
    assert "Jaarverslag Opleidingsschool West" in text  # the running footer
    assert not DEMO_WORDS.search(text), DEMO_WORDS.findall(text)
    # The logo came as a data: URI; the fetcher allowed nothing else.
    assert fetcher.refused == []
    assert any(url.startswith("data:image/png") for url in fetcher.fetched)


def test_the_certificate_names_the_partnership(db, tmp_path):
    from professionalization.certificate import render_certificate
    from professionalization.models import Certificate
    from tests.factories import PersonFactory, SchoolYearFactory

    use_west()
    certificate = Certificate.objects.create(
        person=PersonFactory(),
        school_year=SchoolYearFactory(),
        name="Fenna Fictief",
        total_hours=0,
    )
    text = pdf_text(render_certificate(certificate, site_url="https://west.example"), tmp_path)
    assert "Opleidingsschool West" in text and "Fenna Fictief" in text
    assert not DEMO_WORDS.search(text)


def test_the_stipend_letter_names_the_partnership(
    db, settings, tmp_path, django_capture_on_commit_callbacks
):
    from tests.stipend.factories import accepted_application, make_world

    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    use_west()
    with django_capture_on_commit_callbacks(execute=True):
        accepted_application(make_world())
    letters = [
        content
        for message in mail.outbox
        for _name, content, mimetype in message.attachments
        if mimetype == "application/pdf"
    ]
    assert letters
    text = pdf_text(letters[-1], tmp_path)
    assert "Opleidingsschool West" in text and "Havenweg 7" in text
    assert not DEMO_WORDS.search(text)


def test_the_error_page_names_the_partnership(db, rf):
    from bos.views import server_error

    use_west()
    page = server_error(rf.get("/")).content.decode()
    assert "Opleidingsschool West" in page and not DEMO_WORDS.search(page)


# The source -----------------------------------------------------------------------------

# Where the demo's name may be written: its data and its loaders.
DEMO_SOURCES = re.compile(r"(^|/)(demo(\.py)?|demo/.*|migrations/.*)$")
SOURCE_DIRS = [
    "bos",
    "placements",
    "facilitation",
    "intervision",
    "afternoons",
    "professionalization",
    "stipend",
    "reports",
    "induction",
    "surveys",
    "planning",
    "library",
    "governance",
    "years",
]


def _user_strings(path: Path) -> list[str]:
    """A module's string literals, without docstrings (those are for developers)."""
    tree = ast.parse(path.read_text())
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def _template_text(path: Path) -> str:
    """A template's text: without its tags, variables and comments (those are code)."""
    source = path.read_text()
    return re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", " ", source, flags=re.S)


def test_no_source_outside_the_demo_names_the_demo_partnership():
    found = []
    for directory in SOURCE_DIRS:
        for path in sorted((ROOT / directory).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if DEMO_SOURCES.search(relative) or "/settings/" in relative:
                continue
            found += [f"{relative}: {s!r}" for s in _user_strings(path) if DEMO_WORDS.search(s)]
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.suffix in {".html", ".txt", ".css"}:
            for match in DEMO_WORDS.finditer(_template_text(path)):
                found.append(f"{path.relative_to(ROOT).as_posix()}: {match.group()}")
    for path in sorted((ROOT / "static").rglob("*")):
        if path.suffix in {".svg", ".css"} and "vendor" not in path.parts:
            found += [
                f"{path.relative_to(ROOT)}: {m}" for m in DEMO_WORDS.findall(path.read_text())
            ]
    settings_text = (ROOT / "bos/settings/base.py").read_text()
    found += [f"bos/settings/base.py: {m}" for m in re.findall(r"Brabantse|\"BOS\b", settings_text)]
    assert found == []


def test_the_checker_finds_a_user_string_but_not_a_docstring(tmp_path):
    module = tmp_path / "example.py"
    module.write_text('"""About BOS."""\nMESSAGE = "Welkom bij BOS"\n')
    assert _user_strings(module) == ["Welkom bij BOS"]
    template = tmp_path / "page.html"
    template.write_text("{% if bos %}{{ BOS }}{% endif %}<p>Brabantse</p>")
    assert DEMO_WORDS.findall(_template_text(template)) == ["Brabantse"]
