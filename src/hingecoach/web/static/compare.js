// Two reps side by side, in step phase by phase. Each rep has three marks on its own clock:
// start, bottom (deepest point) and lockout. The slider's position u (0..1) is mapped to each
// rep's time piecewise-linearly between those marks, with the bottom at the same u for both
// (the mean of the two reps' bottom fractions), so at any u both reps are in the same phase:
// both lowering, both at the bottom, both rising, both at lockout. While playing, each segment
// lasts as long as the slower rep's and the faster rep plays slowed down to match.
"use strict";
(function () {
  const DRIFT_S = 0.08;

  // Rep time at position u: piecewise-linear through (0, start), (uBottom, bottom), (1, end).
  function timeAt(rep, u, uBottom) {
    const [t0, tb, t1] = rep.marks;
    if (u <= uBottom && uBottom > 0) return t0 + (u / uBottom) * (tb - t0);
    if (uBottom >= 1) return t1;
    return tb + ((u - uBottom) / (1 - uBottom)) * (t1 - tb);
  }

  function phaseName(u, uBottom) {
    if (u <= 0.001) return "start";
    if (u >= 0.999) return "lockout";
    if (Math.abs(u - uBottom) < 0.01) return "bottom";
    return u < uBottom ? "lowering" : "rising";
  }

  document.addEventListener("DOMContentLoaded", () => {
    const box = document.getElementById("compare");
    if (!box) return;
    const reps = JSON.parse(box.dataset.reps);
    const byIndex = Object.fromEntries(reps.map((r) => [r.index, r]));
    const players = Array.from(box.querySelectorAll(".player")).map((fig) => {
      const rep = byIndex[fig.dataset.side === "a" ? box.dataset.a : box.dataset.b];
      fig.querySelector(".rep-time").textContent =
        rep.marks[0].toFixed(1) + "–" + rep.marks[2].toFixed(1) + " s";
      fig.querySelector(".rep-faults").textContent = rep.fault_words.join(", ");
      return { video: fig.querySelector("video"), rep, phase: fig.querySelector(".rep-phase") };
    });
    const span = (r) => Math.max(r.marks[2] - r.marks[0], 1e-3);
    const bottomShare = (r) => Math.min(Math.max((r.marks[1] - r.marks[0]) / span(r), 0), 1);
    const uBottom = players.reduce((s, p) => s + bottomShare(p.rep), 0) / players.length;
    // Real seconds each segment lasts at 1×: the slower rep's.
    const segs = [
      Math.max(...players.map((p) => p.rep.marks[1] - p.rep.marks[0]), 0),
      Math.max(...players.map((p) => p.rep.marks[2] - p.rep.marks[1]), 0),
    ];
    const longest = Math.max(segs[0] + segs[1], 0.05);

    const slider = document.getElementById("phase"), label = document.getElementById("phase-label");
    const playBtn = document.getElementById("play"), speedSel = document.getElementById("speed");
    const loop = document.getElementById("loop");
    const bottomMark = document.getElementById("mark-bottom");
    if (bottomMark) {
      bottomMark.style.left = (100 * uBottom).toFixed(1) + "%";
      bottomMark.hidden = uBottom <= 0.02 || uBottom >= 0.98;
    }
    let u = 0, playing = false, lastT = 0, segment = -1;

    function show(v) {
      u = Math.min(Math.max(v, 0), 1);
      slider.value = Math.round(u * 1000);
      label.textContent = Math.round(u * 100) + "% · " + phaseName(u, uBottom);
      players.forEach((p) => {
        const t = timeAt(p.rep, u, uBottom);
        p.phase.textContent = phaseName(u, uBottom) + " · " + t.toFixed(2) + " s";
      });
    }
    function seek(v) {
      show(v);
      players.forEach((p) => { p.video.currentTime = timeAt(p.rep, u, uBottom); });
    }
    // Playback rates for the segment u is in: each rep's segment over the slower rep's.
    function setRates() {
      const speed = Number(speedSel.value);
      const k = u < uBottom ? 0 : 1;
      segment = k;
      players.forEach((p) => {
        const own = k === 0 ? p.rep.marks[1] - p.rep.marks[0] : p.rep.marks[2] - p.rep.marks[1];
        const rate = segs[k] > 0 ? (own / segs[k]) * speed : speed;
        p.video.playbackRate = Math.min(Math.max(rate, 0.0625), 4);
        if (rate < 0.03) p.video.pause(); else if (playing && p.video.paused) p.video.play().catch(() => {});
      });
    }
    function step(dt) {
      const speed = Number(speedSel.value);
      const k = u < uBottom ? 0 : 1;
      const du = k === 0 ? uBottom : 1 - uBottom;
      return segs[k] > 0 ? (dt * speed * du) / segs[k] : (dt * speed) / longest;
    }
    function frame(t) {
      if (!playing) return;
      const dt = lastT ? (t - lastT) / 1000 : 0;
      lastT = t;
      let v = u + step(dt);
      if (v >= 1) {
        if (loop.checked) { seek(0); setRates(); v = 0; } else { pause(); seek(1); return; }
      }
      show(v);
      if ((u < uBottom ? 0 : 1) !== segment) setRates();
      players.forEach((p) => {
        const want = timeAt(p.rep, u, uBottom);
        if (Math.abs(p.video.currentTime - want) > DRIFT_S) p.video.currentTime = want;
      });
      requestAnimationFrame(frame);
    }
    function play() {
      if (u >= 1) seek(0);
      playing = true; lastT = 0; setRates();
      players.forEach((p) => p.video.play().catch(() => {}));
      playBtn.textContent = "Pause";
      requestAnimationFrame(frame);
    }
    function pause() {
      playing = false;
      players.forEach((p) => p.video.pause());
      playBtn.textContent = "Play";
      seek(u);
    }
    playBtn.addEventListener("click", () => (playing ? pause() : play()));
    speedSel.addEventListener("change", setRates);
    slider.addEventListener("input", () => { if (playing) pause(); seek(slider.value / 1000); });
    const nudge = 1 / (30 * longest);
    document.getElementById("back").addEventListener("click", () => { if (playing) pause(); seek(u - nudge); });
    document.getElementById("fwd").addEventListener("click", () => { if (playing) pause(); seek(u + nudge); });
    players.forEach((p) => p.video.addEventListener("loadedmetadata", () => {
      p.video.currentTime = timeAt(p.rep, u, uBottom);
    }));
    box.dataset.bottom = uBottom.toFixed(4);
    seek(0);
    // For tests and curious readers: each rep's time at a position u.
    window.hingecoachCompare = { timeAt: (side, v) => timeAt(players[side === "a" ? 0 : 1].rep, v, uBottom), uBottom };
  });
})();
