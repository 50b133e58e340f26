"""The image pipeline end to end: what reaches the output, and that warm rebuilds do no image work."""

from __future__ import annotations

import io
import re
import shutil

import lxml.html
from PIL import Image

from tests.conftest import run_build
from tests.images.conftest import small_content
from tests.images.icc import swapped_profile
from tests.images.photos import GPS_IFD
from tests.images.site import REPORT_URL

RASTER = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif")
SITEURL = "http://127.0.0.1:8000"


def published_images(out):
    return [p for p in sorted(out.rglob("*")) if p.suffix.lower() in RASTER]


def local(out, url: str):
    assert url.startswith(SITEURL + "/"), url
    return out / url[len(SITEURL) + 1:]


def encoded() -> int:
    from images import LAST_RUN

    return LAST_RUN["encoded"]


def test_no_gps_or_other_exif_in_any_published_image(image_site):
    images = published_images(image_site.out)
    assert len(images) >= 17  # 3 photos × (4 WebP + JPEG) + e-mail and social JPEGs of the lead photo
    for path in images:
        with Image.open(path) as image:
            exif = image.getexif()
            assert not exif.get_ifd(GPS_IFD), f"{path.name} carries GPS data"
            assert len(exif) == 0, f"{path.name} carries EXIF tags {dict(exif)}"
            assert "icc_profile" not in image.info and "xmp" not in image.info, path.name


def test_originals_are_not_published(image_site):
    names = [p.name for p in published_images(image_site.out)]
    assert not [n for n in names if not re.search(r"\.[0-9a-f]{12}\.\w+$", n)], "an unhashed image was published"
    assert not (image_site.out / "images" / "werkstatt" / "halle.jpg").exists()


def test_every_raster_img_has_srcset(image_site):
    pages = sorted(image_site.out.rglob("*.html"))
    seen = 0
    for page in pages:
        for img in lxml.html.parse(str(page)).getroot().iter("img"):
            if img.get("src", "").lower().endswith(RASTER):
                seen += 1
                assert img.get("srcset") and img.get("sizes"), f"{page}: {lxml.html.tostring(img)[:120]}"
                assert img.get("width") and img.get("height"), f"{page}: no size on {img.get('src')}"
    assert seen >= 8  # report page (lead, inline, gallery), home and listing teasers


def test_lead_image_loads_first_and_the_rest_lazily(image_site):
    page = lxml.html.parse(str(image_site.out / REPORT_URL.strip("/") / "index.html")).getroot()
    lead = page.cssselect(".entry-image img")[0]
    assert lead.get("fetchpriority") == "high" and lead.get("loading") is None
    rest = page.cssselect(".entry-content img")
    assert len(rest) == 4 and all(img.get("loading") == "lazy" and img.get("decoding") == "async" for img in rest)
    assert page.cssselect(".entry-image figcaption .credit")[0].text == "Foto: Jana Roth"


def test_orientation_is_applied(image_site):
    # muffe.jpg is stored 4000×3000 with EXIF orientation 6 (turn 90° clockwise): a portrait photo.
    largest = next((image_site.out / "images" / "werkstatt").glob("muffe-1600.*.webp"))
    with Image.open(largest) as image:
        assert image.size == (1600, 2133)


def test_orientation_turns_the_pixels(tmp_path):
    from images.encode import make

    source = Image.new("RGB", (1000, 600), (0, 0, 255))
    source.paste((255, 0, 0), (0, 0, 500, 300))  # stored: red top-left quarter
    exif = Image.Exif()
    exif[0x0112] = 6
    source.save(tmp_path / "o.jpg", quality=95, exif=exif)
    spec = {"fmt": "png", "width": 300, "height": 500, "quality": 0, "box": None, "cache_name": "o.png",
            "source_width": 600}
    assert make(str(tmp_path / "o.jpg"), [spec], str(tmp_path)) == 1
    with Image.open(tmp_path / "o.png") as out:
        assert out.size == (300, 500)
        red, _g, blue = out.getpixel((270, 30))  # turned clockwise: the red quarter is now top right
        assert red > 200 and blue < 60


def test_colour_profile_is_converted_to_srgb(tmp_path):
    from images.encode import make

    Image.new("RGB", (800, 600), (255, 0, 0)).save(tmp_path / "p.jpg", quality=95, icc_profile=swapped_profile())
    spec = {"fmt": "webp", "width": 480, "height": 360, "quality": 90, "box": None, "cache_name": "p.webp",
            "source_width": 800}
    make(str(tmp_path / "p.jpg"), [spec], str(tmp_path))
    with Image.open(tmp_path / "p.webp") as out:
        red, _green, blue = out.convert("RGB").getpixel((100, 100))
        assert blue > 200 and red < 60, "the embedded profile says: this red is sRGB blue"
        assert "icc_profile" not in out.info


