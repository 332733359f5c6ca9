"""Accounts and logins (the browser sessions behind the cookie)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from hingecoach.errors import InputError
from hingecoach.store.db import Store
from hingecoach.store.schema import utcnow
from hingecoach.store.web.records import Role, UserRecord
from hingecoach.store.web.tables import Login, User, WebAthlete


def _record(user: User) -> UserRecord:
    return UserRecord(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=user.role,  # type: ignore[arg-type]
    )


def create_user(
    store: Store, *, email: str, display_name: str, password_hash: str, role: Role
) -> UserRecord:
    """Create an account; an athlete account also gets its own athlete profile.

    Raises:
        InputError: an account with this email exists.
    """
    try:
        with store.write() as session:
            taken = session.execute(sa.select(User.id).where(User.email == email)).first()
            if taken:
                raise InputError("an account with this email already exists: log in instead")
            user = User(
                email=email, display_name=display_name, password_hash=password_hash, role=role
            )
            session.add(user)
            session.flush()
            if role == "athlete":
                profile = WebAthlete(name=display_name, store_name=f"~{email}", user_id=user.id)
                session.add(profile)
                session.flush()
                profile.store_name = store_athlete_name(display_name, profile.id)
            return _record(user)
    except sa.exc.IntegrityError:
        raise InputError("an account with this email already exists: log in instead") from None


def store_athlete_name(name: str, athlete_id: int) -> str:
    """The athlete's name in the store, unique per web profile (``Sam (web 7)``)."""
    return f"{name} (web {athlete_id})"


def user_for_email(store: Store, *, email: str) -> tuple[UserRecord, str] | None:
    """The account with this email and its password hash, or None."""
    with store.read() as session:
        user = session.execute(sa.select(User).where(User.email == email)).scalar_one_or_none()
        return None if user is None else (_record(user), user.password_hash)


def create_login(store: Store, *, user_id: int, token_sha256: str, expires_at: dt.datetime) -> None:
    """Record a signed-in browser (by the hash of its token)."""
    with store.write() as session:
        session.add(Login(token_sha256=token_sha256, user_id=user_id, expires_at=expires_at))


def user_for_login(store: Store, *, token_sha256: str) -> UserRecord | None:
    """The account signed in with this token, unless the login expired or was ended."""
    with store.read() as session:
        user = session.execute(
            sa.select(User)
            .join(Login, Login.user_id == User.id)
            .where(Login.token_sha256 == token_sha256, Login.expires_at > utcnow())
        ).scalar_one_or_none()
        return None if user is None else _record(user)


def end_login(store: Store, *, token_sha256: str) -> None:
    """Log a browser out (and drop every expired login while at it)."""
    with store.write() as session:
        session.execute(
            sa.delete(Login).where(
                sa.or_(Login.token_sha256 == token_sha256, Login.expires_at <= utcnow())
            )
        )
