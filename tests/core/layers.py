"""The written layer rule, checked by an AST walk over the project's own modules.

Every module belongs to one layer (the most specific prefix in `LAYERS` wins; a page module
of any app belongs to `pages`). A module may import its own layer and the layers below it,
never one above; and no two files may import each other, directly or round a loop. Imports
inside functions count too: a lazy import is still a dependency. docs/architecture.md draws
the same table.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Bottom first. Each entry: (layer, module prefixes).
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("core", ("voroc",)),
    ("vocabulary", ("aanmelding.status",)),
    ("record", ("terugkoppeling.models", "terugkoppeling.services")),
    ("leerlingen", ("leerlingen",)),
    ("doorstroom", ("doorstroom",)),
    ("aanmelding", ("aanmelding",)),
    ("rmc", ("rmc",)),
    ("notificaties", ("terugkoppeling",)),
    ("pages", ()),  # every app's views, forms, filters, exports, urls, template tags, admin, commands
    ("top", ("dossier", "servicedesk", "demo", "api", "rapportage", "portaal")),
]

DOMAIN_APPS = ("leerlingen", "doorstroom", "aanmelding", "rmc", "terugkoppeling")
# Modules that serve pages, downloads and commands: they may read several apps' selectors.
PAGE_MODULES = ("views", "forms", "filters", "exports", "urls", "admin", "context_processors")
PAGE_PACKAGES = ("templatetags", "management")

SOURCE_DIRS = ("voroc", *DOMAIN_APPS, "dossier", "servicedesk", "demo", "api", "rapportage", "portaal")


@dataclass(frozen=True)
class Violation:
    importer: str
    imported: str
    why: str

    def __str__(self) -> str:
        return f"{self.importer} -> {self.imported}: {self.why}"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def project_modules(root: Path = ROOT) -> dict[str, Path]:
    modules = {}
    for top in SOURCE_DIRS:
        for path in (root / top).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            modules[module_name(path, root)] = path
    return modules


def is_page(module: str) -> bool:
    parts = module.split(".")
    if parts[0] not in DOMAIN_APPS:
        return False
    last = parts[-1]
    return any(p in PAGE_PACKAGES for p in parts[1:]) or any(
        last == name or last.startswith(name + "_") for name in PAGE_MODULES
    )


def layer_of(module: str) -> int:
    if is_page(module):
        return [name for name, _ in LAYERS].index("pages")
    best, best_len = None, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    if best is None:
        raise ValueError(f"{module} has no layer; add it to LAYERS")
    return best


def imports_of(module: str, path: Path, known: Iterable[str]) -> set[str]:
    """The project modules a file imports, wherever in the file the import stands."""
    known = set(known)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def add(name: str) -> None:
        # The longest known module that `name` is or lies inside.
        while name and name not in known:
            name = name.rpartition(".")[0]
        if name and name != module:
            found.add(name)

    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)] if node.level > 1 else anchor
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                add(f"{base}.{alias.name}")
    return found


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    modules = project_modules(root)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def upward_imports(graph: dict[str, set[str]]) -> list[Violation]:
    names = [name for name, _ in LAYERS]
    found = []
    for importer, targets in sorted(graph.items()):
        for imported in sorted(targets):
            low, high = layer_of(importer), layer_of(imported)
            if high > low:
                found.append(Violation(importer, imported, f"{names[low]} imports {names[high]}, a higher layer"))
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one file (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found
