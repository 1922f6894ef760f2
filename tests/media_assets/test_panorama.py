"""360° panoramas: recognised from their GPano XMP or marked by their author, stored
with a GPano XMP and nothing else, given pictures up to 8192 px wide for a viewer,
and shown on the post page in a viewer's container over the flat picture."""

import html
import io
import re

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from bts_catalog.images import intake_image
from bts_catalog.renditions import source_widths
from media_assets.models import ImageFormat
from media_assets.services import media_asset_add
from tests.factories import PostFactory
from tests.markup import without_structured_data

pytestmark = pytest.mark.django_db

ALT = "The throne room set, seen from the dais"
HINT = "Drag, swipe or use the arrow keys to look around."

RDF = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about=""'
    ' xmlns:GPano="http://ns.google.com/photos/1.0/panorama/"'
    ' xmlns:tiff="http://ns.adobe.com/tiff/1.0/"'
    ' xmlns:exif="http://ns.adobe.com/exif/1.0/"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
    "{attributes}>{elements}</rdf:Description></rdf:RDF></x:xmpmeta>"
)


def xmp_attributes(**properties) -> bytes:
    """An XMP packet with every property as an attribute (how cameras write it)."""
    attributes = "".join(f' {name}="{value}"' for name, value in properties.items())
    return RDF.format(attributes=attributes, elements="").encode()


def xmp_elements(**properties) -> bytes:
    """The same as elements (how editing software often writes it)."""
    elements = "".join(
        f"<{name}>{value}</{name}>" for name, value in properties.items()
    )
    return RDF.format(attributes="", elements=elements).encode()


def gpano(width: int, height: int, **more) -> dict:
    return {
        "GPano:ProjectionType": "equirectangular",
        "GPano:UsePanoramaViewer": "True",
        "GPano:FullPanoWidthPixels": width,
        "GPano:FullPanoHeightPixels": height,
        "GPano:CroppedAreaImageWidthPixels": width,
        "GPano:CroppedAreaImageHeightPixels": height,
        "GPano:CroppedAreaLeftPixels": 0,
        "GPano:CroppedAreaTopPixels": 0,
        **more,
    }


