// Live progress: poll /api/jobs/<id> for every unfinished job on the page; the job page shows
// every stage, the time left and opens the report when the job is done.
"use strict";
(function () {
  const POLL_MS = 700;
  const OPEN_AFTER_MS = 800;
  const pct = (x) => Math.round(100 * (x || 0)) + "%";

  // The job page's stage list: stages before the job's are done, its own is current (or
  // failed); the pose pass shows its frames and measured rate.
  function stages(el, job) {
    const list = el.querySelector("#job-stages");
    if (!list) return;
    const items = Array.from(list.querySelectorAll("li[data-step]"));
    let at = items.findIndex((li) => li.dataset.step === job.step);
    if (at < 0) at = 0;
    if (job.status === "done") at = items.length;
    items.forEach((li, i) => {
      let state = i < at ? "done" : i === at ? "current" : "todo";
      if (state === "current" && job.status === "failed") state = "failed";
      li.className = state;
      const detail = li.querySelector(".detail");
      if (detail && li.dataset.step === "pose" && job.frames_total && state !== "todo") {
        detail.textContent = "frame " + (job.frames_done || 0) + " of " + job.frames_total +
          (job.frames_per_s ? " · " + job.frames_per_s + " frames/s" : "");
      }
    });
  }

  function summary(job) {
    return job.rep_count + (job.rep_count === 1 ? " rep" : " reps") + ", score " +
      (job.score === null ? "–" : job.score);
  }

  function update(el, job, wasDone) {
    el.dataset.status = job.status;
    const bar = el.querySelector("progress");
    if (bar) { bar.value = job.progress; bar.textContent = pct(job.progress); }
    const status = el.querySelector(".status");
    if (status) { status.textContent = job.status; status.className = "status " + job.status; }
    const stage = el.querySelector(".job-foot .stage");
    if (stage) stage.textContent = job.error || job.stage;
    const p = el.querySelector(".pct");
    if (p) p.textContent = pct(job.progress);
    const eta = el.querySelector("#job-eta");
    if (eta) {
      let text = "";
      if (job.status === "running") {
        if (job.seconds_left === null) text = "estimating the time left…";
        else if (job.seconds_left >= 1) text = "about " + Math.round(job.seconds_left) + " s left";
        else text = "finishing…";
      }
      eta.textContent = text;
    }
    const err = el.querySelector("#job-error");
    if (err && job.error) { err.textContent = job.error; err.hidden = false; }
    stages(el, job);
    if (job.status === "done") {
      const done = el.querySelector("#job-done");
      if (done) {
        done.hidden = false;
        done.querySelector("#report-link").href = job.report_url;
        done.querySelector("#job-summary").textContent = summary(job);
        // Finished while the page watched: open the report.
        if (!wasDone && el.dataset.follow) {
          const opening = el.querySelector("#job-opening");
          if (opening) opening.hidden = false;
          setTimeout(() => window.location.assign(job.report_url), OPEN_AFTER_MS);
        }
      } else if (!el.querySelector(".report-link")) {
        const a = document.createElement("a");
        a.className = "report-link";
        a.href = job.report_url;
        a.textContent = "report: " + summary(job);
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
        if (r.ok) update(el, await r.json(), false);
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
