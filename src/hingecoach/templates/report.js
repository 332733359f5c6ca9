// hingecoach report: seek the video to a rep, follow it on the timeline, enlarge a still.
// Inline in the report file; no network, no libraries. Without it the page still reads whole.
(function () {
  "use strict";
  var video = document.getElementById("set-video");
  var line = document.querySelector(".timeline");
  var head = line ? line.querySelector(".head") : null;
  var rows = document.querySelectorAll("tr[data-start]");

  function place(duration) {
    if (!line || !(duration > 0) || !isFinite(duration)) return;
    line.querySelectorAll(".mark").forEach(function (m) {
      var a = parseFloat(m.dataset.start), b = parseFloat(m.dataset.end);
      m.style.left = Math.min(100, 100 * a / duration) + "%";
      m.style.width = Math.max(0, Math.min(100, 100 * (b - a) / duration)) + "%";
    });
    line.dataset.duration = duration;
  }

  function seek(t) {
    if (!video || !isFinite(t)) return;
    video.currentTime = Math.max(0, t);
    video.scrollIntoView({ behavior: "smooth", block: "center" });
    var p = video.play();
    if (p && p.catch) p.catch(function () {});
  }

  if (video) {
    video.addEventListener("error", function () {
      var note = document.createElement("p");
      note.className = "video-note";
      note.textContent = "This browser cannot play the video (a missing file, or a format " +
        "it does not decode); the rep table and plots below are complete without it.";
      video.closest("section").appendChild(note);
    });
    video.addEventListener("loadedmetadata", function () { place(video.duration); });
    if (video.readyState >= 1) place(video.duration);
    video.addEventListener("timeupdate", function () {
      var t = video.currentTime, d = parseFloat(line ? line.dataset.duration : "0");
      if (head && d > 0) head.style.left = Math.min(100, 100 * t / d) + "%";
      rows.forEach(function (r) {
        var on = t >= parseFloat(r.dataset.start) && t < parseFloat(r.dataset.end);
        r.classList.toggle("playing", on);
      });
    });
  }

  document.addEventListener("click", function (e) {
    var el = e.target.closest("[data-seek]");
    if (el && video) { e.preventDefault(); seek(parseFloat(el.dataset.seek)); return; }
    var img = e.target.closest(".stills img");
    if (img) {
      var box = document.getElementById("zoom");
      box.querySelector("img").src = img.src;
      box.querySelector("img").alt = img.alt;
      var cap = img.closest("figure").querySelector("figcaption");
      box.querySelector("p").textContent = cap ? cap.textContent : "";
      box.showModal();
      return;
    }
    if (e.target.closest("dialog.zoom")) document.getElementById("zoom").close();
  });

  document.addEventListener("keydown", function (e) {
    var el = e.target.closest ? e.target.closest("tr[data-seek]") : null;
    if (el && video && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault(); seek(parseFloat(el.dataset.seek));
    }
  });
})();
