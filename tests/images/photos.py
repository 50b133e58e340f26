"""Generated test photos: phone-like JPEGs (4000×3000 by default) with EXIF orientation, camera data and GPS."""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def phone_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "Netzbrief Testkamera"  # Make
    exif[0x013B] = "Erika Mustermann"  # Artist: personal data as well
    exif[GPS_IFD] = {1: "N", 2: (52.0, 31.0, 12.5), 3: "E", 4: (13.0, 24.0, 36.2)}
    return exif


def photo(seed: int, size: tuple = (4000, 3000)) -> Image.Image:
    """Soft shapes with sensor-like noise: compresses about like a real photo, never like a flat graphic."""
    rnd = random.Random(seed)
    small = Image.new("RGB", (size[0] // 4, size[1] // 4), (rnd.randrange(256), rnd.randrange(256), 120))
    draw = ImageDraw.Draw(small)
    for _ in range(120):
        x, y, r = rnd.randrange(small.width), rnd.randrange(small.height), rnd.randrange(5, small.width // 6)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rnd.randrange(256) for _ in range(3)))
    image = small.filter(ImageFilter.GaussianBlur(3)).resize(size, Image.BICUBIC)
    noise = Image.effect_noise(size, 24).convert("RGB")
    return Image.blend(image, noise, 0.12)


def write_photo(path: Path, seed: int, *, size: tuple = (4000, 3000), orientation: int = 1, quality: int = 92) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    photo(seed, size).save(path, "JPEG", quality=quality, exif=phone_exif(orientation))
    return path
