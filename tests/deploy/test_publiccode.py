"""publiccode.yml holds the keys the standard (0.4) requires, with the lengths it asks for."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_publiccode_has_the_required_keys():
    data = yaml.safe_load((ROOT / "publiccode.yml").read_text())
    assert data["publiccodeYmlVersion"] == "0.4"
    for key in ("name", "url", "platforms", "categories", "developmentStatus", "softwareType", "legal", "maintenance"):
        assert data[key], key
    assert data["developmentStatus"] in ("concept", "development", "beta", "stable", "obsolete")
    assert data["legal"]["license"]
    assert data["maintenance"]["type"] in ("internal", "contract", "community", "none")
    assert data["localisation"]["availableLanguages"] == ["nl"]
    for language in ("nl", "en"):
        description = data["description"][language]
        assert len(description["shortDescription"]) <= 150
        assert 150 <= len(description["longDescription"]) <= 10000
        assert description["features"]
    version = (ROOT / "pyproject.toml").read_text().split('version = "', 1)[1].split('"', 1)[0]
    assert data["softwareVersion"] == version
