"""Defaults of the speedups plugin; override any of them in pelicanconf.py with the ``SPEEDUPS_`` prefix."""

DEFAULTS = {
    # Processes that convert Markdown when many files are new or changed (a cold build); None: one per core,
    # 1: convert in the build process only.
    "WORKERS": None,
    # Fewer files than this to convert: not worth starting a process.
    "MIN_FILES": 4,
}
