"""Written files (export --output, timeline --svg, init): the mode other tools give a new file,
atomically; ``-`` as the file name is standard output."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT, clean_env, run_cli
from ishiba_cli.files import current_umask, new_file_mode, write_atomic


@pytest.fixture
def umask():
    """Set the process umask for one test, and put the old one back."""
    old = os.umask(0o022)
    os.umask(old)
    yield lambda mask: os.umask(mask)
    os.umask(old)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- functions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600), (0o027, 0o640)])
def test_a_new_file_gets_0666_less_the_umask(mask, mode):
    assert new_file_mode(mask) == mode


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o077, 0o002])
def test_the_umask_is_read_without_being_changed(umask, mask):
    umask(mask)
    assert current_umask() == mask
    assert current_umask() == mask, "reading it twice gives the same answer: nothing was changed"
    assert new_file_mode() == 0o666 & ~mask


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_write_atomic_gives_the_umask_mode_not_0600(tmp_path, umask, mask, mode):
    umask(mask)
    written = write_atomic(tmp_path / "out.md", "text\n")
    assert mode_of(written) == mode
    assert written.read_text(encoding="utf-8") == "text\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"], "no temporary file left"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_replacing_a_file_keeps_its_own_mode(tmp_path, umask):
    umask(0o022)
    target = tmp_path / "shared.svg"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o664)
    write_atomic(target, "new", force=True)
    assert mode_of(target) == 0o664 and target.read_text(encoding="utf-8") == "new"


# --- the CLI: every kind of written file in-process, the shell's umask through a process -------

WRITES = {"notes.md": ["export", "-o", "notes.md"], "t.svg": ["timeline", "--svg", "t.svg"],
          "starter.yaml": ["init", "starter.yaml"]}  # fmt: skip


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640)], ids=["022", "027"])
def test_exported_svg_and_starter_files_get_the_umask_mode(tmp_path, umask, mask, mode):
    umask(mask)
    for name, args in WRITES.items():
        done = run_cli(*args, cwd=tmp_path)
        assert done.returncode == 0, (args, done.stderr)
        assert mode_of(tmp_path / name) == mode, name


def run_sh(script: str, cwd: Path):
    """Run a shell script in which ``$ISHIBA`` runs the program (as ``ishiba`` would)."""
    env = clean_env(PY=sys.executable, PYTHONPATH=str(ROOT / "src"))
    script = 'ishiba() { "$PY" -m ishiba_cli "$@"; }; ISHIBA=ishiba; ' + script
    return subprocess.run(["sh", "-c", script], capture_output=True, cwd=cwd, env=env, timeout=120, check=False)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_written_file_gets_the_mode_of_the_umask_set_in_the_shell(tmp_path):
    """As processes: the umask the shell sets before each run is the one its file gets (every
    kind of written file is checked under both masks in-process above)."""
    done = run_sh("umask 022 && $ISHIBA export -o notes.md && umask 027 && $ISHIBA init starter.yaml", tmp_path)
    assert done.returncode == 0, done.stderr
    assert (mode_of(tmp_path / "notes.md"), mode_of(tmp_path / "starter.yaml")) == (0o644, 0o640)


# --- "-" as a file name: in-process (nothing here depends on the process) ---------------------


def test_svg_dash_prints_only_the_svg_to_stdout(tmp_path):
    done = run_cli("timeline", "--svg", "-", "--year", "2024", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    root = ET.fromstring(done.stdout)  # the whole output is one SVG document, no terminal picture
    assert root.tag.endswith("svg")
    assert list(tmp_path.iterdir()) == [], "no file named '-'"
    assert "wrote" not in done.stderr


def test_output_dash_is_stdout(tmp_path):
    done = run_cli("export", "-f", "csv", "-o", "-", "--year", "2004", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("id,date,title") and "defense-agency-chief" in done.stdout
    assert list(tmp_path.iterdir()) == [], "no file named '-'"
    same = run_cli("export", "-f", "csv", "--year", "2004", cwd=tmp_path)
    assert same.stdout == done.stdout


def test_a_file_named_dash_can_still_be_written_as_dot_slash_dash(tmp_path):
    done = run_cli("export", "-f", "csv", "-o", "./-", "--year", "2004", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "-").read_bytes().startswith(b"id,date,title") and done.stdout == ""
