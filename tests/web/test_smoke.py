def test_healthz_answers_when_database_is_reachable(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_headman_sees_home_with_own_village(personas, login):
    client = login(personas.headman)
    response = client.get("/")
    assert response.status_code == 200
    village = personas.headman.role_assignments.get().areas.get()
    body = response.content.decode()
    # The own village is listed with its code and a link to its page.
    assert village.code in body
    assert f"/areas/{village.code}/" in body


def test_pages_open_in_thai_even_when_the_browser_asks_for_english(client, db):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "เข้าสู่ระบบ" in page.content.decode()


def test_the_language_switch_still_gives_english(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="th")
    assert "Sign in" in page.content.decode()
