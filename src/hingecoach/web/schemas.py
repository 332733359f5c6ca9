"""Request and response schemas: separate create (input) and public (output) models."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from hingecoach.checks.profiles import EXERCISES
from hingecoach.errors import InputError
from hingecoach.selftest.request import (
    HEIGHT_RANGE_M,
    REPS_RANGE,
    WALL_RANGE_CM,
    Mode,
    SelfTestRequest,
)
from hingecoach.store.loads import parse_load
from hingecoach.web.security import MIN_PASSWORD_LEN

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: Control characters (NUL included: PostgreSQL refuses it in text): refused in every form text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Largest id the database holds (a signed 64-bit integer); larger ones are refused as input.
MAX_DB_ID = 2**63 - 1
#: An id in a URL or a form: 1 … :data:`MAX_DB_ID` (larger ones are a 422, not an overflow).
DbId = Annotated[int, Path(ge=1, le=MAX_DB_ID)]
#: Longest note on an upload, characters.
MAX_NOTE_CHARS = 500
#: Earliest day a set may have been filmed.
EARLIEST_FILMED = dt.date(2000, 1, 1)


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_control_characters(cls, v: object) -> object:
        if isinstance(v, str) and _CONTROL.search(v):
            raise ValueError("must not contain control characters (such as a NUL byte)")
        return v


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


def _clean_name(v: str) -> str:
    v = " ".join(v.split())
    if not v:
        raise ValueError("give a name")
    return v


class UserCreate(_In):
    """The sign-up form."""

    email: str = Field(max_length=254)
    display_name: str = Field(max_length=100)
    password: str = Field(min_length=MIN_PASSWORD_LEN, max_length=1000)
    role: Literal["coach", "athlete"]

    @field_validator("email")
    @classmethod
    def _email(cls, v: str) -> str:
        if not _EMAIL.match(v):
            raise ValueError("give a valid email address")
        return v.lower()

    _name = field_validator("display_name")(_clean_name)


class LoginForm(_In):
    """The log-in form."""

    email: str = Field(max_length=254)
    password: str = Field(max_length=1000)


class UserPublic(_Out):
    """An account as its owner sees it."""

    id: int
    email: str
    display_name: str
    role: Literal["coach", "athlete"]


class AthleteCreate(_In):
    """A coach adds an athlete."""

    name: str = Field(max_length=100)

    _name = field_validator("name")(_clean_name)


class AthletePublic(_Out):
    """An athlete profile."""

    id: int
    name: str
    is_self: bool


class UploadParams(_In):
    """The text fields of the upload form (the files are streamed separately)."""

    athlete_id: int = Field(ge=1, le=MAX_DB_ID)
    exercise: str | None = None
    load: str | None = Field(default=None, max_length=64)
    set_number: int | None = Field(default=None, ge=1, le=99)
    note: str | None = Field(default=None, max_length=MAX_NOTE_CHARS)
    filmed_on: dt.date | None = None
    #: A self-test to run on the video too (then the exercise is the unweighted drill).
    selftest: Mode | None = None
    height_m: float | None = Field(
        default=None, ge=HEIGHT_RANGE_M[0], le=HEIGHT_RANGE_M[1], allow_inf_nan=False
    )
    wall_cm: float | None = Field(
        default=None, ge=WALL_RANGE_CM[0], le=WALL_RANGE_CM[1], allow_inf_nan=False
    )
    reps: int | None = Field(default=None, ge=REPS_RANGE[0], le=REPS_RANGE[1])

    @field_validator(
        "exercise",
        "load",
        "set_number",
        "note",
        "filmed_on",
        "selftest",
        "height_m",
        "wall_cm",
        "reps",
        mode="before",
    )
    @classmethod
    def _blank_is_none(cls, v: object) -> object:
        return None if isinstance(v, str) and not v.strip() else v

    @model_validator(mode="after")
    def _selftest_needs_height(self) -> UploadParams:
        if self.selftest is not None and self.height_m is None:
            raise ValueError("height_m: give your height in metres for the self-test")
        return self

    def selftest_request(self) -> SelfTestRequest | None:
        """The self-test asked for (the wall's distance and the reps default as in the CLI)."""
        if self.selftest is None or self.height_m is None:
            return None
        request = SelfTestRequest(mode=self.selftest, height_m=self.height_m)
        if self.wall_cm is not None:
            request = request.model_copy(update={"wall_cm": self.wall_cm})
        if self.reps is not None:
            request = request.model_copy(update={"reps": self.reps})
        return request

    @field_validator("exercise")
    @classmethod
    def _exercise(cls, v: str | None) -> str | None:
        if v is not None and v not in EXERCISES:
            raise ValueError(f"unknown exercise; choose one of {', '.join(EXERCISES)}")
        return v

    @field_validator("filmed_on")
    @classmethod
    def _filmed_on(cls, v: dt.date | None) -> dt.date | None:
        # A day ahead of the server's is allowed: the uploader's time zone may be ahead.
        latest = dt.date.today() + dt.timedelta(days=1)
        if v is not None and not EARLIEST_FILMED <= v <= latest:
            raise ValueError(f"give the day the set was filmed, {EARLIEST_FILMED} to today")
        return v

    @field_validator("load")
    @classmethod
    def _load(cls, v: str | None) -> str | None:
        try:
            parse_load(v)
        except InputError as e:
            raise ValueError(str(e)) from None
        return v


class JobPublic(_Out):
    """An analysis job: state, progress and, when done, where the result is."""

    id: int
    athlete_id: int
    athlete_name: str
    file_name: str
    status: Literal["queued", "running", "done", "failed"]
    step: str
    stage: str
    progress: float
    frames_done: int | None
    frames_total: int | None
    frames_per_s: float | None
    seconds_left: float | None
    note: str | None
    filmed_on: dt.date | None
    error: str | None
    set_id: int | None
    rep_count: int | None
    score: int | None
    report_url: str | None
    selftest: Mode | None = None
    created_at: dt.datetime
