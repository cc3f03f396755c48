"""Bars drawn with block characters; shared by the summary and the timeline picture."""

from __future__ import annotations

_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: float, most: float, width: int) -> str:
    """A horizontal bar ``width`` cells long at ``most``; eighths of a cell for the remainder."""
    if most <= 0 or width <= 0 or value <= 0:
        return ""
    cells = value / most * width
    full = int(cells)
    rest = int((cells - full) * 8)
    text = "█" * full + (_EIGHTHS[rest] if rest and full < width else "")
    return text or "▏"
