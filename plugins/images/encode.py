"""Make derivatives with Pillow (runs in worker processes): decode once, orient, convert to sRGB, strip metadata.

Nothing of the original's metadata reaches a derivative: no EXIF (GPS, camera, owner), no XMP, no comments, no
ICC profile (pixels are converted to sRGB, which browsers assume without one).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

SRGB = ImageCms.createProfile("sRGB")
SAVE = {
    "webp": lambda q: {"format": "WEBP", "quality": q, "method": 4},
    "avif": lambda q: {"format": "AVIF", "quality": q, "speed": 8, "max_threads": 1},
    "jpeg": lambda q: {"format": "JPEG", "quality": q, "optimize": True, "progressive": True, "subsampling": "4:2:0"},
    "png": lambda q: {"format": "PNG", "optimize": True},
}


def _to_srgb(image: Image.Image) -> Image.Image:
    """Pixels in sRGB (RGB or RGBA), whatever the original's mode and embedded colour profile."""
    profile = image.info.get("icc_profile")
    alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        if image.mode == "RGBA":
            rgb = ImageCms.profileToProfile(image.convert("RGB"), source, SRGB, outputMode="RGB")
            rgb.putalpha(image.getchannel("A"))
            return rgb
        return ImageCms.profileToProfile(image, source, SRGB, outputMode="RGB")
    return image.convert("RGBA" if alpha else "RGB")


def load(path: str, scale: float) -> Image.Image:
    """Decode (JPEG: already scaled down by the decoder where ``scale`` allows), orient, sRGB."""
    image = Image.open(path)
    image.seek(0)
    if image.format == "JPEG" and scale < 1:  # DCT scaling: decoding a quarter of the pixels is far faster
        image.draft(image.mode, (int(image.width * scale) + 1, int(image.height * scale) + 1))
    image = ImageOps.exif_transpose(image)
    return _to_srgb(image)


def render(base: Image.Image, scale: float, spec: dict) -> bytes:
    """One derivative as bytes; ``base`` is the oriented original decoded at ``scale`` of its displayed size."""
    box = spec["box"] or (0, 0, base.width / scale, base.height / scale)
    box = tuple(min(v * scale, limit) for v, limit in zip(box, (base.width, base.height) * 2))
    image = base.resize((spec["width"], spec["height"]), Image.LANCZOS, box=box, reducing_gap=3.0)
    if spec["fmt"] == "jpeg" and image.mode == "RGBA":
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    image.info = {}  # no metadata of any kind
    buffer = io.BytesIO()
    image.save(buffer, **SAVE[spec["fmt"]](spec["quality"]))
    return buffer.getvalue()


def make(path: str, specs: list[dict], cache: str) -> int:
    """Write every derivative of one original into the cache (atomically); returns how many were encoded."""
    needed = max(max(s["width"] / ((s["box"][2] - s["box"][0]) if s["box"] else s["source_width"]), 0.0)
                 for s in specs)
    base = load(path, min(1.0, needed))
    scale = base.width / specs[0]["source_width"]
    for spec in specs:
        target = Path(cache) / spec["cache_name"]
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        temporary.write_bytes(render(base, scale, spec))
        os.replace(temporary, target)
    return len(specs)
