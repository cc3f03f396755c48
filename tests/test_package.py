"""The built wheel carries the timeline: installed (not editable) and run from elsewhere, it works."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT, clean_env


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    # The wheel as pip builds it without isolation: pyproject's build backend, called through its
    # PEP 517 hook in the checkout, without pip's own start-up (a second of CPU).
    backend = re.search(r'^build-backend = "(.+)"$', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)[1]
    build = subprocess.run(
        [sys.executable, "-c", f"import {backend} as backend; backend.build_wheel({str(out)!r})"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    wheel = next(out.glob("ishiba_cli-*.whl"))
    target = tmp_path_factory.mktemp("site")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--disable-pip-version-check", "-q",
         "--target", str(target), str(wheel)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    return wheel, target


def test_the_wheel_contains_the_timeline(installed):
    wheel, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    assert "ishiba_cli/data/timeline.yaml" in names
    assert "ishiba_cli/browse/browse.tcss" in names, "the browser's stylesheet ships with it"
    assert "ishiba_cli/docs/data-format.md" in names, "the format's documentation ships with it (ishiba help format)"
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_package_checks_the_bundled_timeline_from_another_folder(installed, tmp_path):
    _, target = installed
    env = clean_env(PYTHONPATH=str(target))
    where = subprocess.run(
        [sys.executable, "-c", "import ishiba_cli.load as l; print(l.__file__); print(l.bundled_path())"],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=True,
    ).stdout.splitlines()  # fmt: skip
    assert where[0].startswith(str(target)) and where[1].startswith(str(target))
    done = subprocess.run(
        [sys.executable, "-m", "ishiba_cli", "check"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "valid: " in done.stdout and "5 races" in done.stdout


def test_installed_help_format_is_the_repos_format_document(installed, tmp_path):
    _, target = installed
    done = subprocess.run(
        [sys.executable, "-m", "ishiba_cli", "help", "format"],
        capture_output=True, text=True, encoding="utf-8", env=clean_env(PYTHONPATH=str(target)), cwd=tmp_path,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
