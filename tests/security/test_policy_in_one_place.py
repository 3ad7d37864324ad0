"""Who sees what is decided in voroc/policy.py only.

- No `.orgs(` (reading a user's organisations per permission) outside voroc/policy.py: every
  scope and selector takes its filter from a policy function. Checked against a planted
  `.orgs(` call in leerlingen/selectors.py once: the guard named the file and line.
- Every `for_user()` filters with a `policy.*_q` function.
- voroc/policy.py imports no app (it reaches app tables by relation paths or `apps.get_model`).
- The field map is complete: every field of every model that holds a pupil's data belongs to a
  part of the file, so a new field cannot slip past the visibility table unclassified.
"""

import ast
from pathlib import Path

from django.apps import apps

from leerlingen.models import Leerling
from voroc import policy

ROOT = Path(__file__).resolve().parents[2]
APPS = ("leerlingen", "doorstroom", "aanmelding", "terugkoppeling", "rmc")
# Models linked to a pupil that belong to no organisation's file, and why.
NIET_IN_DOSSIER = {
    "terugkoppeling.Notificatie": "a message in one user's or team's inbox, pointing at an event that is in the file",
    "leerlingen.Raadpleging": "the read log itself; the inzage export lists it per organisation",
}


def _python_files():
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in (".venv", "var", "node_modules") or "migrations" in parts:
            continue
        yield path


def test_no_orgs_call_outside_the_policy_module():
    offenders = []
    for path in _python_files():
        if path in (ROOT / "voroc" / "policy.py", Path(__file__).resolve()):
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if ".orgs(" in line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "scope rules belong in voroc/policy.py:\n" + "\n".join(offenders)


def test_every_for_user_takes_its_filter_from_the_policy():
    found = 0
    for app in APPS:
        tree = ast.parse((ROOT / app / "models.py").read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name == "for_user":
                found += 1
                calls = [
                    n.func.attr
                    for n in ast.walk(node)
                    if isinstance(n, ast.Call)
                    and isinstance(n.func, ast.Attribute)
                    and isinstance(n.func.value, ast.Name)
                    and n.func.value.id == "policy"
                ]
                assert any(c.endswith("_q") for c in calls), f"{app}.models: for_user without a policy filter"
    assert found == 12


def test_the_policy_module_imports_no_app():
    tree = ast.parse((ROOT / "voroc" / "policy.py").read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & set(APPS), f"voroc/policy.py imports {sorted(imported & set(APPS))}"


def _linked_models():
    linked = {Leerling}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model not in linked and any(
                (f.many_to_one or f.one_to_one) and f.concrete and f.related_model in linked
                for f in model._meta.get_fields()
            ):
                linked.add(model)
                changed = True
    return linked


def test_every_field_of_the_pupils_file_belongs_to_a_part():
    labels = {m._meta.label for m in _linked_models()}
    assert labels - set(policy.VELDEN) == set(NIET_IN_DOSSIER), "a model holding pupil data has no parts"
    for label, parts in policy.VELDEN.items():
        model = apps.get_model(label)
        fields = {f.name for f in model._meta.concrete_fields if not f.primary_key and f.name != "leerling"}
        listed = [name for names in parts.values() for name in names]
        assert len(listed) == len(set(listed)), f"{label}: a field in two parts"
        assert set(listed) == fields, f"{label}: unclassified {fields - set(listed)}, unknown {set(listed) - fields}"
        assert set(parts) <= {*policy.Deel.ALLE, policy.RIJ}
        assert label in policy.SCOPES, f"{label}: no scope"


def test_the_table_has_a_cell_for_every_part_and_relation():
    assert set(policy.ZICHTBAARHEID) == set(policy.Deel.ALLE)
    for deel, cellen in policy.ZICHTBAARHEID.items():
        assert set(cellen) == set(policy.KOLOMMEN) == {*policy.Relatie.ALLE, *policy.Relatie.PORTAAL}, deel
