"""Low-pass filtering of landmark and angle series.

Offline we filter forwards and backwards (zero phase) so that peaks — the bottom of a rep, the
lockout — stay where they happened. Live there is no future to look at, so the streaming path uses
the same Butterworth design run causally; it lags a little, which the rep segmenter tolerates.
Gaps (NaN) up to ``max_gap_s`` are bridged by linear interpolation before filtering and longer gaps
are left NaN, so a lifter walking out of frame is never invented.
"""

from __future__ import annotations

import numpy as np
from scipy import signal

#: Butterworth order used by both paths.
ORDER = 2
#: Longest gap (a landmark missed or rejected) bridged by interpolation before filtering, seconds.
MAX_GAP_S = 0.5


def _design(cutoff_hz: float, fs_hz: float) -> tuple[np.ndarray, np.ndarray]:
    nyq = 0.5 * fs_hz
    wn = min(cutoff_hz / nyq, 0.99)
    b, a = signal.butter(ORDER, wn)
    return b, a


def fill_gaps(x: np.ndarray, t_s: np.ndarray, *, max_gap_s: float) -> np.ndarray:
    """Linearly bridge NaN runs no longer than ``max_gap_s`` along axis 0.

    Args:
        x: ``(N, ...)`` series with NaN for missing samples.
        t_s: ``(N,)`` timestamps.
        max_gap_s: longest gap (from last good to next good sample) that is bridged.
    """
    out = np.array(x, dtype=float, copy=True)
    flat = out.reshape(out.shape[0], -1)
    for j in range(flat.shape[1]):
        col = flat[:, j]
        good = np.isfinite(col)
        if good.all() or good.sum() < 2:
            continue
        gi = np.flatnonzero(good)
        interp = np.interp(t_s, t_s[gi], col[gi])
        # Bridge only inside gaps that are short enough; never extrapolate at the ends.
        nxt = np.searchsorted(gi, np.arange(len(col)))
        for i in np.flatnonzero(~good):
            k = nxt[i]
            if k == 0 or k >= len(gi):
                continue
            if t_s[gi[k]] - t_s[gi[k - 1]] <= max_gap_s:
                col[i] = interp[i]
    return out


def zero_phase(
    x: np.ndarray, t_s: np.ndarray, *, cutoff_hz: float, max_gap_s: float = MAX_GAP_S
) -> np.ndarray:
    """Zero-phase low-pass of ``(N, ...)`` along axis 0, segment by segment between long gaps."""
    filled = fill_gaps(x, t_s, max_gap_s=max_gap_s)
    n = filled.shape[0]
    if n < 4:
        return filled
    fs = _sample_rate(t_s)
    b, a = _design(cutoff_hz, fs)
    flat = filled.reshape(n, -1)
    out = np.full_like(flat, np.nan)
    padlen = 3 * max(len(a), len(b))
    for j in range(flat.shape[1]):
        col = flat[:, j]
        for start, stop in _finite_runs(col):
            seg = col[start:stop]
            if len(seg) > padlen:
                out[start:stop, j] = signal.filtfilt(b, a, seg, padlen=padlen)
            else:
                out[start:stop, j] = seg
    return out.reshape(filled.shape)


class CausalFilter:
    """Frame-by-frame Butterworth low-pass for live use; NaN input restarts the state.

    Args:
        cutoff_hz: low-pass cut-off, Hz.
        fs_hz: the stream's frame rate, Hz.
        width: number of components filtered together in each sample.
    """

    def __init__(self, *, cutoff_hz: float, fs_hz: float, width: int) -> None:
        """Design the filter; the state starts at the first sample."""
        self._b, self._a = _design(cutoff_hz, fs_hz)
        self._zi0 = signal.lfilter_zi(self._b, self._a)
        self._width = width
        self._z: np.ndarray | None = None

    def step(self, x: np.ndarray) -> np.ndarray:
        """Filter one ``(width,)`` sample; components that are NaN pass through as NaN."""
        x = np.asarray(x, dtype=float).reshape(self._width)
        if self._z is None:
            self._z = np.outer(self._zi0, np.where(np.isfinite(x), x, 0.0))
        out = np.full(self._width, np.nan)
        for j in range(self._width):
            if not np.isfinite(x[j]):
                self._z[:, j] = np.nan
                continue
            if not np.all(np.isfinite(self._z[:, j])):
                self._z[:, j] = self._zi0 * x[j]
            y, self._z[:, j] = signal.lfilter(self._b, self._a, [x[j]], zi=self._z[:, j])
            out[j] = y[0]
        return out


