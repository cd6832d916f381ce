"""The wheel a user installs holds every package and data file the source tree runs with."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import pytest

from .conftest import REPO

TOP_LEVEL = ("kg", "extractors", "queries")


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> set[str]:
    # A clean copy of the sources: an in-tree build reuses build/lib, which can hold packages the
    # project's configuration no longer ships.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    for top in TOP_LEVEL:
        shutil.copytree(REPO / top, source / top, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(out), str(source)], check=True, capture_output=True, text=True)
    (wheel,) = out.glob("paperkg-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def source_packages() -> list[str]:
    return sorted(str(init.parent.relative_to(REPO)) for top in TOP_LEVEL
                  for init in (REPO / top).rglob("__init__.py"))


def test_packaging_wheel_holds_every_package(wheel_names):
    missing = [package for package in source_packages() if f"{package}/__init__.py" not in wheel_names]
    assert missing == []


@pytest.mark.parametrize("pattern", ["queries/sparql/*.rq", "queries/cypher/*.cypher", "kg/shapes/*.ttl",
                                     "kg/viz/assets/*", "kg/core/taxonomy/*.jsonl",
                                     "kg/core/taxonomy/licenses/*", "kg/core/taxonomy/*.md", "extractors/patterns/*.jsonl",
                                     "extractors/models/**/*"])
def test_packaging_wheel_holds_the_data_files(wheel_names, pattern):
    files = sorted(str(path.relative_to(REPO)) for path in REPO.glob(pattern) if path.is_file())
    assert files, pattern
    assert [name for name in files if name not in wheel_names] == []
