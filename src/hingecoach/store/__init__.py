"""History and progress: saved sets, re-analyses, recurring faults, the form-limited load.

The only package that imports SQLAlchemy. Open a store, then call the data-access functions
(store first, everything else by keyword); they return plain records, never ORM objects::

    store = open_store()                       # $HINGECOACH_DB or the per-user SQLite file
    save_result(store, athlete="Sam", result=r, load="100kg", set_number=None, note=None,
                track=track)                   # keep the landmarks: the set can be re-judged
    stored = load_stored_track(store, set_id=12)    # re-analysis: judge stored.track anew,
    reanalyse(store, set_id=12, result=new_result)  # then keep that as the current verdict
    history = athlete_history(store, athlete="Sam")

Storage only: no commands, pages or analysis here (``hingecoach.pipeline.reanalyse_set`` runs
the engine between those two calls). The names below load on first use (PEP 562), so importing
``hingecoach.store`` does not pull SQLAlchemy and Alembic into every CLI start.
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
        StoredTrack,
        list_athletes,
        load_result,
        load_stored_track,
        load_track,
        reanalyse,
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
    "StoredTrack": "repo",
    "list_athletes": "repo",
    "load_result": "repo",
    "load_stored_track": "repo",
    "load_track": "repo",
    "reanalyse": "repo",
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
    "StoredTrack",
    "athlete_history",
    "list_athletes",
    "load_result",
    "load_stored_track",
    "load_track",
    "open_store",
    "parse_load",
    "reanalyse",
    "save_result",
    "set_analyses",
]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
