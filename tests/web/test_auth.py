"""Accounts: sign-up, log-in, log-out, password hashing, cookie flags, CSRF on every form."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from hingecoach.web.settings import Settings
from tests.web.conftest import PASSWORD, Clip, csrf_of, log_in, signup

HTML = {"accept": "text/html"}


def _db(settings: Settings) -> sqlite3.Connection:
    assert settings.db_url is not None
    return sqlite3.connect(settings.db_url.removeprefix("sqlite:///"))


def test_sign_up_then_log_in_with_safe_cookies_and_a_hashed_password(
    client: TestClient, settings: Settings
) -> None:
    token = csrf_of(client, "/signup")
    r = client.post(
        "/signup",
        data={
            "csrf_token": token,
            "email": "Ann@Example.com",
            "display_name": " Ann  Lee ",
            "password": PASSWORD,
            "role": "coach",
        },
    )
    assert r.status_code == 303 and r.headers["location"] == "/login?signed_up=1"
    assert r.headers.get_list("set-cookie") == []  # not signed in: that would tell who is new
    note = client.get("/login?signed_up=1", headers={"accept": "text/html"}).text
    assert "If this e-mail had no account, it has one now" in note
    token = csrf_of(client, "/login")
    r = client.post(
        "/login", data={"csrf_token": token, "email": "ann@example.com", "password": PASSWORD}
    )
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith("hc_session="))
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert {"httponly", "secure", "samesite=lax", "path=/"} <= flags
    assert client.get("/api/me").json() == {
        "id": 1,
        "email": "ann@example.com",
        "display_name": "Ann Lee",
        "role": "coach",
    }
    with _db(settings) as db:
        (stored,) = db.execute("select password_hash from web_user").fetchone()
        (login,) = db.execute("select token_sha256 from web_login").fetchone()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert login != client.cookies.get("hc_session") and len(login) == 64


def test_log_out_ends_the_login_and_log_in_again(client: TestClient) -> None:
    signup(client, email="a@example.com")
    old = client.cookies.get("hc_session")
    r = client.post("/logout", data={"csrf_token": csrf_of(client)})
    assert r.status_code == 303
    assert client.get("/api/me").status_code == 401
    client.cookies.set("hc_session", str(old))  # a stolen old cookie is dead too
    assert client.get("/api/me").status_code == 401
    client.cookies.clear()
    token = csrf_of(client, "/login")
    r = client.post(
        "/login", data={"csrf_token": token, "email": "A@example.com", "password": PASSWORD}
    )
    assert r.status_code == 303
    assert client.get("/api/me").json()["email"] == "a@example.com"


@pytest.mark.parametrize(
    ("email", "password"), [("a@example.com", "wrong password!"), ("nobody@example.com", PASSWORD)]
)
def test_wrong_login_says_the_same_for_both_cases(
    client: TestClient, email: str, password: str
) -> None:
    signup(client, email="a@example.com")
    client.cookies.clear()
    token = csrf_of(client, "/login")
    r = client.post("/login", data={"csrf_token": token, "email": email, "password": password})
    assert r.status_code == 401
    assert "wrong email or password" in r.text
    assert "hc_session" not in r.headers.get("set-cookie", "")


def test_sign_up_validation_and_duplicate_email(client: TestClient) -> None:
    token = csrf_of(client, "/signup")
    base = {
        "csrf_token": token,
        "email": "a@example.com",
        "display_name": "A",
        "password": PASSWORD,
        "role": "athlete",
    }
    assert client.post("/signup", data=base | {"password": "short"}).status_code == 422
    assert client.post("/signup", data=base | {"email": "not-an-email"}).status_code == 422
    assert client.post("/signup", data=base | {"role": "admin"}).status_code == 422
    first = client.post("/signup", data=base)
    client.cookies.clear()
    again = client.post(
        "/signup",
        data=base | {"csrf_token": csrf_of(client, "/signup"), "password": "another password"},
    )
    fresh = client.post(
        "/signup",
        data=base | {"csrf_token": csrf_of(client, "/signup"), "email": "new@example.com"},
    )
    answers = [
        (r.status_code, r.headers.get("location"), r.headers.get_list("set-cookie"), r.text)
        for r in (first, again, fresh)
    ]
    assert answers[0] == answers[1] == answers[2]  # a taken e-mail is not told apart
    assert answers[0][:2] == (303, "/login?signed_up=1")
    client.post(  # the taken account kept its own password: the second sign-up changed nothing
        "/login",
        data={"csrf_token": csrf_of(client, "/login"), "email": "a@example.com"}
        | {"password": "another password"},
    )
    assert client.get("/api/me").status_code == 401
    log_in(client, email="a@example.com")
    assert client.get("/api/me").json()["display_name"] == "A"


@pytest.mark.parametrize("token", [None, "", "0" * 64, "forged"])
def test_every_form_refuses_a_missing_or_invalid_csrf_token(
    client: TestClient, tiny_clip: Clip, token: str | None
) -> None:
    anon_forms = {
        "/signup": {
            "email": "x@example.com",
            "display_name": "X",
            "password": PASSWORD,
            "role": "coach",
        },
        "/login": {"email": "x@example.com", "password": PASSWORD},
    }
    for path, data in anon_forms.items():
        csrf_of(client, path)  # the browser has its anonymous cookie
        sent = data if token is None else data | {"csrf_token": token}
        r = client.post(path, data=sent)
        assert r.status_code == 403, path
        assert "CSRF" in r.json()["detail"]
    signup(client, email="coach@example.com", role="coach")
    for path, data in {"/athletes": {"name": "Sam"}, "/logout": {}}.items():
        sent = data if token is None else data | {"csrf_token": token}
        assert client.post(path, data=sent).status_code == 403, path
    fields = {} if token is None else {"csrf_token": token}
    r = client.post(
        "/uploads",
        data=fields | {"athlete_id": "1"},
        files=[("files", ("a.mp4", tiny_clip.bytes(), "video/mp4"))],
    )
    assert r.status_code == 403
    assert client.get("/api/me").status_code == 200  # still signed in: logout was refused


def test_a_token_from_another_browser_does_not_work(client: TestClient, settings: Settings) -> None:
    signup(client, email="a@example.com", role="coach")
    stolen = csrf_of(client)
    other = TestClient(client.app, base_url="https://testserver", follow_redirects=False)
    signup(other, email="b@example.com", role="coach")
    assert other.post("/athletes", data={"csrf_token": stolen, "name": "X"}).status_code == 403
    r = other.post("/athletes", data={"csrf_token": csrf_of(other), "name": "X"})
    assert r.status_code == 303


def test_pages_redirect_to_log_in_and_the_api_says_401(client: TestClient) -> None:
    r = client.get("/", headers=HTML)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert client.get("/api/me").status_code == 401
    page = client.get("/login", headers=HTML)
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"


def test_forms_work_for_a_signed_in_browser_too(client: TestClient) -> None:
    signup(client, email="a@example.com")
    token = csrf_of(client, "/signup")  # the page knows who is signed in
    r = client.post(
        "/signup",
        data={
            "csrf_token": token,
            "email": "b@example.com",
            "display_name": "B",
            "password": PASSWORD,
            "role": "athlete",
        },
    )
    assert r.status_code == 303 and r.headers["location"] == "/login?signed_up=1"
    log_in(client, email="b@example.com")
    assert client.get("/api/me").json()["email"] == "b@example.com"


def test_password_guessing_is_throttled(client: TestClient) -> None:
    signup(client, email="a@example.com")
    client.cookies.clear()  # a browser the account does not know
    token = csrf_of(client, "/login")
    throttle = client.app.state.throttle  # type: ignore[attr-defined]
    now = [0.0]
    throttle.per_account, throttle.clock = 3, lambda: now[0]
    wrong = {"csrf_token": token, "email": "a@example.com", "password": "guess-guess"}
    assert [client.post("/login", data=wrong).status_code for _ in range(3)] == [401] * 3
    right = wrong | {"password": PASSWORD}
    r = client.post("/login", data=right)
    assert r.status_code == 429 and "too many failed log-ins for this email" in r.text
    now[0] += throttle.window_s + 1  # the window passes
    assert client.post("/login", data=right).status_code == 303


def _guesser(client: TestClient, address: str) -> TestClient:
    """Another browser on another address, on the same app."""
    return TestClient(
        client.app, base_url="https://testserver", follow_redirects=False, client=(address, 1)
    )


def test_strangers_guessing_do_not_lock_the_owner_out(client: TestClient) -> None:
    """Ten bad passwords from elsewhere refuse strangers, not the owner's own browser."""
    signup(client, email="a@example.com")  # this browser becomes a known device
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    for i in range(12):
        thief = _guesser(client, f"10.0.0.{i}")
        data = {"csrf_token": csrf_of(thief, "/login"), "email": "a@example.com"}
        r = thief.post("/login", data=data | {"password": f"guess-{i:04d}-x"})
        assert r.status_code == (401 if i < 10 else 429), i
    token = csrf_of(client, "/login")
    right = {"csrf_token": token, "email": "a@example.com", "password": PASSWORD}
    assert client.post("/login", data=right).status_code == 303


