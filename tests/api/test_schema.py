"""The OpenAPI description other systems build on, and its docs page that works offline."""

import re

import yaml
from django.contrib.staticfiles import finders


def load_schema(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_describes_every_resource(api, db):
    paths = load_schema(api)["paths"]

    assert {
        "/api/v1/series/", "/api/v1/series/{id}/", "/api/v1/occurrences/", "/api/v1/occurrences/{id}/",
        "/api/v1/venues/", "/api/v1/venues/{id}/", "/api/v1/audiences/", "/api/v1/audiences/{id}/",
    } <= set(paths)
    assert {"get", "post"} <= set(paths["/api/v1/series/"])
    assert "delete" not in paths["/api/v1/series/{id}/"]


def test_the_programme_filters_and_their_400_are_documented(api, db):
    listing = load_schema(api)["paths"]["/api/v1/occurrences/"]["get"]

    names = {parameter["name"] for parameter in listing["parameters"]}
    assert {"from", "to", "audience", "kind", "venue", "series", "has_free_places", "page"} <= names
    assert "400" in listing["responses"]
    error = listing["responses"]["400"]["content"]["application/json"]["schema"]["$ref"]
    assert error == "#/components/schemas/Error"


def test_writes_document_their_refusals(api, db):
    paths = load_schema(api)["paths"]

    assert {"201", "400", "401", "403"} <= set(paths["/api/v1/series/"]["post"]["responses"])
    assert {"200", "400", "401", "403", "404"} <= set(paths["/api/v1/series/{id}/"]["patch"]["responses"])


def test_an_occurrence_is_described_with_its_fields(api, db):
    occurrence = load_schema(api)["components"]["schemas"]["Occurrence"]

    assert {
        "id", "series", "title", "start", "end", "status", "venue", "capacity", "seats_left",
        "registration_open", "url",
    } <= set(occurrence["properties"])
    assert occurrence["properties"]["start"]["format"] == "date-time"


def test_the_docs_page_loads_swagger_ui_from_this_server_not_a_cdn(api, db):
    response = api.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    for asset in assets:
        if asset.startswith("/api/docs/?"):
            continue  # its start-up script, served from its own address because the CSP allows no inline script
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is not among the static files"
    assert "cdn" not in html.lower()
    assert "<script>" not in html and "<style>" not in html
    script = api.get(html.split('<script src="')[-1].split('"')[0].replace("&amp;", "&"))
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")


def test_every_operation_taking_a_body_documents_the_size_refusal(api, db):
    paths = load_schema(api)["paths"]
    with_body = [(path, method, operation) for path, operations in paths.items()
                 for method, operation in operations.items() if "requestBody" in operation]

    assert len(with_body) >= 5
    for path, method, operation in with_body:
        answer = operation["responses"].get("413")
        assert answer, (method, path)
        assert answer["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/Error"


def test_an_oversized_body_gets_the_documented_json_refusal(api, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = api.post("/api/v1/registrations/", data="{" + '"a": 1,' * 400 + '"b": 2}',
                        content_type="application/json")

    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert "413" in load_schema(api)["paths"]["/api/v1/registrations/"]["post"]["responses"]


def test_operations_that_take_a_token_document_the_address_lockout(api, db):
    series_post = load_schema(api)["paths"]["/api/v1/series/"]["post"]

    assert "locked_out" in series_post["responses"]["429"]["description"]
