"""Passwords, login tokens and CSRF tokens.

* Passwords: argon2id (argon2-cffi's defaults: 3 passes over 64 MiB), re-hashed on login when
  the parameters change.
* Logins: a random 256-bit token in an HttpOnly, Secure, SameSite=Lax cookie; the database keeps
  only its SHA-256, so a leaked database does not sign anyone in.
* CSRF: every form carries ``HMAC(secret, "csrf:" + key)``. Signed in, the key is the login
  token; before signing in (the sign-up and log-in forms) it is a random ``hc_anon`` cookie.
  The cookie is SameSite=Strict and the token cannot be computed without the server's secret.
* Guessing: :class:`LoginThrottle` counts failed log-ins per client address (30 in 15 minutes)
  and per account (10 in 15 minutes). A browser that once logged in to an account carries a
  signed device cookie for it, and is counted on its own: other people's bad passwords do not
  lock the owner out of their own browser.
* Cost: each argon2 hash holds 64 MiB and a core for a fraction of a second, so
  :class:`HashSlots` lets only a few run at once; a log-in that cannot get a slot soon is
  answered "busy" instead of queueing memory.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

SESSION_COOKIE = "hc_session"
ANON_COOKIE = "hc_anon"
DEVICE_COOKIE = "hc_device"
#: How long a browser stays known to an account after a log-in, seconds (one year).
DEVICE_TTL_S = 365 * 24 * 3600
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


def device_cookie(secret: str, email: str) -> str:
    """A new device cookie value for a browser that just logged in to ``email``."""
    nonce = secrets.token_urlsafe(16)
    return f"{nonce}.{csrf_token(secret, f'device:{nonce}:{email}')}"


def device_of(secret: str, cookie: str | None, email: str) -> str | None:
    """The device id in ``cookie`` when it was issued for ``email`` (constant-time), else None."""
    nonce, _, sig = (cookie or "").partition(".")
    if not nonce or not sig:
        return None
    expected = csrf_token(secret, f"device:{nonce}:{email}")
    return nonce if hmac.compare_digest(expected, sig) else None


class ServerBusy(Exception):
    """No password-hashing slot came free in time."""


class HashSlots:
    """At most ``slots`` password hashes at once; a caller waits at most ``wait_s`` for one."""

    def __init__(self, slots: int, *, wait_s: float = 10.0):
        """Allow ``slots`` concurrent hashes (each argon2id hash holds 64 MiB)."""
        self.slots = slots
        self.wait_s = wait_s
        self._sem = threading.BoundedSemaphore(slots)

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one slot for the block.

        Raises:
            ServerBusy: none came free within ``wait_s``.
        """
        if not self._sem.acquire(timeout=self.wait_s):
            raise ServerBusy()
        try:
            yield
        finally:
            self._sem.release()


class LoginThrottle:
    """Slows password guessing: failed log-ins counted per client and per account (or device).

    Within ``window_s`` seconds, a client address with ``per_client`` failures (on any accounts)
    is refused, and so is an account with ``per_account`` failures from browsers it does not
    know. A browser with the account's device cookie (``device``) is counted on its own, so
    strangers guessing cannot lock the owner out of a browser they logged in with before.

    In memory, per server process (the app runs one); a restart forgets it, which costs an
    attacker a restart they cannot cause.
    """

    def __init__(
        self,
        *,
        per_account: int = 10,
        per_client: int = 30,
        window_s: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        """Set the limits; ``clock`` gives monotonic seconds (tests pass their own)."""
        self.per_account = per_account
        self.per_client = per_client
        self.window_s = window_s
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] > self.window_s:
            times.popleft()
        if not times:
            del self._failures[key]  # do not keep an entry per address ever seen
            return deque()
        return times

    @staticmethod
    def _account(email: str, device: str | None) -> tuple[str, str]:
        return ("device", device) if device else ("account", email)

    def refusal(self, *, email: str, client: str, device: str | None = None) -> str | None:
        """Why a log-in is refused right now (a message for the user), or None."""
        now = self.clock()
        with self._lock:
            if len(self._recent(("client", client), now)) >= self.per_client:
                return "too many failed log-ins from this address: wait 15 minutes"
            if len(self._recent(self._account(email, device), now)) >= self.per_account:
                return "too many failed log-ins for this email: wait 15 minutes"
        return None

    def failed(self, *, email: str, client: str, device: str | None = None) -> None:
        """Count a failed log-in against the client and the account (or the known device)."""
        now = self.clock()
        with self._lock:
            for key in (("client", client), self._account(email, device)):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, *, email: str, device: str | None = None) -> None:
        """Forget the failures of an account (or device) that just logged in."""
        with self._lock:
            self._failures.pop(self._account(email, device), None)