def test_one_client_guessing_many_accounts_is_throttled(client: TestClient) -> None:
    thief = _guesser(client, "10.9.9.9")
    token = csrf_of(thief, "/login")
    limit = client.app.state.throttle.per_client  # type: ignore[attr-defined]
    codes = [
        thief.post(
            "/login",
            data={"csrf_token": token, "email": f"u{i}@example.com", "password": "guess-guess"},
        ).status_code
        for i in range(limit + 1)
    ]
    assert codes == [401] * limit + [429]
    r = thief.post("/login", data={"csrf_token": token, "email": "x@example.com", "password": "p"})
    assert "too many failed log-ins from this address" in r.text
    other = _guesser(client, "10.9.9.10")  # another address is not affected
    data = {"csrf_token": csrf_of(other, "/login"), "email": "u0@example.com", "password": "p"}
    assert other.post("/login", data=data).status_code == 401


def test_concurrent_log_ins_hash_a_few_at_a_time(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """30 log-ins at once: never more hashes in memory than the slots (2), the rest wait."""
    from hingecoach.web import security

    real_verify = security._hasher.verify
    active, most, lock = [0], [0], threading.Lock()
    crowd = threading.Event()

    def verify(hash_: str, password: str) -> bool:
        with lock:
            active[0] += 1
            most[0] = max(most[0], active[0])
            if active[0] > 2:
                crowd.set()
        crowd.wait(0.05)  # hold the slot briefly so unbounded callers would pile up
        try:
            return real_verify(hash_, password)
        finally:
            with lock:
                active[0] -= 1

    monkeypatch.setattr(security, "_hasher", SimpleNamespace(verify=verify))
    slots = client.app.state.hash_slots  # type: ignore[attr-defined]
    slots.wait_s = 120.0  # every request waits its turn: none is turned away in this test

    def attempt(i: int) -> int:
        c = _guesser(client, f"10.1.0.{i}")
        data = {"csrf_token": csrf_of(c, "/login"), "email": f"n{i}@example.com", "password": "x"}
        return c.post("/login", data=data).status_code

    with ThreadPoolExecutor(max_workers=30) as pool:
        codes = list(pool.map(attempt, range(30)))
    assert codes == [401] * 30
    assert 1 <= most[0] <= slots.slots == 2


def test_a_log_in_that_waits_too_long_for_a_slot_is_told_the_server_is_busy(
    client: TestClient,
) -> None:
    slots = client.app.state.hash_slots  # type: ignore[attr-defined]
    slots.wait_s = 0.0
    held = [slots._sem.acquire() for _ in range(slots.slots)]  # every slot taken
    try:
        token = csrf_of(client, "/login")
        r = client.post("/login", data={"csrf_token": token, "email": "a@b.c", "password": "x"})
    finally:
        for _ in held:
            slots._sem.release()
    assert r.status_code == 503 and "server is busy" in r.text
