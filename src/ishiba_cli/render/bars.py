"""Bars drawn with block characters, shared by the summary and the timeline picture."""

from __future__ import annotations

_EIGHTHS = " ▏▎▍▌▋▊▉"
_LEVELS = " ▁▂▃▄▅▆▇█"


def eighths(value: float, most: float, cells: int) -> int:
    """``value`` on a scale where ``most`` fills ``cells`` cells, in eighths of a cell."""
    if most <= 0 or cells <= 0 or value <= 0:
        return 0
    return max(1, round(value / most * cells * 8))


def bar(value: float, most: float, width: int) -> str:
    """A horizontal bar ``width`` cells long at ``most``; eighths of a cell for the remainder."""
    n = eighths(value, most, width)
    full, rest = divmod(n, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


def spark(counts: list[int]) -> str:
    """One cell per count, its height in eighths of the largest (the same scale as :func:`bar`)."""
    most = max(counts, default=0)
    return "".join(_LEVELS[min(8, eighths(n, most, 1))] for n in counts)
