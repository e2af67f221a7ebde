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

# A part averages 5 KB of HTML (a whole section up to 20 KB): 2,000 of them are some 10-20 MB per
# worker, about what its 300 kept pages and PDFs ("local" cache) take.
MAX_ENTRIES = 2000

_kept: OrderedDict[Hashable, str] = OrderedDict()
_lock = threading.Lock()
# How each type is turned into a key (fingerprint), found once per type: a map's parts are a
# few thousand values of a dozen types, and the key is made for every part of every map.
_AS_IS, _SEQUENCE, _FIELDS, _READS = range(4)
_kinds: dict[type, tuple[int, tuple[str, ...]]] = {}


def _kind(value: object) -> tuple[int, tuple[str, ...]]:
    kind = type(value)
    if kind not in _kinds:
        if isinstance(value, Reads):
            _kinds[kind] = (_READS, ())
        elif isinstance(value, list | tuple):
            _kinds[kind] = (_SEQUENCE, ())
        elif dataclasses.is_dataclass(value) and not _hashable(value):
            _kinds[kind] = (_FIELDS, tuple(f.name for f in dataclasses.fields(value)))
        else:  # str, int, date, None, a frozen dataclass of such: compared as it is
            _kinds[kind] = (_AS_IS, ())
    return _kinds[kind]


def _hashable(value: object) -> bool:
    """Whether every instance of this dataclass hashes by its fields: frozen, and no field that
    can hold a list or a dict (this instance's None there would hash, the next one's list not)."""
    fields = dataclasses.fields(value)  # type: ignore[arg-type]
    if any("list" in str(f.type) or "dict" in str(f.type) for f in fields):
        return False
    try:
        hash(value)
    except TypeError:
        return False
    return True


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
    kind, names = _kind(value)
    if kind == _AS_IS:
        return value  # type: ignore[return-value]  # hashed and compared by its own fields
    if kind == _SEQUENCE:
        return tuple(fingerprint(item) for item in value)  # type: ignore[attr-defined]
    if kind == _FIELDS:
        return (type(value), tuple(fingerprint(getattr(value, name)) for name in names))
    return value.key()  # type: ignore[attr-defined]  # Reads


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
