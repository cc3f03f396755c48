"""Help topics: longer texts than a command's ``--help``, printed by ``ishiba help TOPIC``.

The format's documentation is the repo's ``docs/data-format.md``, installed with the package
(the wheel carries it as ``ishiba_cli/docs/data-format.md``; a source checkout reads it from
``docs/``), so a user who installed the tool can read the format without the repository.
"""

from __future__ import annotations

from pathlib import Path

from .errors import UsageError
from .tuples import named_tuple


@named_tuple
class Topic:
    name: str
    summary: str


TOPICS = (
    Topic("format", "the timeline file format: every section, field and rule (docs/data-format.md)"),
    Topic("search", "how search words, phrases, Japanese text and the glossary match"),
    Topic("dates", "partial dates, periods and how filters compare them"),
    Topic("exit", "the exit statuses and what each means"),
)


def format_doc_path() -> Path:
    """The installed copy of the format's documentation, or the checkout's ``docs/`` file."""
    from .shipped import shipped

    return shipped("docs", "data-format.md")


def topic_names() -> list[str]:
    return [t.name for t in TOPICS]


def find(name: str) -> Topic:
    wanted = name.strip().lower()
    for topic in TOPICS:
        if topic.name == wanted:
            return topic
    raise UsageError(f"no help topic {name!r}; the topics are: {', '.join(topic_names())}")
