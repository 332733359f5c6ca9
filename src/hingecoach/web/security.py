"""Passwords, login tokens and CSRF tokens.

* Passwords: argon2id (argon2-cffi's defaults: 3 passes over 64 MiB), re-hashed on login when
  the parameters change.
* Logins: a random 256-bit token in an HttpOnly, Secure, SameSite=Lax cookie; the database keeps
  only its SHA-256, so a leaked database does not sign anyone in.
* CSRF: every form carries ``HMAC(secret, "csrf:" + key)``. Signed in, the key is the login
  token; before signing in (the sign-up and log-in forms) it is a random ``hc_anon`` cookie.
  The cookie is SameSite=Strict and the token cannot be computed without the server's secret.
* Guessing: :class:`LoginThrottle` refuses an email after 10 failed log-ins in 15 minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

SESSION_COOKIE = "hc_session"
ANON_COOKIE = "hc_anon"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
#: How long a login lasts, seconds (14 days).
LOGIN_TTL_S = 14 * 24 * 3600
MIN_PASSWORD_LEN = 10

_hasher = PasswordHasher()
# A real hash to verify against when the email is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


def hash_password(password: str) -> str:
    """The argon2id hash of a password."""
    return _hasher.hash(password)


def check_password(password: str, password_hash: str | None) -> bool:
    """Whether the password matches (always spends one hash's time, even for no account)."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """A random URL-safe token (256 bits)."""
    return secrets.token_urlsafe(32)


def token_sha256(token: str) -> str:
    """What the database stores for a login token."""
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token(secret: str, key: str) -> str:
    """The CSRF token for a login token or an anonymous cookie value."""
    return hmac.new(secret.encode(), f"csrf:{key}".encode(), hashlib.sha256).hexdigest()


def csrf_ok(secret: str, key: str | None, given: str | None) -> bool:
    """Whether ``given`` is the CSRF token for ``key`` (constant-time)."""
    if not key or not given:
        return False
    return hmac.compare_digest(csrf_token(secret, key), given)


class LoginThrottle:
    """Slows password guessing by refusing an email after too many recent failed log-ins.

    After ``max_failures`` failed log-ins for one email within ``window_s`` seconds, that email is
    refused until the oldest failure leaves the window.

    In memory, per server process (the app runs one); a restart forgets it, which costs an
    attacker a restart they cannot cause.
    """

    def __init__(self, *, max_failures: int = 10, window_s: float = 900.0):
        """Allow ``max_failures`` failed log-ins per email within ``window_s`` seconds."""
        self.max_failures = max_failures
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] > self.window_s:
            times.popleft()
        return times

    def blocked(self, key: str) -> bool:
        """Whether log-ins for ``key`` are refused right now."""
        with self._lock:
            return len(self._recent(key, time.monotonic())) >= self.max_failures

    def failed(self, key: str) -> None:
        """Count a failed log-in."""
        with self._lock:
            self._recent(key, time.monotonic()).append(time.monotonic())

    def succeeded(self, key: str) -> None:
        """Forget the failures of a key that just logged in."""
        with self._lock:
            self._failures.pop(key, None)
