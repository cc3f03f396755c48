"""``named_tuple``: the way the program declares its record types."""

from __future__ import annotations

import pickle

import pytest

from ishiba_cli.model import Event, Section
from ishiba_cli.tuples import named_tuple


@named_tuple
class Point:
    """A point on a line."""

    x: int
    label: str = "unnamed"
    tags: tuple[str, ...] = ()

    def shifted(self, by: int) -> Point:
        return self._replace(x=self.x + by)

    @property
    def named(self) -> bool:
        return self.label != "unnamed"


def test_a_declared_record_is_a_named_tuple_with_its_defaults_methods_and_annotations():
    p = Point(3)
    assert p == (3, "unnamed", ()) and isinstance(p, tuple)
    assert Point._fields == ("x", "label", "tags") and Point._field_defaults == {"label": "unnamed", "tags": ()}
    assert p.shifted(2) == Point(5) and not p.named and Point(1, "a").named
    assert Point.__doc__ == "A point on a line." and Point.__annotations__["tags"] == "tuple[str, ...]"
    assert repr(Point(1, "a")) == "Point(x=1, label='a', tags=())"
    with pytest.raises(AttributeError):
        p.x = 4  # immutable, as a tuple is


def test_the_programs_records_pickle_and_compare_as_tuples():
    section = Section("events", "event", "Events", Event, dated=True, chronological=True)
    assert pickle.loads(pickle.dumps(section)) == section and section.noun(2) == "events"
    assert Section.__module__ == "ishiba_cli.model" and Section.__qualname__ == "Section"


def test_a_field_without_a_default_after_one_with_a_default_is_refused():
    with pytest.raises(TypeError, match="'y' without a default follows one with a default"):

        @named_tuple
        class Bad:
            x: int = 0
            y: int


def test_the_tuples_own_machinery_cannot_be_redefined():
    with pytest.raises(AttributeError, match="cannot define _replace"):

        @named_tuple
        class Bad:
            x: int

            def _replace(self, **kw):
                return self
