"""The package's layout holds: data flows one way, products stay in their own rooms.

Ranks, from the bottom: the shared types and reference data (flat modules), the
check (`pipeline.check`), enrichment (`pipeline.enrich`), the products
(`pipeline.data`, `pipeline.casebook`, `pipeline.web`), and the orchestration (`build`,
`preview`, `cli`). A module may import its own rank and those below; a product
never imports another product.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

PIPELINE = Path(__file__).resolve().parent.parent / "pipeline"
README = Path(__file__).resolve().parent.parent / "README.md"
PRODUCTS = ("pipeline.data", "pipeline.casebook", "pipeline.web")
ORCHESTRATION = ("pipeline.build", "pipeline.preview", "pipeline.cli", "pipeline.__main__")


def room(module: str) -> str:
    """The room of a dotted module name: a product package, the check, or the module itself."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def rank(module: str) -> int:
    name = room(module)
    if name in ORCHESTRATION:
        return 4
    if name in PRODUCTS:
        return 3
    if name == "pipeline.enrich":
        return 2
    if name == "pipeline.check":
        return 1
    return 0


def module_name(path: Path) -> str:
    parts = path.relative_to(PIPELINE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The pipeline modules `path` imports (absolute or relative, at any depth in the file)."""
    package = (
        module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    )
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("pipeline"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.startswith("pipeline"):
                found.add(target)
                found.update(f"{target}.{a.name}" for a in node.names)
    return {name for name in found if _exists(name)}


def _exists(module: str) -> bool:
    path = PIPELINE.parent.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def modules() -> list[Path]:
    return sorted(PIPELINE.rglob("*.py"))


def test_no_module_imports_a_later_stage_and_no_product_imports_another():
    wrong = []
    for path in modules():
        name = module_name(path)
        for target in imports(path):
            if room(target) == room(name):
                continue
            if rank(target) > rank(name):
                wrong.append(f"{name} imports the later {target}")
            elif rank(target) == rank(name) == 3:
                wrong.append(f"the product {name} imports the product {target}")
    assert wrong == []


def test_the_layout_rule_sees_a_product_importing_another(tmp_path):
    # The rule above would be worthless if `imports` found nothing: check it on a sample.
    sample = PIPELINE / "casebook" / "__init__.py"
    assert "pipeline.casebook.html" in imports(sample)
    assert rank("pipeline.data.package") == rank("pipeline.casebook.html") == 3
    assert rank("pipeline.check.validate") < rank("pipeline.enrich") < rank("pipeline.build")


def test_product_rooms_are_regular_packages_and_modules_are_short():
    for product in ("check", "data", "casebook", "web"):
        assert (PIPELINE / product / "__init__.py").is_file(), product
    long = {
        path.relative_to(PIPELINE).as_posix(): n
        for path in modules()
        if (n := len(path.read_text("utf-8").splitlines())) > 400
    }
    assert long == {}
    assert len((PIPELINE / "build.py").read_text("utf-8").splitlines()) < 200


def test_the_orchestrator_imports_no_product_until_a_build_needs_one():
    # A build that finds nothing changed returns before any product runs; importing them
    # (WeasyPrint, openpyxl, Jinja) was half of its time.
    code = (
        "import sys, pipeline.build;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('weasyprint', 'openpyxl', 'jinja2') or m in"
        f" {PRODUCTS!r}))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == "[]"


def test_readme_layout_names_the_rooms():
    layout = README.read_text("utf-8").split("## Layout", 1)[1].split("\n## ", 1)[0]
    for name in ("check/", "data/", "casebook/", "web/", "build.py", "outputs.py", "i18n.py"):
        assert re.search(rf"\b{re.escape(name)}", layout), name
