"""Which parts of the code may import which: the public site and the core never import the admin,
and the admin never imports the public views (what both need lives below both, e.g.
pathways/overview_page.py). Read from the source's import statements, lazy ones included."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# The URL conf mounts every part, the admin's pages among them; nothing else outside the admin
# may import it.
ADMIN_SIDE = ("navigator.urls",)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every module the file imports, as an absolute name (a name imported from a package counts
    as its submodule too: `from .. import admin`)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            # Level 1 is the file's own package, each further level one package up.
            parts = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = parts if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            modules.add(target)
            modules.update(f"{target}.{alias.name}" for alias in node.names)
    return modules


def modules():
    for folder in ("pathways", "navigator"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "tests" not in path.relative_to(ROOT).parts:
                yield module_name(path), imported(path)


def is_admin_side(name: str) -> bool:
    return (
        name == "pathways.admin"
        or name.startswith("pathways.admin.")
        or name.endswith(".admin")
        or name in ADMIN_SIDE
    )


def within(imports: set[str], package: str) -> set[str]:
    return {name for name in imports if name == package or name.startswith(package + ".")}


def test_the_walk_sees_relative_and_absolute_imports():
    path = ROOT / "pathways" / "admin" / "places.py"
    assert "pathways.overview_page" in imported(path)  # from ..overview_page import …
    assert "pathways.admin.regions" in imported(path)  # from .regions import …
    assert "django.contrib.admin" in imported(path)
    assert is_admin_side("pathways.discharge.admin") and not is_admin_side("pathways.views.map")


def test_no_module_outside_the_admin_imports_the_admin():
    offenders = {
        name: sorted(within(imports, "pathways.admin"))
        for name, imports in modules()
        if not is_admin_side(name) and within(imports, "pathways.admin")
    }
    assert offenders == {}


def test_the_admin_does_not_import_the_public_views():
    offenders = {
        name: sorted(within(imports, "pathways.views"))
        for name, imports in modules()
        if is_admin_side(name) and within(imports, "pathways.views")
    }
    assert offenders == {}


def test_only_the_query_module_builds_a_map_url():
    """Every link to the map (and to its PDF) goes through pathways.query.map_url, so a change to
    the public contract's parameters is made once."""
    built = re.compile(r"""reverse\(\s*["']map(?:_pdf)?["']|["']/karta/(?:pdf/)?\?""")
    by_hand = [
        str(path.relative_to(ROOT))
        for folder in ("pathways", "navigator")
        for path in (ROOT / folder).rglob("*.py")
        if path != ROOT / "pathways" / "query.py"
        # The service worker names the maps' path, its scope, never a map's address.
        and path != ROOT / "pathways" / "views" / "offline.py"
        and "tests" not in path.relative_to(ROOT).parts
        and built.search(path.read_text())
    ]
    in_templates = [
        str(path.relative_to(ROOT))
        for folder in (ROOT / "templates", ROOT / "pathways")
        for path in folder.rglob("*.html")
        if re.search(r"""\{%\s*url\s+["']map(?:_pdf)?["']\s*%\}\?""", path.read_text())
    ]
    assert by_hand == [] and in_templates == []
