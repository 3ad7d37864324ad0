"""The layers hold: no module imports a higher layer, and no files import each other in a loop."""

from tests.core import layers


def test_no_module_imports_a_higher_layer():
    violations = layers.upward_imports(layers.import_graph())
    assert not violations, "\n".join(map(str, violations))


def test_no_file_level_import_cycle():
    found = layers.cycles(layers.import_graph())
    assert not found, "\n".join(" <-> ".join(c) for c in found)


def test_every_module_has_a_layer():
    for module in layers.project_modules():
        layers.layer_of(module)


def test_a_planted_upward_import_is_caught(tmp_path):
    """The rule itself can fail: the core importing an app, written into a copy of two files."""
    (tmp_path / "voroc").mkdir()
    (tmp_path / "aanmelding").mkdir()
    (tmp_path / "voroc" / "__init__.py").write_text("")
    (tmp_path / "aanmelding" / "__init__.py").write_text("")
    (tmp_path / "aanmelding" / "models.py").write_text("X = 1\n")
    (tmp_path / "voroc" / "policy.py").write_text("def f():\n    from aanmelding.models import X\n    return X\n")
    graph = layers.import_graph(tmp_path)
    assert [(v.importer, v.imported) for v in layers.upward_imports(graph)] == [("voroc.policy", "aanmelding.models")]


def test_a_planted_cycle_is_caught(tmp_path):
    (tmp_path / "rmc").mkdir()
    (tmp_path / "rmc" / "__init__.py").write_text("")
    (tmp_path / "rmc" / "services.py").write_text("from rmc import selectors\n")
    (tmp_path / "rmc" / "selectors.py").write_text("from .services import x\n")
    assert layers.cycles(layers.import_graph(tmp_path)) == [["rmc.selectors", "rmc.services"]]


def test_a_page_module_may_gather_from_apps_but_a_service_may_not(tmp_path):
    graph = {"leerlingen.views": {"aanmelding.selectors"}, "leerlingen.services": {"aanmelding.models"}}
    assert [v.importer for v in layers.upward_imports(graph)] == ["leerlingen.services"]
