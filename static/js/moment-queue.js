// Record a moment even when the connection drops: every entry is kept on the device with its own
// idempotency key until the server has it, then sent again (safely, the key makes it count once)
// whenever the browser is back online.
const form = document.querySelector("[data-moment-form]");
const status = document.getElementById("moment-queue-status");
const storageKey = "commonroom:moments:" + (form ? form.getAttribute("action") : "");
let flushing = false;

function newKey() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function load() {
  try {
    return JSON.parse(localStorage.getItem(storageKey) || "[]");
  } catch (error) {
    return [];
  }
}

function store(queue) {
  localStorage.setItem(storageKey, JSON.stringify(queue));
}

function say(text, kind) {
  status.textContent = text;
  status.className = "govuk-body cr-queue-status" + (kind ? " cr-queue-status--" + kind : "");
}

function sayWaiting(count) {
  if (count > 0) say(status.dataset.waiting.replace("{count}", count), "waiting");
}

function csrfToken() {
  const field = form.querySelector("[name=csrfmiddlewaretoken]");
  return field ? field.value : "";
}

async function send(entry) {
  const body = new URLSearchParams(entry.fields);
  body.set("csrfmiddlewaretoken", csrfToken());
  const response = await fetch(form.getAttribute("action"), {
    method: "POST",
    body: body,
    credentials: "same-origin",
    headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
  });
  const type = response.headers.get("Content-Type") || "";
  if (!type.includes("application/json")) return { state: "signed-out" };
  const data = await response.json();
  if (response.ok) return { state: "saved", message: data.message };
  if (response.status === 400) return { state: "rejected", data: data };
  return { state: "retry" };
}

function describe(data) {
  return (data.errors || []).map((e) => e.messages.join(" ")).join(" ");
}

async function flush() {
  if (flushing) return;
  flushing = true;
  try {
    let queue = load();
    while (queue.length) {
      let result;
      try {
        result = await send(queue[0]);
      } catch (networkError) {
        sayWaiting(queue.length);
        return;
      }
      if (result.state === "signed-out") {
        say(status.dataset.signIn, "waiting");
        return;
      }
      if (result.state === "retry") {
        sayWaiting(queue.length);
        return;
      }
      queue = load().filter((entry) => entry.key !== queue[0].key);
      store(queue);
      if (result.state === "saved") say(result.message, "saved");
      else say(status.dataset.failed + " " + describe(result.data), "failed");
    }
  } finally {
    flushing = false;
  }
}

function enqueue() {
  const data = new FormData(form);
  const key = data.get("idempotency_key") || newKey();
  data.set("idempotency_key", key);
  const fields = [];
  for (const [name, value] of data.entries()) fields.push([name, String(value)]);
  const queue = load();
  queue.push({ key: key, fields: fields, queuedAt: new Date().toISOString() });
  store(queue);
}

function resetForm() {
  form.reset();
  form.querySelector("[name=idempotency_key]").value = newKey();
  const button = form.querySelector("button[type=submit]");
  if (button) button.focus();
}

function filterResidents(event) {
  const text = event.target.value.trim().toLowerCase();
  form.querySelectorAll("[data-resident-choice]").forEach((item) => {
    const checked = item.querySelector("input").checked;
    item.hidden = !checked && text !== "" && !item.textContent.toLowerCase().includes(text);
  });
}

if (form && status && window.localStorage) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!form.querySelector("[data-resident-choice] input:checked") || !form.querySelector("[name=kind]:checked")) {
      form.submit();
      return;
    }
    enqueue();
    resetForm();
    say(status.dataset.sending, "waiting");
    flush();
  });
  const filter = form.querySelector("[data-resident-filter]");
  if (filter) filter.addEventListener("input", filterResidents);
  window.addEventListener("online", flush);
  setInterval(() => {
    if (load().length) flush();
  }, 15000);
  sayWaiting(load().length);
  flush();
}
