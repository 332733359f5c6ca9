"""Accounts and logins: sign up, log in, log out, who am I."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from hingecoach.errors import InputError
from hingecoach.store.schema import utcnow
from hingecoach.store.web import users
from hingecoach.web.deps import (
    ClientAddress,
    CsrfChecked,
    CurrentUser,
    HashSlotsDep,
    SettingsDep,
    StoreDep,
    ThrottleDep,
)
from hingecoach.web.pages import render
from hingecoach.web.schemas import LoginForm, UserCreate, UserPublic
from hingecoach.web.security import (
    DEVICE_COOKIE,
    DEVICE_TTL_S,
    LOGIN_TTL_S,
    SESSION_COOKIE,
    ServerBusy,
    check_password,
    device_cookie,
    device_of,
    hash_password,
    new_token,
    token_sha256,
)
from hingecoach.web.settings import Settings

router = APIRouter(tags=["auth"])
FormStr = Annotated[str, Form()]


BUSY = "the server is busy checking other log-ins: try again in a moment"


#: Where every sign-up goes, new e-mail or not.
SIGNED_UP_URL = "/login?signed_up=1"
#: What the log-in page says after a sign-up: true whether or not the e-mail was new.
SIGNED_UP_NOTE = (
    "If this e-mail had no account, it has one now: log in with it. "
    "If it already had one, nothing changed: log in with that account's password."
)


def _errors(e: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors())


def _signed_in(
    settings: Settings, store: StoreDep, user_id: int, *, new_device: str | None
) -> Response:
    """Log the browser in; with ``new_device`` (an email), it becomes a known device of it."""
    token = new_token()
    expires = utcnow() + dt.timedelta(seconds=LOGIN_TTL_S)
    users.create_login(store, user_id=user_id, token_sha256=token_sha256(token), expires_at=expires)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=LOGIN_TTL_S,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
        path="/",
    )
    if new_device is not None:
        response.set_cookie(
            DEVICE_COOKIE,
            device_cookie(settings.secret, new_device),
            max_age=DEVICE_TTL_S,
            httponly=True,
            secure=settings.secure_cookies,
            samesite="lax",
            path="/",
        )
    return response


@router.get("/signup", response_class=HTMLResponse)
def signup_page(request: Request) -> HTMLResponse:
    """The sign-up form."""
    return render(request, "signup.html")


@router.post("/signup", response_class=HTMLResponse, dependencies=[CsrfChecked])
def signup(
    request: Request,
    store: StoreDep,
    hash_slots: HashSlotsDep,
    email: FormStr = "",
    display_name: FormStr = "",
    password: FormStr = "",
    role: FormStr = "athlete",
) -> Response:
    """Create an account and send the browser to log in, the same answer for a taken e-mail.

    Sign-up must not tell strangers who has an account. A taken e-mail changes nothing (its
    account and password stay as they were); the password is hashed either way, so the time
    taken does not tell either. The browser is not signed in: that would tell the two apart.
    """
    try:
        form = UserCreate(email=email, display_name=display_name, password=password, role=role)  # type: ignore[arg-type]
        with hash_slots.slot():
            password_hash = hash_password(form.password)
        users.create_user(
            store,
            email=form.email,
            display_name=form.display_name,
            password_hash=password_hash,
            role=form.role,
        )
    except ServerBusy:
        return render(request, "signup.html", {"error": BUSY, "email": email}, status_code=503)
    except ValidationError as e:
        return render(
            request, "signup.html", {"error": _errors(e), "email": email}, status_code=422
        )
    except InputError:
        pass  # the e-mail has an account: answered exactly as a new one
    return RedirectResponse(SIGNED_UP_URL, status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, signed_up: bool = False) -> HTMLResponse:
    """The log-in form; after a sign-up, with the note :data:`SIGNED_UP_NOTE`."""
    return render(request, "login.html", {"note": SIGNED_UP_NOTE if signed_up else None})


@router.post("/login", response_class=HTMLResponse, dependencies=[CsrfChecked])
def login(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    throttle: ThrottleDep,
    hash_slots: HashSlotsDep,
    client: ClientAddress,
    email: FormStr = "",
    password: FormStr = "",
) -> Response:
    """Check the password and sign in; one message for a wrong email or a wrong password.

    Cheap refusals come first (throttle), then the password is checked in one of the few
    hashing slots (:class:`~hingecoach.web.security.HashSlots`).
    """
    try:
        form = LoginForm(email=email.strip().lower()[:254], password=password[:1000])
    except ValidationError:  # a control character: no account has one, so a wrong log-in
        form = LoginForm(email="", password="")
    device = device_of(settings.secret, request.cookies.get(DEVICE_COOKIE), form.email)
    refused = throttle.refusal(email=form.email, client=client, device=device)
    if refused:
        return render(request, "login.html", {"error": refused, "email": email}, status_code=429)
    found = users.user_for_email(store, email=form.email)
    try:
        with hash_slots.slot():
            ok = check_password(form.password, found[1] if found else None)
    except ServerBusy:
        return render(request, "login.html", {"error": BUSY, "email": email}, status_code=503)
    if not ok or found is None:
        throttle.failed(email=form.email, client=client, device=device)
        return render(
            request,
            "login.html",
            {"error": "wrong email or password", "email": email},
            status_code=401,
        )
    throttle.succeeded(email=form.email, device=device)
    return _signed_in(settings, store, found[0].id, new_device=None if device else form.email)


@router.post("/logout", dependencies=[CsrfChecked])
def logout(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """End this browser's login."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        users.end_login(store, token_sha256=token_sha256(token))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(
        SESSION_COOKIE, path="/", secure=settings.secure_cookies, httponly=True, samesite="lax"
    )
    return response


@router.get("/api/me", response_model=UserPublic)
def me(user: CurrentUser) -> UserPublic:
    """The signed-in account."""
    return UserPublic(**user.model_dump())