def _sample_rate(t_s: np.ndarray) -> float:
    dt = np.diff(t_s)
    dt = dt[dt > 0]
    return float(1.0 / np.median(dt)) if len(dt) else 30.0


def _finite_runs(col: np.ndarray) -> list[tuple[int, int]]:
    good = np.isfinite(col).astype(np.int8)
    edges = np.diff(np.concatenate(([0], good, [0])))
    starts = np.flatnonzero(edges == 1)
    stops = np.flatnonzero(edges == -1)
    return list(zip(starts.tolist(), stops.tolist(), strict=True))


def running_median(x: np.ndarray, width: int) -> np.ndarray:
    """Centred running median of ``(N,)`` ignoring NaN; NaN stays NaN.

    A fault must last to count: a median over ``width`` frames passes a change held for more
    than half the window and removes single-frame spikes that a mean would smear around.

    Args:
        x: ``(N,)`` series, NaN where not measured.
        width: window length in frames; odd, so the window is centred on its frame.

    Returns:
        ``(N,)`` medians; NaN wherever ``x`` is NaN.

    Raises:
        ValueError: ``width`` is not a positive odd number.
    """
    if width < 1 or width % 2 == 0:
        raise ValueError(f"running median width must be a positive odd frame count, got {width}")
    half = width // 2
    padded = np.pad(np.asarray(x, dtype=float), half, constant_values=np.nan)
    windows = np.lib.stride_tricks.sliding_window_view(padded, width)
    out = np.full(len(x), np.nan)
    ok = np.isfinite(windows).any(axis=1)
    if ok.any():
        out[ok] = np.nanmedian(windows[ok], axis=1)
    out[~np.isfinite(x)] = np.nan
    return out


def window_frames(window_s: float, t_s: np.ndarray) -> int:
    """The odd number of frames nearest to ``window_s`` seconds at the frame rate of ``t_s``.

    The frame interval is the median of the positive steps of ``t_s``, so a dropped frame or a
    jittery timestamp does not change it; odd so that a window is centred on its frame. At
    30 fps 0.3 s is 9 frames and 0.17 s is 5; at 60 fps they are 19 and 11. A window shorter
    than one frame, or timestamps with no step to measure, give 1 (no smoothing).

    Args:
        window_s: window length, seconds (≥ 0).
        t_s: ``(N,)`` timestamps of the frames the window slides over, seconds.

    Returns:
        ``2 * floor(window_s / dt / 2) + 1`` with ``dt`` the median frame interval.
    """
    dt = np.diff(np.asarray(t_s, dtype=float))
    dt = dt[dt > 0]
    if not len(dt) or window_s <= 0:
        return 1
    # The tolerance keeps 0.3 s at 1/30 s per frame at 9 frames despite float rounding.
    return 2 * int(np.floor(window_s / float(np.median(dt)) / 2 + 1e-6)) + 1


def running_median_s(x: np.ndarray, t_s: np.ndarray, window_s: float) -> np.ndarray:
    """Centred running median of ``(N,)`` over ``window_s`` seconds; NaN stays NaN.

    :func:`running_median` with its width from :func:`window_frames`, so a hold or a smoothing
    window means the same time at any frame rate.

    Args:
        x: ``(N,)`` series, NaN where not measured.
        t_s: ``(N,)`` timestamps of ``x``, seconds.
        window_s: window length, seconds.

    Returns:
        ``(N,)`` medians; NaN wherever ``x`` is NaN.
    """
    return running_median(x, window_frames(window_s, t_s))
