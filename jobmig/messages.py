"""Finding messages that are English text and can also be said in Japanese.

Contract:

- :func:`msg` builds a :class:`Message`: a :class:`str` whose text is
  ``template.format(**values)`` (the English sentence every existing consumer
  sees: plan.json, ``--json``, the caches, comparisons), and which also keeps
  ``template`` and ``values``.
- :func:`joined` is ``separator.join(parts)`` whose parts are localized one by
  one; ``+`` on a :class:`Message` gives such a concatenation, so
  ``text += msg("; ...")`` stays translatable.
- :func:`localize` gives the text in a language: in Japanese the template is
  looked up in :data:`jobmig.messages_ja.MESSAGES_JA` and formatted with the
  same values (values that are :class:`Message` themselves are localized
  first); a plain :class:`str`, an unknown template or English gives the text
  unchanged.
- A :class:`Message` pickles as a :class:`Message` (the run cache pickles
  reports), and :meth:`Message.replace` keeps the template when the
  replacement only touches the values (paths rewritten by
  :mod:`jobmig.identity`, secrets masked by :mod:`jobmig.redact`); otherwise it
  gives the plain replaced text.

Templates use :meth:`str.format` syntax; placeholders name the values (the
Japanese entry uses the same names, a test checks it). Literal braces are
doubled in the template.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping


_PLAIN = (str, int, float, type(None))
_PLAIN_TYPES = frozenset({str, int, float, type(None), bool})


class Message(str):
    """An English finding message that remembers the template it was made from."""

    template: str
    values: Mapping[str, Any]

    def __new__(cls, template: str, values: Mapping[str, Any], text: str | None = None) -> "Message":
        self = super().__new__(cls, template.format(**values) if text is None else text)
        self.template = template
        # plain values only, so a message always pickles (an exception object may not)
        self.values = {key: _plain(value) for key, value in values.items()}
        return self

    def __reduce__(self) -> tuple[Callable[..., "Message"], tuple[str, str, dict[str, Any]]]:
        return (_rebuild, (self.template, str(self), dict(self.values)))

    def __add__(self, other: str) -> str:  # type: ignore[override]
        if not isinstance(other, str):
            return NotImplemented
        return Joined("", (*_pieces(self), *_pieces(other)))

    def __radd__(self, other: str) -> str:
        if not isinstance(other, str):
            return NotImplemented
        return Joined("", (*_pieces(other), *_pieces(self)))

    def map_values(self, change: Callable[[str], str]) -> "Message":
        """This message with ``change`` applied to every text value (nested messages too)."""
        values = {key: _map_value(value, change) for key, value in self.values.items()}
        return Message(self.template, values)

    def replace(self, old: str, new: str, count: int = -1) -> str:  # type: ignore[override]
        """:meth:`str.replace`; still a :class:`Message` when only values held ``old``."""
        plain = str.replace(self, old, new, count)
        if count != -1 or plain == self:
            return plain if plain != self else self
        changed = self.map_values(lambda value: str.replace(value, old, new))
        return changed if str(changed) == plain else plain


class Joined(Message):
    """Messages (or plain texts) joined by a separator, each part localized on its own."""

    def __new__(cls, separator: str, parts: Iterable[str]) -> "Joined":
        items = tuple(parts)
        self = str.__new__(cls, separator.join(items))
        self.template = ""
        self.values = {}
        self.separator = separator
        self.parts = items
        return self

    def __reduce__(self) -> tuple[Callable[..., "Joined"], tuple[str, tuple[str, ...]]]:  # type: ignore[override]
        return (Joined, (self.separator, self.parts))

    def map_values(self, change: Callable[[str], str]) -> "Message":
        return Joined(self.separator, (_map_value(part, change) for part in self.parts))


def _pieces(text: str) -> tuple[str, ...]:
    """The parts of a concatenation (``Joined`` with no separator), else ``text`` alone."""
    if isinstance(text, Joined) and not text.separator:
        return text.parts
    return (text,) if text else ()


def joined(separator: str, parts: Iterable[str]) -> Message:
    """``separator.join(parts)`` that stays translatable part by part."""
    return Joined(separator, parts)


def _plain(value: Any) -> Any:
    """``value`` as kept in a message: texts and numbers as they are; an error that carries
    its own :class:`Message` (``error.message``, the same text) as that message; anything
    else as its text."""
    if isinstance(value, _PLAIN):
        return value
    carried = getattr(value, "message", None)
    if isinstance(carried, Message) and carried == str(value):
        return carried
    return str(value)


def _map_value(value: Any, change: Callable[[str], str]) -> Any:
    if isinstance(value, Message):
        return value.map_values(change)
    if isinstance(value, str):
        return change(value)
    return value


def _rebuild(template: str, text: str, values: dict[str, Any]) -> Message:
    return Message(template, values, text)


def msg(template: str, /, **values: Any) -> Message:
    """The English message ``template.format(**values)``, translatable by :func:`localize`."""
    # Message.__new__ inlined: every finding of a large estate is made here
    self = str.__new__(Message, template.format(**values))
    self.template = template
    for value in values.values():
        if type(value) not in _PLAIN_TYPES:
            values = {key: _plain(value) for key, value in values.items()}
            break
    self.values = values
    return self


def localize(text: str, lang: str) -> str:
    """``text`` in ``lang`` (``ja`` or ``en``); English when no translation is known."""
    if lang != "ja" or not isinstance(text, Message):
        return text
    if isinstance(text, Joined):
        return localize(text.separator, lang).join(localize(part, lang) for part in text.parts)
    from jobmig.messages_ja import MESSAGES_JA

    japanese = MESSAGES_JA.get(text.template)
    if japanese is None:
        return text
    values = {key: localize(value, lang) if isinstance(value, Message) else value
              for key, value in text.values.items()}
    return japanese.format(**values)


def translated(text: str) -> bool:
    """Whether ``text`` is a :class:`Message` whose template, and every nested
    message's, has a Japanese entry."""
    from jobmig.messages_ja import MESSAGES_JA

    if isinstance(text, Joined):
        separator = text.separator
        return all(translated(part) for part in text.parts if part) and \
            (not isinstance(separator, Message) or translated(separator))
    if not isinstance(text, Message) or text.template not in MESSAGES_JA:
        return False
    return all(translated(value) for value in text.values.values() if isinstance(value, Message))
