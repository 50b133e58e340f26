"""Defaults of the images plugin; override any of them in pelicanconf.py with the ``IMAGES_`` prefix."""

DEFAULTS = {
    # Widths (px) of the responsive derivatives; an original is never scaled up (narrower ones get their own width).
    "WIDTHS": (480, 800, 1200, 1600),
    # Modern formats, best first: each gets every width. "webp" alone keeps the markup a single <img>; adding
    # "avif" in front wraps it in a <picture> (about twice the encoding time, see bench/images.py).
    "FORMATS": ("webp",),
    # Encoder quality (0–100) per format; the fallback is JPEG, or PNG for PNG/GIF originals and transparency.
    "QUALITY": {"webp": 75, "avif": 55, "jpeg": 80},
    # The e-mail image: a JPEG this wide (2× the 600 px newsletter layout), by absolute URL.
    "EMAIL_WIDTH": 1200,
    # OpenGraph/Twitter preview: a JPEG crop of this size around the focal point (front matter image_focus).
    "SOCIAL_SIZE": (1200, 630),
    # Width of the fallback <img src> (browsers without srcset) and of the large gallery view.
    "FALLBACK_WIDTH": 800,
    "LARGE_WIDTH": 1600,
    # `sizes` per use: the rendered width of the image in the theme's layout (theme/static/css/site.css).
    "SIZES": {
        "lead": "(min-width: 45rem) 41rem, calc(100vw - 2rem)",
        "inline": "(min-width: 45rem) 41rem, calc(100vw - 2rem)",
        "teaser": "(min-width: 76rem) 23rem, (min-width: 40rem) 45vw, calc(100vw - 2rem)",
        "teaser_lead": "(min-width: 76rem) 43rem, (min-width: 48rem) 58vw, calc(100vw - 2rem)",
        "gallery": "(min-width: 45rem) 13rem, calc(50vw - 1.5rem)",
    },
    # Folder below OUTPUT_PATH for all derivatives (names carry a content hash: cacheable forever).
    "OUTPUT_DIR": "images",
    # Cache of derivatives, reused across builds; relative paths are anchored to the project folder.
    "CACHE_PATH": ".cache/images",
    # Worker processes for encoding; None: one per core.
    "WORKERS": None,
    # `invoke check` limits: originals larger than this are refused (bytes).
    "MAX_BYTES": 15 * 1024 * 1024,
}

#: Raster formats the pipeline reads. Their originals are never published, only their derivatives.
RASTER = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".tif", ".tiff")
#: Bumped whenever the pipeline's output for the same input and settings changes (it is part of every name).
PIPELINE_VERSION = "1"
