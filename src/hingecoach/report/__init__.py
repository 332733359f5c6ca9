"""Everything a SetResult is written as; the analysis is done before anything here runs.

The terminal table (:mod:`.terminal`), JSON and CSV (:mod:`.tables`), per-frame signals as CSV
(:mod:`.signals_csv`), the pose track for OpenSim (:mod:`.trc`), the self-contained HTML report
(:mod:`.html`: what it says is worked out in :mod:`.view` and :mod:`.words`, the video it embeds
in :mod:`.embed`, its plots in :mod:`.set_plots`, :mod:`.plots`, :mod:`.bar_path` and
:mod:`.bar_plot`, its stills in :mod:`.stills`) and an athlete's progress page
(:mod:`.progress`). Both pages are rendered from the shared templates and stylesheet of
:mod:`hingecoach.templates`.
"""
