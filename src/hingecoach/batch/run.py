"""The caller's side of a batch: plan, hand the videos to a pool, write outputs, save, resume.

Order for each finished video, chosen so a crash anywhere leaves nothing twice:

1. the worker's analysed set comes back (workers write nothing);
2. the set is saved to the store when it has an athlete, with the note ``batch <key>``; a set
   with that note already saved for the athlete is not saved again (a crash after the save
   and before step 3 re-analyses the video but finds its set);
3. the outputs (``result.json``, ``reps.csv``, ``report.html``) and ``done.json`` are written to
   ``<out>/<video stem>-<key>.partial`` and the folder renamed to ``<out>/<stem>-<key>``: that
   folder existing is what "done" means, so a re-run skips it and redoes only the rest.

A video whose analysis fails gets no folder, so a re-run tries it again.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from hingecoach.batch.inputs import Item, Settings, file_sha256, video_key
from hingecoach.batch.work import Outcome, VideoJob
from hingecoach.errors import InputError
from hingecoach.pipeline import Analysed, Outputs, write_outputs

#: The marker file of a finished video's folder.
DONE_FILE = "done.json"
#: The summary of the last run, in the output folder.
SUMMARY_FILE = "batch-summary.json"
#: Hex digits of the key in folder names and store notes.
KEY_CHARS = 12

Status = Literal["done", "skipped", "failed"]
Runner = Callable[[list[VideoJob]], Iterator[Outcome]]


@dataclass(frozen=True)
class Row:
    """One video's line in the summary.

    Attributes:
        path: the video (or the name that was not one).
        status: ``done`` analysed now, ``skipped`` done before (or a copy of another video in
            this batch), ``failed``.
        reason: why it failed or was skipped (one line); empty when done.
        out_dir: its outputs' folder, when it has one.
        exercise: the exercise judged (done or skipped).
        reps: reps counted.
        score: the set's score.
        set_id: its set in the store, when saved.
    """

    path: str
    status: Status
    reason: str = ""
    out_dir: str | None = None
    exercise: str | None = None
    reps: int | None = None
    score: int | None = None
    set_id: int | None = None


@dataclass(frozen=True)
class _Todo:
    job: VideoJob
    key: str
    out_dir: Path
    athlete: str | None


class StoreSaver:
    """Saves sets to the store (the caller only), once per athlete and key."""

    def __init__(self, db: str | None) -> None:
        """Open the store at ``db`` (None: ``$HINGECOACH_DB``, else the per-user file).

        Raises:
            InputError: the database cannot be opened.
        """
        from hingecoach.store import open_store

        self.store = open_store(db)
        self._saved: dict[str, dict[str, int]] = {}  # athlete → note → set id

    def _notes(self, athlete: str) -> dict[str, int]:
        from hingecoach.store import athlete_history

        if athlete not in self._saved:
            try:
                sets = athlete_history(self.store, athlete=athlete).sets
            except InputError:  # no such athlete yet
                sets = []
            self._saved[athlete] = {s.note: s.set_id for s in sets if s.note}
        return self._saved[athlete]

    def save(self, athlete: str, key: str, done: Analysed) -> int:
        """Save the set unless a set with this key is saved for the athlete; its set id.

        Raises:
            InputError: the database refused the write, or a bad athlete name.
        """
        from hingecoach.store import save_result

        note = f"batch {key[:KEY_CHARS]}"
        notes = self._notes(athlete)
        if note not in notes:
            saved = save_result(
                self.store,
                athlete=athlete,
                result=done.result,
                load=None,
                set_number=None,
                note=note,
                track=done.track,
            )
            notes[note] = saved.set_id
        return notes[note]

    def close(self) -> None:
        """Close the store."""
        self.store.close()


def run_batch(
    items: list[Item],
    settings: Settings,
    out: Path,
    *,
    runner: Runner,
    saver: StoreSaver | None = None,
    on_row: Callable[[Row], None] | None = None,
) -> list[Row]:
    """Analyse every video not done yet, write its outputs and save it; one row per item.

    Args:
        items: from :func:`~hingecoach.batch.inputs.expand_inputs`.
        settings: the batch's analysis settings.
        out: the output folder (created).
        runner: the pool: jobs in, outcomes out as they finish (local processes or Ray).
        saver: the store, when sets are saved (an athlete was given); None saves nothing.
        on_row: called with each row as it is known (a progress bar).

    Returns:
        The rows in the order of ``items``; also written to ``<out>/batch-summary.json``.
    """
    out.mkdir(parents=True, exist_ok=True)
    rows: dict[int, Row] = {}

    def note(index: int, row: Row) -> None:
        rows[index] = row
        if on_row is not None:
            on_row(row)

    todo = _plan(items, settings, out, note)
    for outcome in runner([t.job for t in todo.values()]):
        note(outcome.index, _finish(todo[outcome.index], outcome, saver))
    ordered = [rows[i] for i in sorted(rows)]
    (out / SUMMARY_FILE).write_text(
        json.dumps([asdict(r) for r in ordered], indent=2), encoding="utf-8"
    )
    return ordered


def _plan(
    items: list[Item], settings: Settings, out: Path, note: Callable[[int, Row], None]
) -> dict[int, _Todo]:
    """Rows for what needs no work (bad names, done before, copies); the jobs for the rest."""
    todo: dict[int, _Todo] = {}
    first_of: dict[str, str] = {}
    for index, item in enumerate(items):
        name = str(item.path)
        if item.error is not None:
            note(index, Row(name, "failed", item.error))
            continue
        path = Path(os.path.abspath(item.path))  # symlinks kept: their folder may be the athlete
        if not path.is_file():
            note(index, Row(name, "failed", "not a file"))
            continue
        try:
            sha256 = file_sha256(path)
        except OSError as e:
            note(index, Row(name, "failed", f"cannot read: {e.strerror or e}"))
            continue
        athlete = settings.athlete_for(path)
        key = video_key(sha256, settings, athlete)
        if key in first_of:
            note(index, Row(name, "skipped", f"same video as {first_of[key]}"))
            continue
        first_of[key] = name
        out_dir = out / f"{path.stem}-{key[:KEY_CHARS]}"
        skipped = _read_done(out_dir, name)
        if skipped is not None:
            note(index, skipped)
            continue
        job = VideoJob(index, str(path), sha256, settings.exercise, settings.profile_toml)
        todo[index] = _Todo(job, key, out_dir, athlete)
    return todo


def _read_done(out_dir: Path, name: str) -> Row | None:
    """The row saved in a finished video's folder, as skipped; None when it is not finished."""
    try:
        saved = json.loads((out_dir / DONE_FILE).read_text(encoding="utf-8"))
        return Row(
            name,
            "skipped",
            "already done",
            out_dir=str(out_dir),
            exercise=saved.get("exercise"),
            reps=saved.get("reps"),
            score=saved.get("score"),
            set_id=saved.get("set_id"),
        )
    except (OSError, ValueError, AttributeError):
        return None


