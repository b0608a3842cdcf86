"""The organisation's logo: refused above the pixel limit before Pillow decodes it, downscaled on
upload, so that the COPIL renderers (PDF, PPTX) never receive a huge image."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gouvernail.core.choices import Role
from gouvernail.reports.packs.style import style_of
from gouvernail.testing.hostile import huge_png

pytestmark = pytest.mark.django_db


def post_logo(client, org, content: bytes, name: str = "logo.png"):
    form = {"name": org.name, "kind": org.kind, "siren": org.siren, "department": org.department}
    return client.post(
        "/organisation/",
        {**form, "primary_colour": "#7A1F3D", "logo": SimpleUploadedFile(name, content, "image/png")},
    )


def stored_logos() -> list[Path]:
    directory = Path(settings.MEDIA_ROOT) / "organisations" / "logos"
    return list(directory.iterdir()) if directory.exists() else []


def png(width: int, height: int, mode: str = "RGB") -> bytes:
    output = io.BytesIO()
    Image.new(mode, (width, height), "#7A1F3D" if mode == "RGB" else 0).save(output, "PNG")
    return output.getvalue()


def test_a_12000_by_12000_png_is_refused_in_french_and_nothing_is_stored(org, client_for):
    before = stored_logos()

    response = post_logo(client_for(Role.ADMIN), org, huge_png(12_000, 12_000))

    assert response.status_code == 200
    assert response.context["form"].errors["logo"] == [
        "Image trop grande (12\u202f000 × 12\u202f000 pixels) : au plus 16 millions de pixels. "
        "Réduisez-la (un logo de 1\u202f024 pixels de côté suffit)."
    ]
    org.refresh_from_db()
    assert not org.logo and stored_logos() == before


def test_a_large_logo_is_downscaled_to_1024_pixels_on_its_longest_side(org, client_for):
    response = post_logo(client_for(Role.ADMIN), org, png(3000, 1500))

    assert response.status_code == 302
    org.refresh_from_db()
    with Image.open(org.logo.path) as logo:
        assert logo.size == (1024, 512) and logo.format == "PNG"


def test_a_small_logo_keeps_its_size(org, client_for):
    post_logo(client_for(Role.ADMIN), org, png(120, 60))

    org.refresh_from_db()
    with Image.open(org.logo.path) as logo:
        assert logo.size == (120, 60)


def test_a_file_that_is_not_a_png_or_jpeg_is_refused_in_french(org, client_for):
    output = io.BytesIO()
    Image.new("RGB", (20, 20)).save(output, "BMP")

    response = post_logo(client_for(Role.ADMIN), org, output.getvalue(), name="logo.bmp")

    assert response.context["form"].errors["logo"] == ["Image au format BMP : déposez une image PNG ou JPEG."]


def test_a_huge_logo_stored_before_the_limits_never_reaches_the_copil_renderers(org):
    org.logo.save("ancien.png", ContentFile(huge_png(12_000, 12_000)))

    assert style_of(org).logo_path == ""
