"""A job's self-test: run on the set its analysis measured, written next to its outputs.

A self-test job is an analysis of the upload on the unweighted-drill profile (the profile the
CLI's self-tests use, :data:`hingecoach.selftest.run.PROFILE`), so the worker's pose pass and
engine serve both; this adds the self-test's result as ``selftest.json`` and its page
(:mod:`hingecoach.selftest.report`) as ``selftest.html`` in the job's result folder.
"""

from __future__ import annotations

from pathlib import Path

from hingecoach.errors import InputError
from hingecoach.kinematics.signals import compute_signals
from hingecoach.pipeline import Analysed
from hingecoach.selftest.report import write_report
from hingecoach.selftest.request import SelfTestRequest, run_request
from hingecoach.selftest.run import Prepared

#: The result's JSON and its page, in the job's result folder.
RESULT_JSON = "selftest.json"
RESULT_HTML = "selftest.html"


def write_selftest(done: Analysed, request_json: str, folder: Path, *, source: str) -> None:
    """Run the requested self-test on ``done`` and write its JSON and page into ``folder``.

    Args:
        done: the job's analysis (its track, the engine's reps and warnings, the video).
        request_json: the job's :class:`SelfTestRequest` as stored.
        folder: where the job's outputs are being written.
        source: the name the user knows the video by (never the server's path).

    Raises:
        InputError: the page cannot be written, or the video cannot be decoded for the dowel.
    """
    request = SelfTestRequest.model_validate_json(request_json)
    prepared = Prepared(
        track=done.track,
        sig=compute_signals(done.track),
        reps=list(done.result.reps),
        warnings=list(done.result.warnings),
        video=done.video,
    )
    result = run_request(request, prepared).model_copy(update={"source": source})
    try:
        (folder / RESULT_JSON).write_text(result.model_dump_json(indent=2) + "\n", encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot write the self-test result: {e.strerror or e}") from None
    write_report(result, folder / RESULT_HTML)
