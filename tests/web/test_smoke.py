def test_healthz_answers_when_database_is_reachable(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_headman_sees_home_with_own_village(personas, login):
    client = login(personas.headman)
    response = client.get("/")
    assert response.status_code == 200
    assert "ผู้ใหญ่บ้าน" in response.content.decode() or "หมู่บ้าน" in response.content.decode()
