// Live progress: poll /api/jobs/<id> for every unfinished job on the page.
"use strict";
(function () {
  const POLL_MS = 700;
  const pct = (x) => Math.round(100 * (x || 0)) + "%";

  function update(el, job) {
    el.dataset.status = job.status;
    const bar = el.querySelector("progress");
    if (bar) { bar.value = job.progress; bar.textContent = pct(job.progress); }
    const status = el.querySelector(".status");
    if (status) { status.textContent = job.status; status.className = "status " + job.status; }
    const stage = el.querySelector(".stage");
    if (stage) stage.textContent = job.error || job.stage;
    const p = el.querySelector(".pct");
    if (p) p.textContent = pct(job.progress);
    if (job.status === "done") {
      const done = el.querySelector("#job-done");
      if (done) {
        done.hidden = false;
        const link = done.querySelector("#report-link");
        link.href = job.report_url;
        done.querySelector("#job-summary").textContent =
          job.rep_count + (job.rep_count === 1 ? " rep" : " reps") + ", score " +
          (job.score === null ? "–" : job.score);
      } else if (!el.querySelector(".report-link")) {
        const a = document.createElement("a");
        a.className = "report-link";
        a.href = job.report_url;
        a.textContent = "report: " + job.rep_count + (job.rep_count === 1 ? " rep" : " reps") +
          ", score " + (job.score === null ? "–" : job.score);
        (el.querySelector(".job-foot") || el).appendChild(a);
      }
    }
  }

  function follow(el) {
    const id = el.dataset.job;
    const tick = async () => {
      if (el.dataset.status === "done" || el.dataset.status === "failed") return;
      try {
        const r = await fetch("/api/jobs/" + id, { headers: { Accept: "application/json" } });
        if (r.ok) update(el, await r.json());
      } catch (e) { /* network blip: try again */ }
      setTimeout(tick, POLL_MS);
    };
    tick();
  }

  // Check sizes before sending, then send with XMLHttpRequest to show the upload's progress;
  // without JavaScript the form posts normally and the server applies the same checks.
  function guardUpload(form) {
    const max = Number(form.dataset.maxBytes), maxFiles = Number(form.dataset.maxFiles);
    const err = form.querySelector("#upload-error");
    const bar = form.querySelector("#upload-progress");
    const button = form.querySelector("button[type=submit]");
    const fail = (msg) => {
      err.textContent = msg; err.hidden = false; bar.hidden = true;
      button.disabled = false; button.textContent = "Upload and analyse";
    };
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      err.hidden = true;
      const files = Array.from(form.querySelector("input[type=file]").files);
      const big = files.find((f) => f.size > max);
      if (files.length > maxFiles) return fail("At most " + maxFiles + " videos per upload.");
      if (big) return fail(big.name + " is larger than the " + Math.round(max / 1e6) + " MB limit; trim it to the set.");
      button.disabled = true; button.textContent = "Uploading…";
      bar.hidden = false; bar.value = 0;
      const xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", (e) => { if (e.lengthComputable) bar.value = e.loaded / e.total; });
      xhr.addEventListener("load", () => {
        if (xhr.status >= 200 && xhr.status < 300) { window.location.assign(xhr.responseURL); return; }
        let msg = "The upload failed (" + xhr.status + ").";
        try { msg = JSON.parse(xhr.responseText).detail || msg; } catch (e) { /* not JSON */ }
        fail(msg);
      });
      xhr.addEventListener("error", () => fail("The upload was interrupted; check the connection and retry."));
      xhr.send(new FormData(form));
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-job]").forEach(follow);
    const form = document.getElementById("upload-form");
    if (form) guardUpload(form);
  });
})();
