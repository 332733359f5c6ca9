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
from hingecoach.web.deps import CsrfChecked, CurrentUser, SettingsDep, StoreDep, ThrottleDep
from hingecoach.web.pages import render
from hingecoach.web.schemas import LoginForm, UserCreate, UserPublic
from hingecoach.web.security import (
    LOGIN_TTL_S,
    SESSION_COOKIE,
    check_password,
    hash_password,
    new_token,
    token_sha256,
)
from hingecoach.web.settings import Settings

router = APIRouter(tags=["auth"])
FormStr = Annotated[str, Form()]


def _errors(e: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors())


def _signed_in(settings: Settings, store: StoreDep, user_id: int) -> Response:
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
    return response


@router.get("/signup", response_class=HTMLResponse)
def signup_page(request: Request) -> HTMLResponse:
    """The sign-up form."""
    return render(request, "signup.html")


@router.post("/signup", response_class=HTMLResponse, dependencies=[CsrfChecked])
def signup(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    email: FormStr = "",
    display_name: FormStr = "",
    password: FormStr = "",
    role: FormStr = "athlete",
) -> Response:
    """Create an account and sign it in."""
    try:
        form = UserCreate(email=email, display_name=display_name, password=password, role=role)  # type: ignore[arg-type]
        user = users.create_user(
            store,
            email=form.email,
            display_name=form.display_name,
            password_hash=hash_password(form.password),
            role=form.role,
        )
    except ValidationError as e:
        return render(
            request, "signup.html", {"error": _errors(e), "email": email}, status_code=422
        )
    except InputError as e:
        return render(request, "signup.html", {"error": str(e), "email": email}, status_code=409)
    return _signed_in(settings, store, user.id)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    """The log-in form."""
    return render(request, "login.html")


@router.post("/login", response_class=HTMLResponse, dependencies=[CsrfChecked])
def login(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    throttle: ThrottleDep,
    email: FormStr = "",
    password: FormStr = "",
) -> Response:
    """Check the password and sign in; one message for a wrong email or a wrong password."""
    form = LoginForm(email=email.strip().lower()[:254], password=password[:1000])
    if throttle.blocked(form.email):
        return render(
            request,
            "login.html",
            {"error": "too many failed log-ins for this email: wait 15 minutes", "email": email},
            status_code=429,
        )
    found = users.user_for_email(store, email=form.email)
    if not check_password(form.password, found[1] if found else None) or found is None:
        throttle.failed(form.email)
        return render(
            request,
            "login.html",
            {"error": "wrong email or password", "email": email},
            status_code=401,
        )
    throttle.succeeded(form.email)
    return _signed_in(settings, store, found[0].id)


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
