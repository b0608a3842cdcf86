"""The OpenAPI schema validates, and its readers (Swagger UI, Redoc) come from the sidecar wheel,
under the site's Content-Security-Policy."""

import re

import yaml
from openapi_spec_validator import validate

from gouvernail.core.choices import Role


def test_the_schema_is_a_valid_openapi_document(users, issue_token, api):
    response = api(issue_token(Role.AUDITEUR)[1]).get("/api/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)
    assert "/api/plan-action/{id}/" in schema["paths"]
    assert set(schema["paths"]["/api/sites/"]) == {"get", "post"}
    assert set(schema["paths"]["/api/sites/{id}/"]) == {"get", "patch", "delete"}
    assert set(schema["paths"]["/api/projets/"]) == {"get"}
    assert schema["components"]["securitySchemes"]["jetonApi"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "Jeton d'API personnel, créé depuis la page « Jetons d'API » de Gouvernail.",
    }
    parameters = {p["name"] for p in schema["paths"]["/api/plan-action/"]["get"]["parameters"]}
    assert {"status", "q", "ordering", "page", "page_size"} <= parameters


def assets(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', page)


def test_swagger_ui_is_served_from_the_wheel_without_inline_script(users, client_for):
    client = client_for(Role.ELU)

    response = client.get("/api/docs/")

    page = response.content.decode()
    assert response.status_code == 200
    assert all(
        url.startswith("/static/drf_spectacular_sidecar/") or url.startswith("/api/docs/") for url in assets(page)
    )
    assert "<script>" not in page
    assert "script-src 'self'" in response["Content-Security-Policy"]
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
    for url in assets(page):
        if url.startswith("/static/"):
            assert client.get(url).status_code == 200, url


def test_redoc_is_served_from_the_wheel_without_any_remote_font(users, client_for):
    client = client_for(Role.ELU)

    response = client.get("/api/redoc/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "googleapis" not in page and "<script>" not in page
    assert assets(page) == [
        "/static/core/favicon.svg",
        "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js",
    ]
    assert "worker-src 'self' blob:" in response["Content-Security-Policy"]
    assert all(client.get(url).status_code == 200 for url in assets(page))
