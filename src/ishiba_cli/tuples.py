"""``named_tuple``: the project's way to declare a record type, a class whose annotated fields
(with their defaults), docstring and methods become a named tuple.

It makes what ``typing.NamedTuple`` makes (``collections.namedtuple`` with the class's methods
and annotations), without ``typing``'s check of each annotation: under ``from __future__ import
annotations`` every annotation is a string, and that check compiles each one into a
``ForwardRef``. The program declares about 40 such types, 300 fields, at every start-up: a third
of the time its own modules take to import.
"""

from __future__ import annotations

import collections
import inspect

#: what a record class may not define: the named tuple's own machinery
_RESERVED = frozenset({"__new__", "__init__", "__slots__", "__getnewargs__", "_make", "_replace", "_asdict", "_fields"})
_CLASS_ONLY = frozenset({"__dict__", "__weakref__", "__annotations__", "__qualname__"})


def named_tuple(cls: type) -> type:
    """The named tuple ``cls`` declares (decorate a plain class, as ``typing.NamedTuple`` is
    subclassed). Fields with a default come after those without, as for any named tuple."""
    annotations = inspect.get_annotations(cls)  # its own, as written (strings)
    fields = tuple(annotations)
    defaults = []
    for name in fields:
        if name in cls.__dict__:
            defaults.append(cls.__dict__[name])
        elif defaults:
            raise TypeError(f"{cls.__name__}: field {name!r} without a default follows one with a default")
    reserved = _RESERVED.intersection(cls.__dict__)
    if reserved:
        raise AttributeError(f"{cls.__name__} cannot define {', '.join(sorted(reserved))}: the named tuple has its own")
    made = collections.namedtuple(cls.__name__, fields, defaults=defaults, module=cls.__module__)
    for key, value in cls.__dict__.items():
        if key not in _CLASS_ONLY and key not in annotations:
            setattr(made, key, value)
    made.__annotations__ = dict(annotations)
    made.__qualname__ = cls.__qualname__
    return made
