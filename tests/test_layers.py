"""The package layers: every import of ours goes down, and no import closes a cycle.

`kg.core` is the bottom layer; `extractors`, `queries` and `kg.stores` sit on it and on nothing
else of ours; the rest of `kg` (readers, build, evaluation, CLI, pictures, exports) composes
them. The imports are read from the source with `ast`, function-level imports included, so a
lazy import cannot hide a cycle. Folders without an `__init__.py` (the training scripts in
`extractors/ner/`) are scripts, not modules of a package, and are not walked.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).parents[1]
PACKAGES = ("kg", "extractors", "queries")

# layer -> the layers of ours it may import (besides itself)
LAYERS: dict[str, frozenset[str]] = {
    "kg.core": frozenset(),
    "extractors": frozenset({"kg.core"}),
    "queries": frozenset({"kg.core"}),
    "kg.stores": frozenset({"kg.core"}),
    "kg": frozenset({"kg.core", "kg.stores", "extractors", "queries"}),
}


def _modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if not all((folder / "__init__.py").is_file() for folder in path.relative_to(ROOT).parents if folder.parts):
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


MODULES = _modules()


def _imports(module: str, path: Path) -> list[tuple[str, int, bool]]:
    """(imported module of ours, line, inside a function) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:  # relative: climb level - 1 packages up from this module's package
                    up = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join(up + ([base] if base else []))
                # `from pkg import mod` imports the module pkg.mod
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in child.names]
            else:
                visit(child, nested)
                continue
            for target in targets:
                while target and target not in MODULES:
                    target = target.rpartition(".")[0]
                if target and target != module:
                    found.append((target, child.lineno, nested))

    visit(tree, False)
    return found


def _layer(module: str) -> str:
    return max((layer for layer in LAYERS if module == layer or module.startswith(layer + ".")), key=len)


def _module_graph() -> nx.DiGraph:
    G = nx.DiGraph()
    for module, path in MODULES.items():
        G.add_node(module)
        for target, line, lazy in _imports(module, path):
            G.add_edge(module, target, line=line, lazy=lazy)
    return G


MODULE_GRAPH = _module_graph()


def _layer_edges() -> dict[tuple[str, str], list[str]]:
    edges: dict[tuple[str, str], list[str]] = {}
    for u, v, data in MODULE_GRAPH.edges(data=True):
        if _layer(u) != _layer(v):
            edges.setdefault((_layer(u), _layer(v)), []).append(f"{u} -> {v} ({MODULES[u].name}:{data['line']})")
    return edges


def test_layers_walk_every_package_module():
    assert {"kg.core.model", "kg.stores.rdf", "extractors.adapt", "queries", "kg.cli"} <= set(MODULES)
    assert not any(m.startswith("extractors.ner.") for m in MODULES)  # scripts, not modules
    assert MODULE_GRAPH.has_edge("extractors.adapt", "kg.core.model")
    assert MODULE_GRAPH.edges["kg.build", "extractors"]["lazy"] is False


def test_layers_table_is_acyclic():
    assert nx.is_directed_acyclic_graph(nx.DiGraph([(u, v) for u, vs in LAYERS.items() for v in vs]))


@pytest.mark.parametrize("layer", list(LAYERS))
def test_layers_imports_go_down(layer):
    wrong = {(u, v): where for (u, v), where in _layer_edges().items()
             if u == layer and v not in LAYERS[layer]}
    assert not wrong, f"{layer} may import only {sorted(LAYERS[layer])} of ours: {wrong}"


def test_layers_no_package_cycle():
    G = nx.DiGraph(list(_layer_edges()))
    assert nx.is_directed_acyclic_graph(G), nx.find_cycle(G)


def test_layers_no_module_cycle_even_through_function_level_imports():
    """A function-level import that closes a cycle is a cycle hidden from the interpreter."""
    def step(u: str, v: str) -> str:
        edge = MODULE_GRAPH.edges[u, v]
        return f"{u} ({'function-level ' if edge['lazy'] else ''}line {edge['line']})"

    cycles = [" -> ".join(step(u, v) for u, v in zip(cycle, cycle[1:] + cycle[:1], strict=True))
              for cycle in nx.simple_cycles(MODULE_GRAPH)]
    assert not cycles, cycles


@pytest.mark.parametrize("package", ["kg", "kg.core", "kg.stores", "extractors", "queries"])
def test_layers_importing_a_package_loads_nothing_above_it(package):
    """What the interpreter loads, entry points and `importlib` included (the walk above sees neither)."""
    code = f"import sys, {package}; print(sorted({{m for m in sys.modules if m.split('.')[0] in {PACKAGES!r}}}))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    allowed = {package, "kg.core"} | LAYERS[package] if package != "kg" else {"kg.core"}
    # `import kg.core` runs kg/__init__.py first, so that module must stay as light as kg.core itself
    above = [m for m in ast.literal_eval(run.stdout) if m != "kg" and _layer(m) not in allowed]
    assert not above, above


MAX_MODULE_LINES = 450


def _source_files() -> list[Path]:
    """Every Python file under the packages, the training scripts in `extractors/ner/` included."""
    return [path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))]


def test_layers_size_check_reads_every_source_file():
    names = {path.relative_to(ROOT).as_posix() for path in _source_files()}
    assert {"kg/stores/rdf.py", "kg/plots/leaderboard.py", "extractors/ner/convert.py", "queries/__init__.py"} <= names


@pytest.mark.parametrize("path", _source_files(), ids=lambda path: path.relative_to(ROOT).as_posix())
def test_layers_no_source_module_over_450_lines(path):
    """A module that long does more than one job: split it by noun (issue 15)."""
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)} has {lines} lines; split it by noun"
