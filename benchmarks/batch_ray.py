"""Videos per minute of ``hingecoach batch --ray`` with 1, 2 and 4 Ray workers, in one run.

Run as ``.venv/bin/python benchmarks/batch_ray.py [CLIP ...]`` (default: every clip in
``../shared/data/clips``). It starts a local Ray cluster on 127.0.0.1 in this process (``--cpus``
logical CPUs, default 4 so that 4 actors fit), then for each worker count runs the whole batch
path (:func:`hingecoach.batch.run.run_batch` with :func:`hingecoach.batch.ray_pool.run_ray`,
nothing saved to a store) into a fresh output folder, and prints the videos, frames, wall time,
videos per minute and each count's ratio to 1 worker. The time runs from the call to the last
video's outputs written: it includes starting the actors (the MediaPipe import), planning the
chunks, the pose, the engine and the report of every video. The cluster is shut down at the end.

Ratios, not absolute speeds, carry over between machines; on a 2-core machine 4 workers share
2 cores, so above 2 the ratio can only fall. Always exits 0 (a failed video is printed).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("GLOG_minloglevel", "2")
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # Ray on loopback only
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # and it reports nothing anywhere

REPO = Path(__file__).resolve().parents[1]
CLIPS = REPO.parent / "shared" / "data" / "clips"
WORKERS = (1, 2, 4)


def main() -> int:
    """Parse the arguments, time one batch per worker count, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("clips", nargs="*", type=Path, help="videos (default: the shared clips)")
    parser.add_argument("--cpus", type=int, default=4, help="logical CPUs of the local cluster")
    args = parser.parse_args()
    clips = args.clips or sorted(CLIPS.glob("*.mp4"))
    if not clips:
        print(f"no clips given and none in {CLIPS}", file=sys.stderr)
        return 0

    import ray

    from hingecoach.batch.inputs import Settings, expand_inputs
    from hingecoach.batch.ray_pool import run_ray
    from hingecoach.batch.run import run_batch
    from hingecoach.video.decode import probe

    items = expand_inputs([str(c) for c in clips])
    frames = sum(probe(c).n_frames_estimate for c in clips)
    print(f"{len(items)} videos, ~{frames} frames, os.cpu_count()={os.cpu_count()}")
    ray.init(
        num_cpus=args.cpus,
        include_dashboard=False,
        logging_level=logging.ERROR,
        log_to_driver=False,
    )
    rows = []
    try:
        for n in WORKERS:
            with tempfile.TemporaryDirectory(prefix="batch-bench-") as out:
                start = time.perf_counter()
                done = run_batch(
                    items, Settings(), Path(out), runner=lambda js, n=n: run_ray(js, n)
                )
                wall_s = time.perf_counter() - start
            failed = [r for r in done if r.status != "done"]
            for r in failed:
                print(f"  {n} workers: {Path(r.path).name}: {r.status} {r.reason}")
            ok = len(done) - len(failed)
            rows.append((n, ok, wall_s, 60.0 * ok / wall_s))
            print(f"{n} workers: {ok} videos in {wall_s:.1f} s", flush=True)
    finally:
        ray.shutdown()
    base = rows[0][3]
    print(f"\n{'workers':>7} {'videos':>6} {'wall s':>7} {'videos/min':>10} {'ratio':>6}")
    for n, ok, wall_s, per_min in rows:
        print(f"{n:>7} {ok:>6} {wall_s:>7.1f} {per_min:>10.2f} {per_min / base:>6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
