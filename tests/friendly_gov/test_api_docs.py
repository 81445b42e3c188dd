"""OpenAPI 3 schema and interactive docs that make no outside request."""

import re

import yaml
from openapi_spec_validator import validate


def test_the_schema_is_valid_openapi_3(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    validate(schema)
    assert "/api/v1/units/" in schema["paths"]
    assert "/api/v1/programmes/{id}/" in schema["paths"]


def test_the_docs_page_loads_its_assets_from_this_server(client, db):
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in html
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert urls
    assert all(url.startswith("/") and not url.startswith("//") for url in urls), urls
