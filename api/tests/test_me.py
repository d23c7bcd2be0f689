def test_me_describes_the_caller_and_their_organisation(as_persona, world):
    body = as_persona("foreign").get("/api/v1/me").json()
    assert body["email"] == world.users.foreign.email
    assert body["role"] == "admin"
    assert body["organization"] == {
        "id": world.orgs.foreign.pk,
        "kind": "foreign_contractor",
        "name_ko": "",
        "name_en": "Westmark Dynamics",
        "status": "approved",
        "country": "US",
    }


def test_me_needs_a_session_and_an_approved_organisation(as_persona):
    assert as_persona("anonymous").get("/api/v1/me").status_code == 401
    response = as_persona("pending").get("/api/v1/me")
    assert response.status_code == 403
    assert response.json()["code"] == "organization_not_approved"


def test_openapi_schema_and_docs_are_served_offline(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200 and schema.json()["info"]["title"] == "K-OFFSET API"
    docs = client.get("/api/v1/docs").content.decode()
    assert "cdn." not in docs and "//unpkg" not in docs
