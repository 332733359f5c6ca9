"""A PoseTrack as stored bytes: hingecoach JSON, gzip-compressed (``track.encoding``).

The bytes are exactly what ``hingecoach.pose.keypoint_files.write_json`` writes, so a stored
track can be gunzipped into a file any hingecoach reads, and the format has one implementation.
That writer and reader work on files, so encoding goes through a temporary file (a few MB, a
fraction of a second, small beside the analysis itself).
"""

from __future__ import annotations

import gzip
import tempfile
import zlib
from pathlib import Path

from hingecoach.errors import InputError
from hingecoach.models import PoseTrack
from hingecoach.store.schema import TRACK_ENCODING

#: gzip level: 6 is within 0.5 % of 9's size on landmark JSON, in about half the time.
GZIP_LEVEL = 6


def encode_track(track: PoseTrack) -> bytes:
    """The gzipped hingecoach JSON of ``track`` (deterministic: no timestamp in the header).

    Raises:
        InputError: the track cannot be written as JSON (an infinite value).
    """
    from hingecoach.pose.keypoint_files import write_json

    with tempfile.TemporaryDirectory(prefix="hingecoach-track-") as tmp:
        path = Path(tmp) / "track.json"
        try:
            write_json(track, path)
        except ValueError as e:
            raise InputError(f"cannot store the set's landmarks: {e}") from None
        raw = path.read_bytes()
    return gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0)


def decode_track(data: bytes, *, encoding: str, set_id: int) -> PoseTrack:
    """The PoseTrack stored for set ``set_id``.

    Raises:
        InputError: an encoding this version does not know, or damaged data.
    """
    from hingecoach.pose.keypoint_files import read_json

    if encoding != TRACK_ENCODING:
        raise InputError(
            f"set {set_id}: its landmarks are stored as {encoding!r}, which this hingecoach "
            "cannot read: upgrade hingecoach"
        )
    try:
        raw = gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as e:
        raise InputError(f"set {set_id}: the stored landmarks are damaged ({e})") from None
    with tempfile.TemporaryDirectory(prefix="hingecoach-track-") as tmp:
        path = Path(tmp) / "track.json"
        path.write_bytes(raw)
        try:
            return read_json(path)
        except InputError as e:
            detail = str(e).replace(str(path), "stored track")
            raise InputError(f"set {set_id}: the stored landmarks are damaged: {detail}") from None
