"""The public OpenAPI 3 schema and the docs page (served from our own static files)."""

import yaml
from openapi_spec_validator import validate


def test_schema_is_public_and_valid_openapi_3(client, db):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/aanmeldingen/",
        "/api/v1/aanmeldingen/{id}/",
        "/api/v1/leerlingen/",
        "/api/v1/leerlingen/{id}/",
        "/api/v1/leerlingen/bulk/",
        "/api/v1/aanmeldingen/{id}/ontvangst/",
        "/api/v1/aanmeldingen/{id}/intake/",
        "/api/v1/aanmeldingen/{id}/intake-gehad/",
        "/api/v1/aanmeldingen/{id}/besluit/",
        "/api/v1/aanmeldingen/{id}/inschrijving/",
        "/api/v1/aanmeldingen/{id}/start/",
        "/api/v1/aanmeldingen/{id}/niet-verschenen/",
        "/api/v1/aanmeldingen/{id}/status/",
        "/api/v1/leerlingen/klassen/",
        "/api/v1/leerlingen/diploma/",
        "/api/v1/school/aanmeldingen/",
        "/api/v1/school/aanmeldingen/{id}/",
        "/api/v1/school/terugkoppelingen/",
    }
    assert schema["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    assert "updated_since" in str(schema["paths"]["/api/v1/leerlingen/"]["get"]["parameters"])


def test_schema_validation_can_fail():
    import pytest
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    with pytest.raises(OpenAPIValidationError):
        validate({"openapi": "3.0.3", "info": {"title": "x"}, "paths": {}})


def test_docs_page_uses_no_cdn_and_no_inline_script(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "<script>" not in html and "<style>" not in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert "/api/v1/schema/" in script.content.decode()
