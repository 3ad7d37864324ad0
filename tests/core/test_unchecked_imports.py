"""Views and forms never reach a service that checks no permission (names ending in `_unchecked`,
docs/adr/0010-names.md): they call the checked service, which calls the unchecked one itself."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "tests", "node_modules", ".git", "migrations"}


def _view_and_form_modules() -> list[Path]:
    found = []
    for path in ROOT.rglob("*.py"):
        if SKIP & set(path.relative_to(ROOT).parts):
            continue
        stem = path.stem
        if stem in ("views", "forms") or stem.startswith(("views_", "forms_")):
            found.append(path)
    return sorted(found)


def unchecked_uses(source: str) -> list[str]:
    """Every name ending in `_unchecked` that the source imports or reaches as an attribute."""
    uses = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom | ast.Import):
            uses += [f"import {alias.name}" for alias in node.names if alias.name.endswith("_unchecked")]
        elif isinstance(node, ast.Attribute) and node.attr.endswith("_unchecked"):
            uses.append(f".{node.attr}")
        elif isinstance(node, ast.Name) and node.id.endswith("_unchecked"):
            uses.append(node.id)
    return uses


def test_the_walk_finds_view_and_form_modules_of_every_layer():
    names = {str(p.relative_to(ROOT)) for p in _view_and_form_modules()}
    for expected in ("servicedesk/views.py", "aanmelding/views_mbo.py", "aanmelding/forms_school.py"):
        assert expected in names
    assert "voroc/accounts/views.py" in names


def test_the_check_sees_every_way_in():
    assert unchecked_uses("from voroc.accounts.services import lidmaatschap_toekennen_unchecked") == [
        "import lidmaatschap_toekennen_unchecked"
    ]
    assert unchecked_uses("from x import s\ns.account_deactivate_unchecked(account=a)") == [
        ".account_deactivate_unchecked"
    ]
    assert unchecked_uses("from x import account_create_unchecked as maak") == ["import account_create_unchecked"]
    assert unchecked_uses("from x import account_deactivate\naccount_deactivate(account=a, user=u)") == []


def test_no_view_or_form_uses_an_unchecked_service():
    offenders = {
        str(path.relative_to(ROOT)): uses
        for path in _view_and_form_modules()
        if (uses := unchecked_uses(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
