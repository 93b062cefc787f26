"""Where finding messages are made, read from the source (for tests/test_messages_ja.py).

A *sink* is a callable whose argument becomes a :class:`jobmig.model.Finding`'s
``message``: ``Finding`` itself (second argument) and, found by following the
code, every function that passes one of its parameters on to a sink unchanged
(``draft.find(code, message, line)``, ``note(code, message)``, ...). A message
argument is *wrapped* when it is a ``msg(...)`` or ``joined(...)`` call, a
conditional or ``or`` of wrapped ones, a parameter that is itself a sink's
message, an existing finding's ``.message`` passed on, or a plain name every
assignment of which (in the same function) is wrapped.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("jobmig", "parsers", "mappings")
WRAPPERS = {"msg", "joined"}


@dataclass(frozen=True)
class Site:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text}"


def _modules() -> list[tuple[str, ast.Module]]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found.append((str(path.relative_to(ROOT)), ast.parse(path.read_text(encoding="utf-8"))))
    return found


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _params(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    names = [a.arg for a in function.args.posonlyargs + function.args.args]
    return names[1:] if names and names[0] in ("self", "cls") else names


def _functions(tree: ast.Module):
    return [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _message_arg(call: ast.Call, sinks: dict[str, tuple[int, str]]) -> ast.expr | None:
    name = _name(call)
    if name not in sinks:
        return None
    index, keyword = sinks[name]
    if name != "Finding":  # a helper named like a str method: its first argument is a code
        first = call.args[0] if call.args else None
        if first is None or not (isinstance(first, ast.Constant) and re.fullmatch(r"JM\d{3}", str(first.value))
                                 or "code" in ast.unparse(first)):
            return None
    if len(call.args) > index:
        return call.args[index]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def sinks(modules: list[tuple[str, ast.Module]] | None = None) -> dict[str, tuple[int, str]]:
    """Sink name → (position of the message argument, its keyword name)."""
    modules = _modules() if modules is None else modules
    found: dict[str, tuple[int, str]] = {"Finding": (1, "message")}
    changed = True
    while changed:
        changed = False
        for _, tree in modules:
            for function in _functions(tree):
                if function.name in found:
                    continue
                params = _params(function)
                for call in (n for n in ast.walk(function) if isinstance(n, ast.Call)):
                    arg = _message_arg(call, found)
                    names = [n.id for n in ast.walk(arg) if isinstance(n, ast.Name) and n.id in params] \
                        if isinstance(arg, (ast.Name, ast.BoolOp, ast.IfExp)) else []
                    if names:
                        found[function.name] = (params.index(names[0]), names[0])
                        changed = True
                        break
    return found


# Messages passed on through a loop over pairs made of findings' own messages
# (``(f.code, f.message)``), which the checker cannot follow.
PASSED_ON = {("mappings/schedule.py", "message"),
             # notes collected in a list from _spec_crons (whose notes are msg calls)
             ("mappings/schedule.py", "note")}

_FUNCTIONS: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}


def _returns_wrapped(name: str | None, position: int | None, depth: int) -> bool:
    """Whether a function of that name returns only wrapped messages (at ``position`` of a
    returned tuple when given; ``None`` returns allowed)."""
    candidates = _FUNCTIONS.get(name or "", [])
    for function in candidates:
        values = [n.value for n in ast.walk(function) if isinstance(n, ast.Return)]
        good = True
        for value in values:
            if value is None or isinstance(value, ast.Constant) and value.value is None:
                continue
            if position is not None:
                if not isinstance(value, ast.Tuple) or len(value.elts) <= position:
                    good = False
                    break
                value = value.elts[position]
                if isinstance(value, ast.Constant) and value.value is None:
                    continue
            if not _wrapped(value, function, set(), depth + 1):
                good = False
                break
        if good and values:
            return True
    return False


def _wrapped(node: ast.expr | None, function: ast.AST | None, params: set[str], depth: int = 0) -> bool:
    if node is None or depth > 6:
        return False
    if isinstance(node, ast.Constant):
        return node.value == "" or node.value is None  # nothing to translate (or no message)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _wrapped(node.left, function, params, depth + 1) and \
            _wrapped(node.right, function, params, depth + 1)
    if isinstance(node, ast.Subscript):
        index = node.slice.value if isinstance(node.slice, ast.Constant) else None
        if isinstance(node.value, ast.Name) and isinstance(index, int) and function is not None:
            calls = [n.value for n in ast.walk(function) if isinstance(n, ast.Assign)
                     and any(isinstance(t, ast.Name) and t.id == node.value.id for t in n.targets)]
            return bool(calls) and all(isinstance(c, ast.Call) and _returns_wrapped(_name(c), index, depth)
                                       for c in calls)
        return _wrapped(node.value, function, params, depth + 1)
    if isinstance(node, ast.Call):
        return _name(node) in WRAPPERS or _returns_wrapped(_name(node), None, depth)
    if isinstance(node, ast.IfExp):
        return _wrapped(node.body, function, params, depth + 1) and \
            _wrapped(node.orelse, function, params, depth + 1)
    if isinstance(node, ast.BoolOp):
        return all(_wrapped(value, function, params, depth + 1) for value in node.values)
    if isinstance(node, ast.Attribute):
        return node.attr == "message"
    if isinstance(node, ast.Name):
        if node.id in params:
            return True
        if function is None:
            return False
        values = [n.value for n in ast.walk(function) if isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign))
                  and any(isinstance(t, ast.Name) and t.id == node.id
                          for t in (n.targets if isinstance(n, ast.Assign) else [n.target]))]
        values += [n.value for n in ast.walk(function)
                   if isinstance(n, ast.NamedExpr) and n.target.id == node.id]
        unpacked = [(n.value, [isinstance(t, ast.Name) and t.id == node.id for t in n.targets[0].elts])
                    for n in ast.walk(function) if isinstance(n, ast.Assign)
                    and isinstance(n.targets[0], ast.Tuple)
                    and any(isinstance(t, ast.Name) and t.id == node.id for t in n.targets[0].elts)]
        for value, hits in unpacked:
            if not (isinstance(value, ast.Call) and _returns_wrapped(_name(value), hits.index(True), depth)):
                return False
        if not values and not unpacked:
            return False
        return all(_wrapped(v, function, params, depth + 1) for v in values if v is not None)
    return False


def unwrapped() -> list[Site]:
    """Every sink call whose message argument is not wrapped."""
    modules = _modules()
    table = sinks(modules)
    _FUNCTIONS.clear()
    for _, tree in modules:
        for function in _functions(tree):
            _FUNCTIONS.setdefault(function.name, []).append(function)
    bad: list[Site] = []
    for path, tree in modules:
        if path.endswith(("messages.py", "messages_ja.py")):
            continue
        owner: dict[ast.AST, ast.AST] = {}
        for function in _functions(tree):
            for node in ast.walk(function):
                owner.setdefault(node, function)  # outer functions first; inner ones overwrite below
        for function in _functions(tree):
            for node in ast.walk(function):
                if function in ast.walk(owner.get(node, function)):
                    owner[node] = function
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            arg = _message_arg(call, table)
            if arg is None and _name(call) != "Finding":
                continue
            function = owner.get(call)
            params: set[str] = set()
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) and function.name in table:
                params = {table[function.name][1]}
                if isinstance(arg, (ast.BoolOp, ast.IfExp)):  # e.g. ``message or reason``
                    params |= set(_params(function))
            if (path, ast.unparse(arg) if arg is not None else "") in PASSED_ON:
                continue
            if not _wrapped(arg, function, params):
                bad.append(Site(path, call.lineno, ast.unparse(arg)[:80] if arg is not None else "?"))
    return bad


def templates() -> list[tuple[Site, str]]:
    """Every ``msg("template", ...)`` call's template (a constant string)."""
    found = []
    for path, tree in _modules():
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            if isinstance(call.func, ast.Name) and call.func.id == "msg":
                first = call.args[0] if call.args else None
                text = first.value if isinstance(first, ast.Constant) else None
                found.append((Site(path, call.lineno, ast.unparse(call)[:80]), text))
    return found
