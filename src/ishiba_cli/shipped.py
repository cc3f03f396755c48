"""Files the wheel ships beside the code (``pyproject.toml``'s force-include), found where an
installed package keeps them or, in a source checkout, at the repository's root."""

from __future__ import annotations

from pathlib import Path


def shipped(*parts: str) -> Path:
    """``parts`` under the installed package (``ishiba_cli/data/timeline.yaml``), else under the
    checkout's root (``data/timeline.yaml``)."""
    here = Path(__file__).resolve().parent
    packaged = here.joinpath(*parts)
    return packaged if packaged.is_file() else here.parent.parent.joinpath(*parts)
