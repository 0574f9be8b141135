// Follow a long job's progress without reloading the page; the page works without this too.
const box = document.querySelector("[data-progress]");

async function poll() {
  const response = await fetch(box.dataset.progress, { headers: { Accept: "application/json" } });
  if (!response.ok) return;
  const job = await response.json();
  box.querySelector("progress").value = job.percent;
  box.querySelector("[data-progress-text]").textContent = job.status_label + ": " + job.percent + "%";
  if (!job.finished) setTimeout(poll, 1000);
}

if (box) setTimeout(poll, 1000);
