// Two reps side by side, in step: both are mapped to a phase 0..1 (start → end of the rep) and
// played with playback rates that make them last equally long; drift is corrected as they play.
"use strict";
(function () {
  document.addEventListener("DOMContentLoaded", () => {
    const box = document.getElementById("compare");
    if (!box) return;
    const reps = JSON.parse(box.dataset.reps);
    const byIndex = Object.fromEntries(reps.map((r) => [r.index, r]));
    const players = Array.from(box.querySelectorAll(".player")).map((fig) => {
      const rep = byIndex[fig.dataset.side === "a" ? box.dataset.a : box.dataset.b];
      fig.querySelector(".rep-time").textContent = rep.start_s.toFixed(1) + "–" + rep.end_s.toFixed(1) + " s";
      fig.querySelector(".rep-faults").textContent = rep.faults.join(", ");
      return { video: fig.querySelector("video"), rep, dur: Math.max(rep.end_s - rep.start_s, 0.05) };
    });
    const slider = document.getElementById("phase"), label = document.getElementById("phase-label");
    const playBtn = document.getElementById("play"), speedSel = document.getElementById("speed");
    const loop = document.getElementById("loop");
    const longest = Math.max(...players.map((p) => p.dur));
    let phase = 0, playing = false, lastT = 0;

    const timeAt = (p, u) => p.rep.start_s + u * p.dur;
    function show(u) {
      phase = Math.min(Math.max(u, 0), 1);
      slider.value = Math.round(phase * 1000);
      label.textContent = Math.round(phase * 100) + "%";
    }
    function seek(u) {
      show(u);
      players.forEach((p) => { p.video.currentTime = timeAt(p, phase); });
    }
    function setRates() {
      const speed = Number(speedSel.value);
      players.forEach((p) => { p.video.playbackRate = Math.max(0.0625, (p.dur / longest) * speed); });
    }
    function frame(t) {
      if (!playing) return;
      const dt = lastT ? (t - lastT) / 1000 : 0;
      lastT = t;
      let u = phase + (dt * Number(speedSel.value)) / longest;
      if (u >= 1) {
        if (loop.checked) { seek(0); u = 0; } else { pause(); seek(1); return; }
      }
      show(u);
      players.forEach((p) => {
        if (Math.abs(p.video.currentTime - timeAt(p, phase)) > 0.08) p.video.currentTime = timeAt(p, phase);
      });
      requestAnimationFrame(frame);
    }
    function play() {
      if (phase >= 1) seek(0);
      playing = true; lastT = 0; setRates();
      players.forEach((p) => p.video.play().catch(() => {}));
      playBtn.textContent = "Pause";
      requestAnimationFrame(frame);
    }
    function pause() {
      playing = false;
      players.forEach((p) => p.video.pause());
      playBtn.textContent = "Play";
      seek(phase);
    }
    playBtn.addEventListener("click", () => (playing ? pause() : play()));
    speedSel.addEventListener("change", setRates);
    slider.addEventListener("input", () => { if (playing) pause(); seek(slider.value / 1000); });
    const step = 1 / (30 * longest);
    document.getElementById("back").addEventListener("click", () => { if (playing) pause(); seek(phase - step); });
    document.getElementById("fwd").addEventListener("click", () => { if (playing) pause(); seek(phase + step); });
    players.forEach((p) => p.video.addEventListener("loadedmetadata", () => { p.video.currentTime = timeAt(p, phase); }));
    seek(0);
  });
})();
