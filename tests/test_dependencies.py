"""What jobmig imports is what it declares: a fresh `pip install .` (no test extras) must be
able to import every module. The test extras bring more (click, flask, ...), so a missing
declaration shows only on a machine without them; this test reads the imports instead."""
from __future__ import annotations

import ast
import sys
import tomllib

from tests.conftest import REPO

#: Distribution name (pyproject) → the module it installs, where they differ.
MODULE_OF = {"pyyaml": "yaml", "python-dateutil": "dateutil"}
#: Modules a declared distribution itself depends on (boto3 brings botocore).
BROUGHT = {"botocore"}


def _declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    names = set()
    for requirement in project["dependencies"]:
        name = requirement.split(";")[0].split("[")[0]
        for mark in "<>=!~ ":
            name = name.split(mark)[0]
        name = name.lower()
        names.add(MODULE_OF.get(name, name.replace("-", "_")))
    return names | BROUGHT


def _fallbacks(tree: ast.AST) -> set[int]:
    """Line numbers of imports inside ``except ImportError`` handlers (alternatives)."""
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ExceptHandler):
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    lines.add(inner.lineno)
    return lines


def test_every_third_party_module_jobmig_imports_is_a_declared_dependency():
    declared = _declared()
    missing = []
    for folder in ("jobmig", "parsers", "mappings"):
        for path in sorted((REPO / folder).rglob("*.py")):
            tree = ast.parse(path.read_text("utf-8"))
            alternatives = _fallbacks(tree)
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    top = module.split(".")[0]
                    if (top in sys.stdlib_module_names or top in {"jobmig", "__future__"}
                            or top in declared or node.lineno in alternatives):
                        continue
                    missing.append(f"{path.relative_to(REPO)}:{node.lineno}: {module}")
    assert not missing, missing
