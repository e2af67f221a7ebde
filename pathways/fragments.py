"""Parts of a map page rendered once per worker and kept under exactly what they are made of.

A map for a situation nobody asked before is rendered whole (pathways.pagecache keeps it only for
the next visitor with the same answers), yet most of it is the same as on other maps: the same
source lists, guidance texts and responsibility table, shown for many answer sets. So a partial
rendered from a few values ({% kept %}, pathways.templatetags.map_tags) is kept under the
template's name, the language and those values themselves, compared field by field: a different
text, source or review date is a different key, so an edit shows at once without a data version
in the key, and two situations that show the same texts share one rendering. The partial sees
nothing but the values it is given (no request, no page), so nothing else can make two
renderings with one key differ, and no patient link's token can reach a key.

Kept in this process's memory, at most MAX_ENTRIES (the least recently used dropped): nothing to
go down, and a missing entry is only rendered again.
"""

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

MAX_ENTRIES = 4000

_kept: OrderedDict[Hashable, str] = OrderedDict()
_lock = threading.Lock()
# Per dataclass: whether its instances can be compared as they are (frozen, no list fields).
_hashable: dict[type, bool] = {}


def _is_hashable(value: object) -> bool:
    kind = type(value)
    if kind not in _hashable:
        try:
            hash(value)
        except TypeError:
            _hashable[kind] = False
        else:
            _hashable[kind] = True
    return _hashable[kind]


class Reads:
    """The few attributes of a larger value (the page, the map) that a kept partial may read, and
    nothing else: reading another one stops the render (NotKept), so a partial that comes to
    read more cannot be kept under too small a key and shown to the wrong map."""

    def __init__(self, name: str, **attributes: object) -> None:
        self._name, self._attributes = name, attributes

    def __getattr__(self, attribute: str) -> object:
        if attribute.startswith("_"):
            raise AttributeError(attribute)
        try:
            return self._attributes[attribute]
        except KeyError:
            raise NotKept(
                f"{self._name}.{attribute} is read but not in the kept part's key"
            ) from None

    def key(self) -> Hashable:
        return (self._name, fingerprint(sorted(self._attributes.items())))


class NotKept(Exception):
    """Not an AttributeError: Django's templates would render it as an empty string."""


def fingerprint(value: object) -> Hashable:
    """A key equal for two values exactly when every field of them is equal."""
    if isinstance(value, Reads):
        return value.key()
    if isinstance(value, list | tuple):
        return tuple(fingerprint(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if _is_hashable(value):
            return value  # type: ignore[return-value]  # a frozen dataclass: hashed by its fields
        return (
            type(value),
            tuple(fingerprint(getattr(value, f.name)) for f in dataclasses.fields(value)),
        )
    return value  # type: ignore[return-value]  # str, int, date, None, …


def kept(key: Hashable, render: Callable[[], str]) -> str:
    with _lock:
        html = _kept.get(key)
        if html is not None:
            _kept.move_to_end(key)
            return html
    html = render()
    with _lock:
        _kept[key] = html
        if len(_kept) > MAX_ENTRIES:
            _kept.popitem(last=False)
    return html


def clear() -> None:
    with _lock:
        _kept.clear()
