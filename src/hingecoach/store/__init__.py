"""History and progress: saved sets, re-analyses, recurring faults, the form-limited load.

The only package that imports SQLAlchemy. Open a store, then call the data-access functions
(store first, everything else by keyword); they return plain pydantic records::

    store = open_store()                       # $HINGECOACH_DB or the per-user SQLite file
    save_result(store, athlete="Sam", result=r, load="100kg", set_number=None, note=None,
                track=track)                   # keep the landmarks: the set can be re-judged
    reanalyse_set(store, set_id=12, profile_override=Path("strict.toml"))
    history = athlete_history(store, athlete="Sam")

The names below load on first use (PEP 562), so importing ``hingecoach.store.commands`` to
register the ``history`` command does not pull SQLAlchemy and Alembic into every CLI start.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hingecoach.store.db import Store, open_store
    from hingecoach.store.history import CLEAN_SCORE, athlete_history
    from hingecoach.store.loads import parse_load
    from hingecoach.store.records import (
        AnalysisRef,
        FaultCount,
        FormLimit,
        History,
        SavedSet,
        SessionSummary,
        SetSummary,
    )
    from hingecoach.store.repo import (
        list_athletes,
        load_result,
        load_track,
        reanalyse,
        reanalyse_set,
        save_result,
        set_analyses,
    )

_HOME = {
    "Store": "db",
    "open_store": "db",
    "CLEAN_SCORE": "history",
    "athlete_history": "history",
    "parse_load": "loads",
    "AnalysisRef": "records",
    "FaultCount": "records",
    "FormLimit": "records",
    "History": "records",
    "SavedSet": "records",
    "SessionSummary": "records",
    "SetSummary": "records",
    "list_athletes": "repo",
    "load_result": "repo",
    "load_track": "repo",
    "reanalyse": "repo",
    "reanalyse_set": "repo",
    "save_result": "repo",
    "set_analyses": "repo",
}

__all__ = [
    "CLEAN_SCORE",
    "AnalysisRef",
    "FaultCount",
    "FormLimit",
    "History",
    "SavedSet",
    "SessionSummary",
    "SetSummary",
    "Store",
    "athlete_history",
    "list_athletes",
    "load_result",
    "load_track",
    "open_store",
    "parse_load",
    "reanalyse",
    "reanalyse_set",
    "save_result",
    "set_analyses",
]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
