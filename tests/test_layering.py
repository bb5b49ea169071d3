"""Layers point down: records/errors at the bottom; ingest, extract, geo, resolve above them; the
pipeline and its runner above those; the store persists and queries and knows no coder; the faces
(cli, api, monitor) on top. An import that points up — at module level or inside a function — fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "conflictwatch"

# what each part of the package may never import (prefixes of dotted module names)
FACES = ("conflictwatch.cli", "conflictwatch.cli_store", "conflictwatch.cli_geo", "conflictwatch.cli_web",
         "conflictwatch.cli_monitor", "conflictwatch.api", "conflictwatch.web", "conflictwatch.monitor")
CODER = ("conflictwatch.extract", "conflictwatch.pipeline", "conflictwatch.run")
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "conflictwatch.records": (*CODER, "conflictwatch.ingest", "conflictwatch.geo", "conflictwatch.resolve",
                              "conflictwatch.store", *FACES),
    "conflictwatch.errors": (*CODER, "conflictwatch.ingest", "conflictwatch.geo", "conflictwatch.resolve",
                             "conflictwatch.store", *FACES),
    "conflictwatch.notes": (*CODER, "conflictwatch.ingest", "conflictwatch.store", *FACES),
    "conflictwatch.ingest": ("conflictwatch.pipeline", "conflictwatch.run", "conflictwatch.store", *FACES),
    "conflictwatch.extract": ("conflictwatch.pipeline", "conflictwatch.run", "conflictwatch.store", *FACES),
    "conflictwatch.geo": ("conflictwatch.pipeline", "conflictwatch.run", "conflictwatch.store", *FACES),
    "conflictwatch.resolve": (*CODER, "conflictwatch.ingest", "conflictwatch.geo", "conflictwatch.store", *FACES),
    "conflictwatch.pipeline": ("conflictwatch.run", "conflictwatch.store", *FACES),
    # the store persists and queries only: no coder, no reader of sources, no gazetteer
    "conflictwatch.store": (*CODER, "conflictwatch.ingest", "conflictwatch.geo", *FACES),
    "conflictwatch.run": FACES,
    # the monitor reads the dataset only
    "conflictwatch.monitor": CODER,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(source: str, name: str, is_package: bool = False) -> list[tuple[int, str]]:
    """Every conflictwatch module that the source of module ``name`` imports, anywhere in it, with the line."""
    package = name if is_package else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                # "from conflictwatch import run" imports the module conflictwatch.run
                target = f"{base}.{alias.name}"
                found.append((node.lineno, target if target in MODULES else base))
    return [(line, target) for line, target in found if target.split(".")[0] == "conflictwatch"]


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(layer: str) -> list[str]:
    out = []
    for name, path in MODULES.items():
        if not _within(name, layer):
            continue
        for line, target in imports_of(path.read_text(encoding="utf-8"), name, path.name == "__init__.py"):
            if any(_within(target, banned) for banned in FORBIDDEN[layer]):
                out.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    return out


@pytest.mark.parametrize("layer", list(FORBIDDEN))
def test_no_import_points_up(layer):
    assert violations(layer) == []


def test_the_checker_sees_imports_inside_functions_relative_ones_and_submodules():
    source = ("from __future__ import annotations\n\nimport conflictwatch.geo\n\n"
              "def later():\n    from ..pipeline import Coder\n    from conflictwatch import run\n")
    found = imports_of(source, "conflictwatch.store.store")
    assert found == [(3, "conflictwatch.geo"), (6, "conflictwatch.pipeline"), (7, "conflictwatch.run")]
    assert all(any(_within(target, banned) for banned in FORBIDDEN["conflictwatch.store"]) for _, target in found)


def test_every_layer_named_exists():
    assert all(any(_within(name, layer) for name in MODULES) for layer in FORBIDDEN)
