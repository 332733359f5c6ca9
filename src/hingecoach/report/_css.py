"""The HTML report's stylesheet, inlined so the file opens anywhere without a network.

Mobile first: one column under 720 px, two plot columns above. Only the rep table may be wider
than the screen, and it scrolls inside its own wrapper instead of widening the page.
"""

REPORT_CSS = """
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f4f5f7;color:#1c2024;
  font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1040px;margin:0 auto;padding:16px 14px 40px}
h1{font-size:1.45rem;line-height:1.25;margin:0 0 4px}
h2{font-size:1.15rem;margin:0 0 10px}
h3{font-size:1rem;margin:14px 0 6px}
p{margin:0 0 8px}
small,.muted{color:#60646c}
section.card{background:#fff;border-radius:12px;padding:16px;margin:0 0 16px;
  box-shadow:0 1px 2px rgba(0,0,0,.06),0 0 0 1px rgba(0,0,0,.04);min-width:0}
.verdict{display:flex;gap:16px;align-items:center;flex-wrap:wrap}
.score{flex:0 0 auto;width:88px;height:88px;border-radius:50%;display:flex;flex-direction:column;
  align-items:center;justify-content:center;color:#fff;font-weight:700;line-height:1}
.score b{font-size:2rem}.score span{font-size:.7rem;font-weight:500;margin-top:3px;opacity:.9}
.score.good{background:#30a46c}.score.ok{background:#e39b1b}.score.poor{background:#e5484d}
.score.none{background:#8b8d98}
.verdict-text{flex:1 1 220px;min-width:0}
.facts{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px;padding:0;list-style:none}
.facts li{background:#eef0f3;border-radius:999px;padding:2px 10px;font-size:.85rem}
.fix{border-left:5px solid #e5484d;background:#fff5f5}
.fix.clean{border-left-color:#30a46c;background:#f2fbf6}
.fix .label{font-size:.75rem;text-transform:uppercase;letter-spacing:.06em;font-weight:700;
  color:#b42318}
.fix.clean .label{color:#18794e}
.fix p.cue{font-size:1.1rem;font-weight:600;margin:4px 0}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:0 -4px;padding:0 4px}
table.reps{border-collapse:collapse;width:100%;font-size:.9rem;font-variant-numeric:tabular-nums}
table.reps th,table.reps td{padding:6px 7px;border-bottom:1px solid #e6e7eb;text-align:right;
  vertical-align:top;white-space:nowrap}
table.reps th{font-size:.75rem;line-height:1.2;color:#60646c;font-weight:600;background:#fafbfc;
  white-space:normal;min-width:3em}
table.reps th:first-child,table.reps td:first-child{text-align:center}
table.reps td.findings,table.reps th.findings{text-align:left;white-space:normal;min-width:200px}
table.reps tr.partial td{color:#8b8d98}
td.bad{color:#b42318;background:#fff0f0;font-weight:700}
td.bad small{display:block;font-weight:500;color:#b42318;font-size:.72rem}
.chip{display:inline-block;border-radius:6px;padding:1px 7px;margin:1px 3px 2px 0;
  font-size:.78rem;white-space:nowrap}
.chip.fault{background:#ffe5e5;color:#b42318}
.chip.unknown{background:#eef0f3;color:#60646c}
.chip.watch{background:#fff4d6;color:#8a5a00}
.chip.ok{background:#e6f6ed;color:#18794e}
.plots{display:grid;grid-template-columns:1fr;gap:14px}
figure{margin:0;min-width:0}
figure.plot-fig h3{font-size:.95rem;margin:0 0 2px}
figcaption{font-size:.8rem;color:#60646c}
svg.plot{display:block;width:100%;height:auto;background:#fff}
.legend{display:flex;flex-wrap:wrap;gap:10px;font-size:.8rem;color:#60646c;margin:0 0 10px}
.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px;
  margin-right:4px}
.stills{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px}
.stills img{display:block;width:100%;height:auto;aspect-ratio:1/1;object-fit:contain;
  border-radius:8px;background:#2b2d31}
ul.plain{margin:0;padding-left:1.1em}
ul.plain li{margin:0 0 6px}
dl.notes{margin:0}
dl.notes dt{font-weight:600}
dl.notes dd{margin:0 0 8px}
.warning{color:#8a4b00}
.not-plotted{font-size:.85rem;margin:10px 0 0}
footer{font-size:.75rem;color:#8b8d98;text-align:center;overflow-wrap:anywhere}
@media (min-width:720px){
  main{padding:24px 20px 48px}
  h1{font-size:1.7rem}
  .plots{grid-template-columns:1fr 1fr}
}
@media print{body{background:#fff}section.card{box-shadow:none;border:1px solid #ddd}}
"""
