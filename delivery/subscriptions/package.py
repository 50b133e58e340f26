"""`invoke subscriptions.package`: the Lambda zip of the endpoint (handler `delivery.subscriptions.aws_lambda.handler`).

Contents: the `delivery` package (Python files only), the endpoint's page templates from the production build
(`abo/vorlagen/`), `settings.json` (the MAILING_*/SUBSCRIPTIONS_* settings, SITEURL and SITENAME from
publishconf.py: settings only, never a secret) and the dependencies. boto3 is not packed: the Lambda Python
runtime provides it. Dependencies come from
- "pip" (default): `pip install --target` for the Lambda platform (CPython 3.11, manylinux2014, x86_64 or
  aarch64), at the versions installed here (pinned in requirements.txt); needs PyPI, or `wheels` (a folder of
  wheels for an offline build);
- "venv": the files of the distributions installed in this environment (only right if this machine matches the
  Lambda platform; the tests use it to run the zip's handler here).
The zip is reproducible: sorted entries, fixed timestamps and permissions.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

from . import paths

# What `delivery.subscriptions.aws_lambda` imports, with every requirement of those (Requires-Dist), spelled out:
# the test that runs the zip's handler without site-packages fails if one is missing. boto3 and its requirements
# are not here: the Lambda runtime provides them.
DISTRIBUTIONS = ("werkzeug", "markupsafe", "jinja2", "itsdangerous", "apig-wsgi", "email-validator", "dnspython",
                 "idna", "cryptography", "cffi", "pycparser", "rich", "markdown-it-py", "mdurl", "pygments")
SETTINGS_KEYS = ("SITEURL", "SITENAME")
ARCHITECTURES = {"x86_64": "manylinux2014_x86_64", "arm64": "manylinux2014_aarch64"}
FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def distributions(names=DISTRIBUTIONS) -> dict[str, metadata.Distribution]:
    """The installed distributions the endpoint needs (their versions are the ones pinned in requirements.txt)."""
    return {name: metadata.distribution(name) for name in names}


def settings_json(conf: dict) -> str:
    keep = {k: v for k, v in conf.items() if k.startswith(("MAILING_", "SUBSCRIPTIONS_")) or k in SETTINGS_KEYS}
    keep["SUBSCRIPTIONS_TEMPLATES"] = paths.TEMPLATE_DIR
    return json.dumps(keep, ensure_ascii=False, indent=1, sort_keys=True, default=list) + "\n"


def _copy_venv(target: Path, dists: dict[str, metadata.Distribution]) -> None:
    for dist in dists.values():
        for file in dist.files or []:
            source = Path(dist.locate_file(file))
            if ".." in file.parts or "__pycache__" in file.parts or source.suffix == ".pyc" or not source.is_file():
                continue
            destination = target / file
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)


def _pip(target: Path, dists: dict[str, metadata.Distribution], architecture: str, wheels: Path | None) -> None:
    pins = [f"{dist.metadata['Name']}=={dist.version}" for dist in dists.values()]
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
               "--implementation", "cp", "--python-version", "3.11", "--only-binary=:all:",
               "--platform", ARCHITECTURES[architecture], *pins]
    if wheels:
        command[5:5] = ["--no-index", "--find-links", str(wheels)]
    subprocess.run(command, check=True)


def _zip(folder: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), FIXED_TIME)
            info.external_attr = (0o755 if path.suffix == ".so" else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=1 if path.suffix == ".so" else 6)
    partial.replace(target)


def build_package(root: Path, conf: dict, output: Path, target: Path, *, deps: str = "pip",
                  architecture: str = "x86_64", wheels: Path | None = None) -> Path:
    """Write the zip to `target` from the built site in `output` and the (production) Pelican settings `conf`."""
    templates = output / paths.TEMPLATE_DIR
    missing = [name for name in paths.TEMPLATES if not (templates / name).is_file()]
    if missing:
        raise FileNotFoundError(f"{templates}/ lacks {', '.join(missing)}: build the site first")
    with tempfile.TemporaryDirectory(prefix="netzbrief-lambda-") as tmp:
        staging = Path(tmp)
        for source in sorted((root / "delivery").rglob("*.py")):
            if "__pycache__" not in source.parts:
                destination = staging / source.relative_to(root)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, destination)
        shutil.copytree(templates, staging / paths.TEMPLATE_DIR)
        (staging / "settings.json").write_text(settings_json(conf), encoding="utf-8")
        dists = distributions()
        if deps == "venv":
            _copy_venv(staging, dists)
        else:
            _pip(staging, dists, architecture, wheels)
        _zip(staging, target)
    return target
