// Shared by both pages: the message catalogue from the server, JSON calls, element building (text is
// always set as text, never as HTML), the language switch and the publish bar.

export let M = {};
export let LANG = "en";

export async function loadMessages(lang) {
  const q = lang ? "?lang=" + encodeURIComponent(lang) : "";
  const r = await fetch("/api/messages" + q, { credentials: "same-origin" });
  const d = await r.json();
  M = d.messages;
  LANG = d.lang;
  document.documentElement.lang = LANG;
  return d;
}

export function tr(key, args = {}) {
  let s = M["desk.ui." + key] ?? key;
  for (const [k, v] of Object.entries(args)) s = s.split("{" + k + "}").join(String(v));
  return s;
}

export async function api(path, body) {
  const opts = { credentials: "same-origin", headers: {} };
  if (body !== undefined) {
    opts.method = "POST";
    opts.headers["content-type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  const r = await fetch(path, opts);
  let d;
  try { d = await r.json(); } catch (e) { d = { ok: false, error: r.status + " " + r.statusText }; }
  if (!r.ok && d.ok === undefined) d.ok = false;
  d.status = r.status;
  return d;
}

export function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") e.textContent = v;
    else if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of kids.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

export function fmtTime(s) {
  if (s === null || s === undefined || isNaN(s)) return "–";
  const m = Math.floor(s / 60), r = s - 60 * m;
  return m + ":" + r.toFixed(2).padStart(5, "0");
}

export function toast(text, bad = false) {
  const box = document.getElementById("toast");
  if (!box) return;
  box.textContent = text;
  box.className = bad ? "toast bad" : "toast";
  clearTimeout(box._t);
  box._t = setTimeout(() => { box.className = "toast hidden"; }, bad ? 8000 : 2500);
}

export function langSwitch(onChange) {
  const sel = document.getElementById("lang");
  sel.replaceChildren(el("option", { value: "id", text: "Bahasa Indonesia" }), el("option", { value: "en", text: "English" }));
  sel.value = LANG;
  sel.setAttribute("aria-label", tr("language"));
  sel.onchange = async () => { await loadMessages(sel.value); onChange(); };
}

// --- publish: the same pipeline as `vidjourn run`, progress polled ---------------------------------

let polling = null;

export function publishBar() {
  const btn = document.getElementById("publish");
  btn.textContent = tr("publish");
  btn.onclick = startPublish;
  pollPublish(true);
}

export async function startPublish() {
  const d = await api("/api/publish", {});
  if (!d.ok) { toast(d.error, true); renderPublish({ state: "busy", error: d.error, files: [], fraction: 0 }); return; }
  renderPublish(d);
  pollPublish(false);
}

async function pollPublish(once) {
  const d = await api("/api/publish");
  if (d.ok) renderPublish(d);
  if (d.state === "running" && !polling) {
    polling = setInterval(async () => {
      const s = await api("/api/publish");
      renderPublish(s);
      if (s.state !== "running") { clearInterval(polling); polling = null; document.dispatchEvent(new Event("published")); }
    }, 500);
  }
}

function renderPublish(d) {
  const box = document.getElementById("publish-state");
  if (!box) return;
  const pct = Math.round(100 * (d.fraction || 0));
  const kids = [];
  if (d.state === "running" || d.state === "done" || d.state === "failed") {
    kids.push(el("progress", { max: "100", value: String(pct), id: "publish-progress", "aria-label": tr("publish") }));
    kids.push(el("span", { id: "publish-pct", text: pct + " %" }));
  }
  if (d.summary) kids.push(el("span", { class: "summary", text: d.summary }));
  if (d.error) kids.push(el("span", { class: "bad", id: "publish-error", text: d.error }));
  box.replaceChildren(...kids);
  const list = document.getElementById("publish-files");
  if (list) {
    list.replaceChildren(...(d.files || []).map(f => el("li", {},
      el("a", { href: "/api/publish/file/" + f.n, download: f.name, text: f.path }),
      el("span", { class: "muted", text: " " + (f.size / 1e6).toFixed(2) + " MB" }))));
    const open = document.getElementById("open-folder");
    if (open) {
      open.hidden = !(d.files || []).length;
      open.textContent = tr("open_folder");
      open.onclick = () => api("/api/publish/open", {});
    }
  }
}
