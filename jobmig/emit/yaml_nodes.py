"""A quicker way for PyYAML's safe dumpers to build the node graph of plain data.

:class:`QuickNodes` is mixed into a ``SafeDumper``/``CSafeDumper`` subclass that
never emits aliases. For a ``dict`` with only ``str`` keys, a ``list``, a ``str``,
an ``int``, a ``bool`` or ``None`` it builds the nodes that
``SafeRepresenter.represent_data`` builds (same tags, values, styles and order),
without its per-value alias bookkeeping and method lookups; anything else goes
to PyYAML's own representer. It also remembers, for one dump, which implicit tag
each scalar text resolves to (a template repeats a few hundred keys and values
thousands of times). The text written is the same; tests compare both paths.
"""
from __future__ import annotations

from typing import Any

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class QuickNodes:
    """Mixin for a no-alias safe dumper (``ignore_aliases`` always true).

    Used only when the dumper was created with ``default_style=None``,
    ``default_flow_style=False`` and ``sort_keys=True`` (what the emitters
    pass); otherwise every value goes to the base representer.
    """

    def represent_data(self, data: Any) -> Any:
        if (self.default_style is not None or self.default_flow_style is not False  # type: ignore[attr-defined]
                or not self.sort_keys):  # type: ignore[attr-defined]
            return super().represent_data(data)  # type: ignore[misc]
        return self._node(data)

    def _node(self, data: Any) -> Any:
        kind = type(data)
        if kind is str:
            return ScalarNode(_STR, data)
        if kind is dict:
            # sorted((key, value) pairs) as represent_mapping does: with unique str keys
            # the order is the keys' order and no value is ever compared
            if not all(type(key) is str for key in data):
                return super().represent_data(data)  # type: ignore[misc]
            node = self._node
            return MappingNode(_MAP, [(ScalarNode(_STR, key), node(data[key]))
                                      for key in sorted(data)], flow_style=False)
        if kind is list:
            node = self._node
            return SequenceNode(_SEQ, [node(item) for item in data], flow_style=False)
        if kind is bool:
            return ScalarNode(_BOOL, "true" if data else "false")
        if kind is int:
            return ScalarNode(_INT, str(data))
        if data is None:
            return ScalarNode(_NULL, "null")
        return super().represent_data(data)  # type: ignore[misc]

    def represent(self, data: Any) -> None:
        self._resolved: dict[str, str] | None = {}  # for this document only
        try:
            super().represent(data)  # type: ignore[misc]
        finally:
            self._resolved = None

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # the serializer asks this twice per scalar (detected and default tag); a safe
        # dumper has no path resolvers, so the answers depend on the text alone: the
        # default tag needs no scan, the detected one is scanned once per distinct text
        known = self._resolved
        if kind is not ScalarNode or known is None or self.yaml_path_resolvers:  # type: ignore[attr-defined]
            return super().resolve(kind, value, implicit)  # type: ignore[misc]
        if not implicit[0]:
            return self.DEFAULT_SCALAR_TAG  # type: ignore[attr-defined]
        tag = known.get(value)
        if tag is None:
            tag = known[value] = super().resolve(kind, value, implicit)  # type: ignore[misc]
        return tag
