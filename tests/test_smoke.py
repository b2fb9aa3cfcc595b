def test_healthz_reports_database_and_broker(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


def test_healthz_reuses_one_redis_connection(client, db, monkeypatch):
    """A probe every few seconds must not open a new Redis connection each time."""
    import redis

    connects = []
    real_connect = redis.Connection.connect

    def counting_connect(self):
        if self._sock is None:
            connects.append(1)
        return real_connect(self)

    monkeypatch.setattr(redis.Connection, "connect", counting_connect)
    for _ in range(5):
        assert client.get("/healthz").status_code == 200
    assert len(connects) <= 1


def test_pages_carry_the_site_icon_and_favicon_ico_finds_it(client, db):
    page = client.get("/login/").content.decode()
    assert 'rel="icon"' in page and "favicon" in page
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith(".svg")
    assert client.get(response["Location"]).status_code == 200
