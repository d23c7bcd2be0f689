"""The OpenAPI schema and the docs page work offline and under the site's CSP."""

import re


def test_docs_page_loads_only_local_static_files_under_the_csp(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert urls and all(url.startswith("/static/") for url in urls), urls
    assert "//" not in "".join(urls)
    # Only a JSON data block is inline; every script that runs is a file from /static/.
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert all('type="application/json"' in attributes for attributes in inline_scripts)
    assert "style=" not in html and "<style" not in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_schema_describes_both_ways_to_authenticate(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["BearerKeyAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["HeaderKeyAuth"]["name"] == "X-API-Key"
    assert schemes["SessionAuth"]["in"] == "cookie"
    assert "docs/api.md" in schema["info"]["description"]
    me = schema["paths"]["/api/v1/me"]["get"]
    assert {name for entry in me["security"] for name in entry} == set(schemes)