def test_email_image_is_a_small_1200px_jpeg(image_site):
    html = (image_site.newsletter / "2026-11" / "email.html").read_text(encoding="utf-8")
    urls = re.findall(r'src="(http://127\.0\.0\.1:8000/images/werkstatt/[^"]+)"', html)
    assert {url.rsplit("/", 1)[1].split("-")[0] for url in urls} == {"halle", "gruppe"}  # teaser, editorial
    for url in urls:
        path = local(image_site.out, url)
        assert path.stat().st_size <= 200 * 1024
        with Image.open(path) as image:
            assert image.format == "JPEG" and image.width == 1200


def test_social_preview_is_a_1200x630_crop(image_site):
    page = lxml.html.parse(str(image_site.out / REPORT_URL.strip("/") / "index.html")).getroot()
    meta = {m.get("property") or m.get("name"): m.get("content") for m in page.iter("meta")}
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["twitter:image"] == meta["og:image"]
    with Image.open(local(image_site.out, meta["og:image"])) as image:
        assert image.size == (1200, 630) and image.format == "JPEG"


def test_feed_enclosure_is_the_jpeg_with_its_length(image_site):
    rss = (image_site.out / "feeds" / "alle.rss.xml").read_text(encoding="utf-8")
    url, length, kind = re.search(r'<enclosure url="([^"]*werkstatt[^"]*)" length="(\d+)" type="([^"]+)"', rss).groups()
    assert kind == "image/jpeg" and int(length) == local(image_site.out, url).stat().st_size


def test_warm_rebuild_does_no_image_work_and_is_deterministic(tmp_path, photos):
    content = small_content(tmp_path, photos)
    first = tmp_path / "a" / "output"
    assert run_build(content, first, IMAGES_CACHE_PATH=str(tmp_path / "cache")) == 0
    made = encoded()
    assert made == 5  # 4 WebP widths + the JPEG fallback
    assert run_build(content, first, IMAGES_CACHE_PATH=str(tmp_path / "cache")) == 0
    assert encoded() == 0, "a rebuild with unchanged images encoded again"
    assert len(published_images(first)) == made
    other = tmp_path / "b" / "output"  # a cold build elsewhere: same names, same bytes
    assert run_build(content, other, IMAGES_CACHE_PATH=str(tmp_path / "other-cache")) == 0
    assert encoded() == made
    assert {p.name: p.read_bytes() for p in published_images(first)} == \
        {p.name: p.read_bytes() for p in published_images(other)}


def test_changed_photo_gets_new_names_on_a_reused_page(tmp_path, photos):
    content = small_content(tmp_path, photos)
    out = tmp_path / "site" / "output"
    assert run_build(content, out) == 0
    page = out / "fachbeitraege" / "bilder-im-fachbeitrag" / "index.html"
    before = page.read_text(encoding="utf-8")
    shutil.copyfile(photos / "gruppe.jpg", content / "images" / "halle.jpg")  # same name, new photo
    assert run_build(content, out) == 0
    assert encoded() == 5
    after = page.read_text(encoding="utf-8")
    assert after != before, "the page kept the old photo's derivative names"
    for name in re.findall(r"images/(halle-[^ \"]+)", after):
        assert (out / "images" / name).is_file(), name


def test_png_with_transparency_keeps_it(tmp_path):
    from images.encode import make

    image = Image.new("RGBA", (600, 400), (0, 128, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    (tmp_path / "t.png").write_bytes(buffer.getvalue())
    spec = {"fmt": "webp", "width": 480, "height": 320, "quality": 75, "box": None, "cache_name": "t.webp",
            "source_width": 600}
    make(str(tmp_path / "t.png"), [spec], str(tmp_path))
    with Image.open(tmp_path / "t.webp") as out:
        assert out.mode == "RGBA" and out.getpixel((10, 10))[3] == 0


def test_publisher_marks_derivatives_immutable(image_site):
    from delivery.publish.headers import resolve
    from delivery.publish.settings import DEFAULT_HEADER_RULES, IMMUTABLE

    for path in published_images(image_site.out):
        rel = path.relative_to(image_site.out).as_posix()
        headers, _gzip = resolve(rel, path, DEFAULT_HEADER_RULES, False)
        assert headers.cache_control == IMMUTABLE, rel
        assert headers.content_type.startswith("image/"), rel


def test_cmyk_jpeg_is_not_mistaken_for_transparency(tmp_path):
    """Four channels in a JPEG are C, M, Y and K (print agencies deliver those), never alpha: the fallback is a JPEG."""
    from images.originals import Originals

    Image.new("CMYK", (900, 600), (0, 50, 100, 0)).save(tmp_path / "druck.jpg", "JPEG")
    Image.new("LA", (900, 600), (90, 0)).save(tmp_path / "maske.png")
    originals = Originals(tmp_path / "cache")
    assert originals.get(tmp_path / "druck.jpg", "images/druck.jpg").fallback == "jpeg"
    assert originals.get(tmp_path / "maske.png", "images/maske.png").fallback == "png"