def _finish(todo: _Todo, outcome: Outcome, saver: StoreSaver | None) -> Row:
    """Save one finished video and write its outputs (see the module docstring for the order)."""
    name = todo.job.path
    if outcome.analysed is None:
        return Row(name, "failed", outcome.error or "unknown error")
    video = Path(todo.job.path)
    done = Analysed(outcome.analysed.result, outcome.analysed.track, video)
    result = done.result
    set_id = None
    try:
        if saver is not None and todo.athlete is not None:
            set_id = saver.save(todo.athlete, todo.key, done)
        row = Row(
            name,
            "done",
            out_dir=str(todo.out_dir),
            exercise=result.exercise,
            reps=result.rep_count,
            score=result.score,
            set_id=set_id,
        )
        _write_folder(done, todo.out_dir, row)
    except InputError as e:
        return Row(name, "failed", str(e).splitlines()[0], set_id=set_id)
    return row


def _write_folder(done: Analysed, out_dir: Path, row: Row) -> None:
    """Write the outputs and ``done.json`` to a partial folder, then rename it into place.

    Raises:
        InputError: a file cannot be written.
    """
    partial = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        partial.mkdir(parents=True)
        write_outputs(
            done,
            Outputs(
                json=partial / "result.json",
                csv=partial / "reps.csv",
                report=partial / "report.html",
            ),
        )
        record = {k: v for k, v in asdict(row).items() if k not in ("status", "reason")}
        (partial / DONE_FILE).write_text(json.dumps(record, indent=2), encoding="utf-8")
        shutil.rmtree(out_dir, ignore_errors=True)
        os.replace(partial, out_dir)
    except OSError as e:
        raise InputError(f"{out_dir}: cannot write the outputs: {e.strerror or e}") from None
    finally:
        shutil.rmtree(partial, ignore_errors=True)
