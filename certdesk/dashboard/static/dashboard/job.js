// The generation job's progress bar: polls the job's status JSON until the job has
// completed or failed. Plain JavaScript, no build step, nothing fetched from elsewhere.
(function () {
  "use strict";
  var root = document.getElementById("job");
  if (!root || root.dataset.finished === "true") { return; }
  var url = root.dataset.statusUrl;
  var interval = 500;
  var bar = document.getElementById("job-progress");
  var fill = document.getElementById("job-progress-bar");

  function text(id, value) { document.getElementById(id).textContent = value; }

  function show(job) {
    fill.style.width = job.percent + "%";
    bar.setAttribute("aria-valuenow", String(job.percent));
    text("job-percent", job.percent + " %");
    text("job-state", job.state_label);
    text("job-message", job.message);
    text("job-counts", job.current + " of " + job.total + " processed · " + job.succeeded +
      " with a certificate · " + job.skipped + " skipped");
    root.dataset.state = job.state;
    if (job.state === "failed") { root.classList.add("failed"); }
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (job.state === "unknown") { text("job-message", job.message); return; }
        show(job);
        if (job.finished) { root.dataset.finished = "true"; } else { window.setTimeout(poll, interval); }
      })
      .catch(function () { window.setTimeout(poll, interval * 4); });
  }
  poll();
}());
