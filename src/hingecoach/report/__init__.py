"""Everything a SetResult is written as; the analysis is done before anything here runs.

The terminal table (:mod:`.terminal`), JSON and CSV (:mod:`.tables`), per-frame signals as CSV
(:mod:`.signals_csv`), the pose track for OpenSim (:mod:`.trc`), the self-contained HTML report
with its plots and stills (:mod:`.html`, :mod:`.set_plots`, :mod:`.plots`, :mod:`.stills`) and
an athlete's progress page (:mod:`.progress`).
"""
