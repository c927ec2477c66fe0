"""Content-addressed build cache; entries appear atomically so parallel pytest workers can share it."""

import functools
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def cache_root(cache_dir: Path | None) -> Path:
    root = cache_dir or Path(os.environ.get("SAIC_FACTORY_CACHE") or REPO_ROOT / ".cache" / "factory")
    root.mkdir(parents=True, exist_ok=True)
    return root


@functools.cache
def _factory_source_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def content_key(payload: object) -> str:
    """Key of a build: its inputs plus the factory's own code, so editing the factory invalidates old builds."""
    text = json.dumps([payload, _factory_source_digest()], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def cached_directory(path: Path, fill: Callable[[Path], None]) -> Path:
    """path, filled once by fill(temporary directory) and renamed into place."""
    if path.is_dir():
        return path
    staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        fill(staging)
        staging.chmod(0o755)
        staging.rename(path)
    except OSError:
        # Another process renamed its identical build into place first.
        if not path.is_dir():
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return path


def cached_file(path: Path, content: Callable[[], bytes]) -> Path:
    if path.is_file():
        return path
    handle, staging = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content())
        os.chmod(staging, 0o644)
        os.replace(staging, path)
    finally:
        if os.path.exists(staging):
            os.unlink(staging)
    return path