def jpeg(size=(4096, 2048), xmp: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    extra = {"xmp": xmp} if xmp else {}
    Image.new("RGB", size, (90, 60, 40)).save(buffer, format="JPEG", **extra)
    return buffer.getvalue()


def add(post, content: bytes, **options):
    return media_asset_add(
        post=post,
        actor=None,
        upload=intake_image(content, name="set.jpg"),
        alt_text=ALT,
        **options,
    )


def stored_xmp(asset) -> str:
    with asset.file.open("rb") as stored, Image.open(stored) as picture:
        xmp = picture.info.get("xmp", b"")
    return xmp.decode() if isinstance(xmp, bytes) else xmp


@pytest.fixture
def post(db):
    return PostFactory(title="The throne room, all round")


@pytest.mark.parametrize(
    "form", [xmp_attributes, xmp_elements], ids=["attributes", "elements"]
)
def test_gpano_xmp_makes_a_picture_a_panorama(post, form):
    asset = add(post, jpeg(xmp=form(**gpano(4096, 2048))))
    asset.refresh_from_db()
    assert asset.is_panorama
    assert asset.projection == "equirectangular"
    assert asset.panorama_view is None  # the whole sphere


@pytest.mark.parametrize(
    "form", [xmp_attributes, xmp_elements], ids=["attributes", "elements"]
)
def test_the_stored_file_keeps_a_gpano_xmp_and_nothing_else(post, form):
    upload = form(
        **gpano(4096, 2048, **{"GPano:PoseHeadingDegrees": 90}),
        **{
            "tiff:Make": "RICOH",
            "tiff:Model": "THETA Z1",
            "exif:GPSLatitude": "60,10.1234N",
            "exif:GPSLongitude": "24,56.789E",
            "dc:creator": "Someone Private",
        },
    )
    asset = add(post, jpeg(xmp=upload))
    xmp = stored_xmp(asset)
    assert 'GPano:ProjectionType="equirectangular"' in xmp
    assert 'GPano:FullPanoWidthPixels="4096"' in xmp
    assert 'GPano:PoseHeadingDegrees="90"' in xmp
    for gone in ("tiff", "exif", "dc:", "RICOH", "THETA", "GPS", "60,10", "Someone"):
        assert gone not in xmp
    properties = set(re.findall(r"\b([A-Za-z]+):[A-Za-z]+\s*=", xmp))
    assert properties <= {"GPano", "rdf", "xmlns"}
    assert {"GPano"} <= properties
    # The viewer's pictures, like every rendition, carry no metadata at all.
    with asset.viewer_sources[-1].file.open("rb") as stored, Image.open(stored) as big:
        assert "xmp" not in big.info


def test_a_flat_photo_with_a_two_to_one_shape_is_not_a_panorama(post, client):
    asset = add(post, jpeg(size=(4096, 2048)))
    asset.refresh_from_db()
    assert not asset.is_panorama
    assert asset.viewer_sources == []
    assert stored_xmp(asset) == ""
    assert max(source.width for source in asset.image_sources.all()) <= 2400
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'class="panorama"' not in page
    assert "panorama.js" not in page


def test_xmp_of_another_projection_is_not_a_panorama(post):
    xmp = xmp_attributes(**gpano(4096, 2048, **{"GPano:ProjectionType": "cylindrical"}))
    asset = add(post, jpeg(xmp=xmp))
    assert not asset.is_panorama
    assert stored_xmp(asset) == ""


def test_the_author_can_mark_a_picture_as_a_panorama(post, client):
    asset = add(post, jpeg(size=(4096, 2048)), projection="equirectangular")
    asset.refresh_from_db()
    assert asset.is_panorama
    assert [source.width for source in asset.viewer_sources][-1] == 4096
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'class="panorama"' in page
    assert asset.viewer_sources[-1].file.url in page


def test_viewer_sizes_go_up_to_the_source_width(post):
    asset = add(post, jpeg(xmp=xmp_attributes(**gpano(4096, 2048))))
    viewer = asset.viewer_sources
    widths = [source.width for source in viewer]
    assert widths == sorted(widths)
    assert widths[-1] == 4096
    assert {source.format for source in viewer} == {ImageFormat.JPEG}
    assert (viewer[-1].width, viewer[-1].height) == (4096, 2048)
    # The page's own sizes stop at 2400 px; the larger one is the viewer's alone.
    assert max(source.width for source in asset.picture_sources) == 2400


def test_viewer_sizes_stop_at_8192(post):
    asset = add(post, jpeg(size=(8400, 4200), xmp=xmp_attributes(**gpano(8400, 4200))))
    widths = [source.width for source in asset.viewer_sources]
    assert widths[-1] == 8192
    assert 4096 in widths
    assert all(width <= 8192 for width in widths)
    assert asset.viewer_sources[-1].height == 4096


@pytest.mark.parametrize(
    ("width", "widest"),
    [
        (2000, 2000),
        (3000, 3000),
        (4096, 4096),
        (6000, 6000),
        (8192, 8192),
        (12000, 8192),
    ],
)
def test_viewer_widths_for_each_source_width(width, widest):
    widths = source_widths(width, "equirectangular")
    assert max(widths) == widest
    assert all(size <= min(width, 8192) for size in widths)


def viewer_markup(page: str) -> str:
    match = re.search(r'<div class="panorama"[^>]*>', page)
    assert match, "no panorama on the page"
    return html.unescape(match[0])


def test_the_post_page_carries_the_viewers_data(post, client):
    asset = add(post, jpeg(xmp=xmp_elements(**gpano(4096, 2048))))
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    container = viewer_markup(page)
    sources = re.search(r'data-sources="([^"]*)"', container)[1]
    assert sources == ", ".join(
        f"{source.file.url} {source.width}w" for source in asset.viewer_sources
    )
    assert f"{asset.viewer_sources[-1].file.url} 4096w" in sources
    assert f'data-label="360° view: {ALT}. {HINT}"' in container
    assert "data-haov" not in container  # the whole sphere
    # The flat picture is inside, for browsers without JavaScript or WebGL.
    assert re.search(r'<picture>.*?<img [^>]*alt="' + ALT, page, re.S)
    assert "panorama, shown flat." in page
    # The viewer's code and styles, from this site, as files.
    assert '<script src="/static/vendor/pannellum/pannellum.js" defer>' in page
    assert '<script src="/static/js/panorama.js" defer>' in page
    assert 'href="/static/vendor/pannellum/pannellum.css"' in page
    assert 'href="/static/css/panorama.css"' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", without_structured_data(page))
    assert not re.search(r"\sstyle=", page)


def test_a_partial_panorama_gives_its_angles_of_view(post, client):
    # A 4000×1000 strip of an 8000×4000 sphere, its top 1000 px from the zenith.
    xmp = xmp_attributes(
        **gpano(
            8000,
            4000,
            **{
                "GPano:CroppedAreaImageWidthPixels": 4000,
                "GPano:CroppedAreaImageHeightPixels": 1000,
                "GPano:CroppedAreaLeftPixels": 2000,
                "GPano:CroppedAreaTopPixels": 1000,
            },
        )
    )
    asset = add(post, jpeg(size=(4000, 1000), xmp=xmp))
    assert asset.panorama_view == {"haov": 180, "vaov": 45, "vOffset": 22.5}
    container = viewer_markup(client.get(post.get_absolute_url()).content.decode())
    angles = {
        name: float(value)
        for name, value in re.findall(r'data-(haov|vaov|voffset)="([^"]*)"', container)
    }
    assert angles == {"haov": 180, "vaov": 45, "voffset": 22.5}
    assert 'CroppedAreaTopPixels="1000"' in stored_xmp(asset)


def test_the_viewers_code_is_served_from_the_npm_package():
    for name in ("pannellum.js", "pannellum.css"):
        found = finders.find(f"vendor/pannellum/{name}")
        assert found, f"vendor/pannellum/{name} missing: run `make install`"
    with open(finders.find("vendor/pannellum/pannellum.js"), encoding="utf-8") as code:
        assert code.readline().startswith("// Pannellum 2.5.7")


def test_without_the_viewers_code_the_page_still_shows_the_picture(
    post, client, settings
):
    add(post, jpeg(xmp=xmp_attributes(**gpano(4096, 2048))))
    settings.STATICFILES_DIRS = [
        entry for entry in settings.STATICFILES_DIRS if not isinstance(entry, tuple)
    ]
    assert finders.find("vendor/pannellum/pannellum.js", find_all=False) is None
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert 'alt="' + ALT in response.content.decode()


def test_the_policy_lets_the_viewer_show_its_picture_and_no_more(post, client):
    add(post, jpeg(xmp=xmp_attributes(**gpano(4096, 2048))))
    policy = client.get(post.get_absolute_url())["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:])
        for part in policy.split(";")
        if part.strip()
    )
    # pannellum shows the picture it fetched through a blob: URL of its making.
    assert "blob:" in directives["img-src"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
