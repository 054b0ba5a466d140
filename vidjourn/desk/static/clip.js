// The clip page: the cached preview with every region vidjourn will hide drawn on each frame
// (requestVideoFrameCallback), hand-drawn keyframes, face keep/hide, blank ranges, the mode preview from
// the export's own graph, approval; captions and shot notes.
import { api, el, fmtTime, langSwitch, loadMessages, publishBar, startPublish, toast, tr } from "/static/common.js";

const cid = decodeURIComponent(location.pathname.split("/").pop());
const base = "/api/clip/" + encodeURIComponent(cid);
const video = document.getElementById("video");
const canvas = document.getElementById("overlay");
const ctx = canvas.getContext("2d");

let D = null;          // the clip's detail from the server
let R = null;          // D.redaction
let frame = 0;         // the frame on screen (index into R.times)
let drawMode = null;   // "box" | "ellipse" | null
let target = null;     // index of the region a new keyframe goes to (null: a new region)
let drag = null;       // {x0, y0, x1, y1} in canvas pixels while drawing
let kbox = null;       // the keyboard's box [x0, y0, x1, y1] as fractions of the picture (N places it)
let shown = new Set(); // face tracks highlighted on the overlay (click in the list)
let lastCue = -1;

// --- frame <-> time --------------------------------------------------------------------------------
function frameAt(t) {
  const ts = R && R.times;
  if (!ts || !ts.length) return 0;
  let lo = 0, hi = ts.length - 1;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (ts[mid] <= t + 1e-4) lo = mid; else hi = mid - 1; }
  if (lo + 1 < ts.length && Math.abs(ts[lo + 1] - t) < Math.abs(ts[lo] - t)) lo += 1;
  return lo;
}
function timeOf(n) { return R && R.times && R.times.length ? R.times[Math.max(0, Math.min(n, R.times.length - 1))] : 0; }
function fps() { const ts = R && R.times; return ts && ts.length > 1 ? (ts.length - 1) / (ts[ts.length - 1] - ts[0] || 1) : 25; }

// --- overlay -----------------------------------------------------------------------------------------
function fitCanvas() {
  const r = video.getBoundingClientRect(), p = document.getElementById("player").getBoundingClientRect();
  // the picture inside the element (letterboxed): overlay exactly over the pixels
  const vw = video.videoWidth || 16, vh = video.videoHeight || 9;
  const s = Math.min(r.width / vw, r.height / vh);
  const w = vw * s, h = vh * s;
  canvas.style.left = (r.left - p.left + (r.width - w) / 2) + "px";
  canvas.style.top = (r.top - p.top + (r.height - h) / 2) + "px";
  canvas.style.width = w + "px"; canvas.style.height = h + "px";
  const dpr = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(w * dpr)) { canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr); }
}

function shape(kind, x0, y0, x1, y1) {
  const W = canvas.width, H = canvas.height;
  ctx.beginPath();
  if (kind === "ellipse") ctx.ellipse((x0 + x1) / 2 * W, (y0 + y1) / 2 * H, Math.abs(x1 - x0) / 2 * W, Math.abs(y1 - y0) / 2 * H, 0, 0, 2 * Math.PI);
  else ctx.rect(x0 * W, y0 * H, (x1 - x0) * W, (y1 - y0) * H);
  ctx.stroke();
}

function label(text, x, y, color) {
  const dpr = window.devicePixelRatio || 1;
  ctx.font = `${13 * dpr}px system-ui, sans-serif`;
  const w = ctx.measureText(text).width + 6 * dpr;
  ctx.fillStyle = color; ctx.fillRect(x * canvas.width, y * canvas.height - 16 * dpr, w, 16 * dpr);
  ctx.fillStyle = "#fff"; ctx.fillText(text, x * canvas.width + 3 * dpr, y * canvas.height - 4 * dpr);
}

function draw() {
  fitCanvas();
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const dpr = window.devicePixelRatio || 1;
  ctx.lineWidth = 2 * dpr;
  if (R && R.frames) {
    for (const [kind, x0, y0, x1, y1, lab] of R.frames[frame] || []) {
      const face = lab.startsWith("#");
      ctx.strokeStyle = face ? "#ff3b30" : "#ffcc00";
      if (face && shown.size && !shown.has(Number(lab.slice(1)))) ctx.strokeStyle = "rgba(255,59,48,.45)";
      shape(kind, x0, y0, x1, y1);
      label(lab, Math.min(x0, x1), Math.min(y0, y1), face ? "#c62828" : "#8a6d00");
    }
    for (const tr_ of R.tracks || []) {  // kept faces: green, visible in the export
      if (!tr_.kept) continue;
      const b = tr_.boxes[frame - tr_.start];
      if (!b) continue;
      ctx.strokeStyle = "#34c759"; shape("ellipse", ...b); label("#" + tr_.id, b[0], b[1], "#1d7a3a");
    }
    for (const [a, b] of R.blank || []) {
      const t = timeOf(frame);
      if (t >= a - 1e-4 && t < b) { ctx.fillStyle = "rgba(0,0,0,.6)"; ctx.fillRect(0, 0, canvas.width, canvas.height); }
    }
  }
  if (kbox) { ctx.strokeStyle = "#00d1ff"; ctx.setLineDash([6 * dpr, 4 * dpr]); shape(drawMode || "box", ...kbox); ctx.setLineDash([]); }
  canvas.dataset.kbox = kbox ? kbox.map(v => (v * 100).toFixed(2)).join(",") : "";
  if (drag) { ctx.strokeStyle = "#00d1ff"; ctx.setLineDash([6 * dpr, 4 * dpr]);
    shape(drawMode, drag.x0 / canvas.width, drag.y0 / canvas.height, drag.x1 / canvas.width, drag.y1 / canvas.height); ctx.setLineDash([]); }
  document.getElementById("time").textContent = fmtTime(timeOf(frame)) + " · " + tr("frame", { n: frame });
  canvas.dataset.frame = String(frame);
  followCaptions();
}

function onFrame(now, meta) {  // the picture just presented: its own media time, so the overlay is on its frame
  frame = frameAt(meta.mediaTime);
  draw();
  video.requestVideoFrameCallback(onFrame);
}

// --- drawing keyframes ----------------------------------------------------------------------------------
function arm(mode) {
  drawMode = drawMode === mode ? null : mode;
  if (drawMode) video.pause();
  document.getElementById("draw-box").classList.toggle("on", drawMode === "box");
  document.getElementById("draw-ellipse").classList.toggle("on", drawMode === "ellipse");
  canvas.style.cursor = drawMode ? "crosshair" : "pointer";
}

function canvasXY(ev) {
  const r = canvas.getBoundingClientRect(), dpr = canvas.width / r.width;
  return [(ev.clientX - r.left) * dpr, (ev.clientY - r.top) * dpr];
}

canvas.addEventListener("pointerdown", ev => {
  if (!drawMode) { pickTrack(ev); return; }
  const [x, y] = canvasXY(ev);
  drag = { x0: x, y0: y, x1: x, y1: y };
  canvas.setPointerCapture(ev.pointerId);
});
canvas.addEventListener("pointermove", ev => { if (drag) { [drag.x1, drag.y1] = canvasXY(ev); draw(); } });
canvas.addEventListener("pointerup", async ev => {
  if (!drag) return;
  [drag.x1, drag.y1] = canvasXY(ev);
  const W = canvas.width, H = canvas.height;
  const x0 = Math.min(drag.x0, drag.x1) / W, x1 = Math.max(drag.x0, drag.x1) / W;
  const y0 = Math.min(drag.y0, drag.y1) / H, y1 = Math.max(drag.y0, drag.y1) / H;
  drag = null;
  if ((x1 - x0) * W < 4 || (y1 - y0) * H < 4) { draw(); return; }
  await addKeyframe([x0, y0, x1, y1]);
});

// --- drawing with the keyboard alone: N places a box (the chosen region's box on this frame, else one at the
// centre), the arrows move it, Shift+arrows resize it, Enter saves it as a keyframe at this frame (the same
// save as the mouse's), Esc drops it.
function regionBoxAt(i, t) {  // the region's box at time t from its keyframes (linear between, held outside)
  const r = R.manual && R.manual.regions[i];
  if (!r || !r.keyframes.length) return null;
  const ks = r.keyframes;
  let b = ks[0].box;
  if (t >= ks[ks.length - 1].t) b = ks[ks.length - 1].box;
  else for (let j = 0; j + 1 < ks.length; j++) {
    if (t >= ks[j].t && t <= ks[j + 1].t) {
      const f = (t - ks[j].t) / Math.max(1e-6, ks[j + 1].t - ks[j].t);
      b = ks[j].box.map((v, k) => v + (ks[j + 1].box[k] - v) * f); break;
    }
  }
  return [b[0] / R.width, b[1] / R.height, (b[0] + b[2]) / R.width, (b[1] + b[3]) / R.height];
}
function placeKbox() {
  if (!R || !R.width) return;
  video.pause();
  kbox = (target !== null && regionBoxAt(target, timeOf(frame))) || [0.4, 0.4, 0.6, 0.6];
  draw();
}
function nudgeKbox(dx, dy, resize) {
  const [x0, y0, x1, y1] = kbox, m = 0.01;
  if (resize) {
    const nx1 = Math.max(x0 + m, Math.min(1, x1 + dx)), ny1 = Math.max(y0 + m, Math.min(1, y1 + dy));
    kbox = [x0, y0, nx1, ny1];
  } else {
    const ddx = Math.max(-x0, Math.min(1 - x1, dx)), ddy = Math.max(-y0, Math.min(1 - y1, dy));
    kbox = [x0 + ddx, y0 + ddy, x1 + ddx, y1 + ddy];
  }
  draw();
}
async function saveKbox() {
  const b = kbox;
  kbox = null;
  await addKeyframe(b);
}

export async function addKeyframe([x0, y0, x1, y1], n = frame) {
  const box = [x0 * R.width, y0 * R.height, (x1 - x0) * R.width, (y1 - y0) * R.height].map(v => Math.round(v * 10) / 10);
  const m = structuredClone(R.manual);
  const kf = { t: timeOf(n), box };
  if (target !== null && m.regions[target]) {
    const ks = m.regions[target].keyframes.filter(k => Math.abs(k.t - kf.t) > 1e-4);
    ks.push(kf); ks.sort((a, b) => a.t - b.t);
    m.regions[target].keyframes = ks;
  } else {
    m.regions.push({ label: "", shape: drawMode || "box", keyframes: [kf], track: false, from: null, to: null });
    target = m.regions.length - 1;
  }
  await saveManual(m);
}

async function saveManual(m) {
  const d = await api(base + "/redact", m);
  if (!d.ok) { toast(d.error, true); return false; }
  toast(d.message);
  await reload();
  return true;
}

function pickTrack(ev) {
  if (!R || !R.frames) return;
  const r = canvas.getBoundingClientRect();
  const x = (ev.clientX - r.left) / r.width, y = (ev.clientY - r.top) / r.height;
  for (const tr_ of R.tracks || []) {
    const b = tr_.boxes[frame - tr_.start];
    if (b && x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3]) { toggleKeep(tr_.id); return; }
  }
}

async function toggleKeep(id) {
  const m = structuredClone(R.manual);
  const i = m.keep.findIndex(k => k.track === id);
  if (i >= 0) m.keep.splice(i, 1); else m.keep.push({ track: id, box: null, from: null, to: null });
  await saveManual(m);
}

// --- panels ------------------------------------------------------------------------------------------------
function redactionPanel() {
  const box = document.getElementById("redaction");
  if (!R) { box.replaceChildren(); return; }
  if (R.error) { box.replaceChildren(el("h2", { text: tr("redaction") }), el("p", { class: "bad", text: R.error })); return; }
  const kids = [el("h2", { text: tr("redaction") })];
  const st = R.state;
  kids.push(el("p", {}, el("span", { class: "state " + st, id: "redact-state",
    text: st === "approved" ? tr("approved_by", { by: R.approved_by, when: R.approved_at }) : tr("st_" + (st === "unanalysed" ? "review" : st)) }),
    R.block ? el("span", { class: "bad", text: " — " + R.block }) : null));
  kids.push(el("h3", { text: tr("faces") }));
  const tracks = R.tracks || [];
  kids.push(tracks.length ? el("div", { class: "row tracks" }, tracks.map(t_ => el("span", { class: "row" },
    el("button", { class: shown.has(t_.id) ? "on" : "", "data-track": t_.id, title: fmtTime(t_.from),
      onclick: () => { shown.has(t_.id) ? shown.delete(t_.id) : shown.add(t_.id); video.currentTime = t_.from + 0.001; redactionPanel(); draw(); },
      text: "#" + t_.id }),
    el("button", { class: t_.kept ? "kept" : "", "data-keep": t_.id, onclick: () => toggleKeep(t_.id),
      text: t_.kept ? tr("face_kept") : tr("face_hidden") })))) : el("p", { class: "muted", text: tr("no_faces") }));
  kids.push(el("h3", { text: tr("regions") }));
  const m = R.manual || { regions: [], blank: [], keep: [] };
  m.regions.forEach((r, i) => kids.push(el("div", { class: "row region", "data-region": i },
    el("button", { class: target === i ? "on" : "", onclick: () => { target = target === i ? null : i; redactionPanel(); drawTarget(); },
      text: "R" + (i + 1) + " " + tr("shape_" + r.shape) + " · " + tr("keyframes", { n: r.keyframes.length }) }),
    el("span", { class: "muted", text: r.keyframes.map(k => fmtTime(k.t)).join(", ") }),
    el("label", {}, el("input", { type: "checkbox", checked: r.track || null, onchange: ev => {
      const mm = structuredClone(m); mm.regions[i].track = ev.target.checked; saveManual(mm); } }), " " + tr("follow")),
    el("button", { onclick: () => { const mm = structuredClone(m); mm.regions.splice(i, 1); target = null; saveManual(mm); }, text: tr("delete") }))));
  kids.push(el("p", { class: "muted", text: tr("draw_hint") }));
  const from = el("input", { type: "number", step: "0.04", min: "0", id: "blank-from", "aria-label": tr("blank_from") });
  const to = el("input", { type: "number", step: "0.04", min: "0", id: "blank-to", "aria-label": tr("blank_to") });
  kids.push(el("h3", { text: tr("blank") }));
  m.blank.forEach((b, i) => kids.push(el("div", { class: "row" }, el("span", { text: fmtTime(b.from) + " – " + fmtTime(b.to) }),
    el("button", { onclick: () => { const mm = structuredClone(m); mm.blank.splice(i, 1); saveManual(mm); }, text: tr("delete") }))));
  kids.push(el("div", { class: "row" }, tr("blank_from"), from, tr("blank_to"), to,
    el("button", { id: "blank-add", onclick: () => {
      const a = Number(from.value || timeOf(frame)), b = Number(to.value);
      const mm = structuredClone(m); mm.blank.push({ from: a, to: b }); saveManual(mm); }, text: tr("blank_add") })));
  kids.push(el("h3", { text: tr("mode_preview") }));
  const img = el("img", { id: "modeimg", alt: "", hidden: true });
  const mode = el("select", { id: "mode", "aria-label": tr("mode") }, ["mosaic", "solid", "blur"].map(m =>
    el("option", { value: m, text: tr("mode_" + m) + (m === R.mode ? " ✓" : "") })));
  mode.value = R.mode;
  kids.push(el("div", { class: "row" }, mode, el("button", { id: "mode-preview", onclick: () => {
    video.pause(); img.hidden = false; img.src = base + "/frame?n=" + frame + "&mode=" + mode.value; }, text: tr("mode_preview") })),
    el("p", { class: "muted", text: tr("mode_hint", { mode: tr("mode_" + R.mode) }) }), img);
  kids.push(el("h3", { text: tr("approver") }));
  const name = el("input", { type: "text", id: "approver", value: localStorage.getItem("approver") || "", "aria-label": tr("approver") });
  kids.push(el("div", { class: "row" }, name, el("button", { class: "primary", id: "approve-redaction", accesskey: "a", onclick: async () => {
    localStorage.setItem("approver", name.value);
    const d = await api(base + "/redact/approve", { by: name.value });
    if (!d.ok) { toast(d.error, true); return; }
    toast(tr("approved_by", { by: d.approved_by, when: d.approved_at }));
    await reload();
  }, text: tr("approve_redaction") })));
  box.replaceChildren(...kids);
}

function drawTarget() {
  document.getElementById("draw-target").textContent = target === null ? tr("new_region") : tr("keyframe_add", { n: target + 1 });
}

function highlight(text, terms) {
  const out = [];
  let rest = text;
  const list = (terms || []).filter(Boolean);
  while (rest) {
    let best = null;
    for (const term of list) { const i = rest.toLowerCase().indexOf(term.toLowerCase()); if (i >= 0 && (!best || i < best[0])) best = [i, term.length]; }
    if (!best) { out.push(rest); break; }
    out.push(rest.slice(0, best[0]), el("mark", { text: rest.slice(best[0], best[0] + best[1]) }));
    rest = rest.slice(best[0] + best[1]);
  }
  return out;
}

function liveWarnings(text, c, chars) {  // the rules of `captions approve`: > 17 characters a second, a line > chars
  const w = [];
  const flat = text.split("\n").map(x => x.trim()).filter(Boolean);
  const cps = flat.join(" ").length / Math.max(1e-6, c.end - c.start);
  if (cps > 17.05) w.push(tr("warn_fast", { cps: cps.toFixed(1) }));
  if (flat.some(l => l.length > chars)) w.push(tr("warn_long", { chars }));
  return w;
}

function captionsPanel() {
  const box = document.getElementById("captions");
  const C = D.captions;
  const kids = [el("h2", { text: tr("captions") })];
  if (!C) { box.replaceChildren(...kids, el("p", { class: "muted", text: tr("no_captions") })); return; }
  if (C.error) { box.replaceChildren(...kids, el("p", { class: "bad", text: C.error })); return; }
  kids.push(el("p", {}, el("span", { class: "state " + C.state, id: "captions-state", text: tr("st_" + C.state) }), " · " + C.lang));
  const list = el("div", { class: "cues", id: "cues" });
  C.cues.forEach((c, i) => {
    const warn = el("div", { class: "w", text: c.warnings.join(" · ") });
    const preview = el("div", { class: "muted" }, highlight(c.text, C.terms));
    const ta = el("textarea", { "data-cue": i, rows: "2", "aria-label": fmtTime(c.start) });
    ta.value = c.text;
    ta.addEventListener("input", () => { warn.textContent = liveWarnings(ta.value, c, C.chars).join(" · "); });
    ta.addEventListener("focus", () => { video.pause(); video.currentTime = c.start + 0.01; });
    ta.addEventListener("change", async () => {
      const d = await api(base + "/captions", { lang: C.lang, cues: [{ i, text: ta.value }] });
      if (!d.ok) { toast(d.error, true); return; }
      toast(d.message); await reload();
    });
    list.append(el("div", { class: "cue", "data-i": i }, el("span", { class: "muted", text: fmtTime(c.start) + " → " + fmtTime(c.end) }), ta, preview, warn));
  });
  kids.push(list);
  kids.push(el("button", { class: "primary", id: "approve-captions", onclick: async () => {
    const d = await api(base + "/captions/approve", { lang: C.lang });
    if (!d.ok) { toast(d.error, true); return; }
    toast((d.warnings || []).join("\n") || tr("st_approved"), (d.warnings || []).length > 0);
    await reload();
  }, text: tr("approve_captions") }));
  box.replaceChildren(...kids);
  lastCue = -1;
}

function followCaptions() {
  if (!D || !D.captions || !D.captions.cues) return;
  const t = video.currentTime;
  const i = D.captions.cues.findIndex(c => t >= c.start && t < c.end);
  if (i === lastCue) return;
  lastCue = i;
  document.querySelectorAll(".cue").forEach(n => n.classList.toggle("now", Number(n.dataset.i) === i));
  const cur = document.querySelector(`.cue[data-i="${i}"]`);
  if (cur && !video.paused) cur.scrollIntoView({ block: "nearest" });
}

function notesPanel() {
  const box = document.getElementById("notes");
  const kids = [el("h2", { text: tr("shot_notes") })];
  if (!D.shots.length) { box.replaceChildren(...kids, el("p", { class: "muted", text: tr("no_shots") })); return; }
  for (const s of D.shots) {
    const f = {};
    const text = (k, w) => (f[k] = el("input", { type: "text", value: s[k] || "", "data-field": k, "aria-label": tr(k), placeholder: tr(k) }));
    const choice = (k, opts) => { f[k] = el("select", { "data-field": k, "aria-label": tr(k) }, ["", ...opts].map(o => el("option", { value: o, text: o || "–" }))); f[k].value = s[k] || ""; return f[k]; };
    kids.push(el("div", { class: "shot", "data-shot": s.index },
      el("div", { class: "row" }, el("button", { onclick: () => { video.currentTime = s.start + 0.001; }, text: "#" + (s.index + 1) + " " + s.tc }),
        choice("shot_type", ["WS", "MS", "CU"]), choice("sound", ["SOT", "NAT", "VO"]),
        el("button", { "data-cutaway": s.index, title: tr("cutaway_hint"), onclick: () => storyPost("/story/cutaway", { shot: s.index }),
          text: tr("add_cutaway") })),
      text("description"), el("div", { class: "row" }, text("speaker"), text("notes")),
      el("button", { "data-save": s.index, onclick: async () => {
        const body = { shot: s.index };
        for (const [k, e] of Object.entries(f)) body[k] = e.value;
        const d = await api(base + "/notes", body);
        if (!d.ok) { toast(d.error, true); return; }
        toast(d.message);
        await reload();
      }, text: tr("save") })));
  }
  box.replaceChildren(...kids);
}

// --- the story: this clip's segments trimmed on the player, a quote from the transcript's words, a cutaway
// from a shot card; every change written by the story room's own functions, the lengths per platform redrawn.
async function storyPost(path, body) {
  const d = await api(base + path, body);
  if (!d.ok) { toast(d.error, true); return false; }
  toast(d.message);
  await reload();
  return true;
}

let qsel = null;  // the keyboard's word selection in the transcript: [anchor, head] word indices

function markWords() {
  const [a, b] = qsel ? [Math.min(...qsel), Math.max(...qsel)] : [-1, -2];
  document.querySelectorAll("#transcript [data-w]").forEach(n => { const i = Number(n.dataset.w); n.classList.toggle("sel", i >= a && i <= b); });
}

function transcriptKey(ev) {  // ←/→ a word, Shift+←/→ extend, Enter adds the quote; the player goes to the word
  const n = D.transcript.words.length;
  if (!n) return;
  ev.stopPropagation();
  if (ev.key === "Enter") { ev.preventDefault(); document.getElementById("add-quote").click(); return; }
  const d = { ArrowLeft: -1, ArrowRight: 1 }[ev.key];
  if (!d) return;
  ev.preventDefault();
  const head = Math.max(0, Math.min(n - 1, qsel ? qsel[1] + d : 0));
  qsel = ev.shiftKey && qsel ? [qsel[0], head] : [head, head];
  video.pause(); video.currentTime = D.transcript.words[head][1] + 0.001;
  markWords();
}

function selectedWords() {  // [first, last] word indices of the page's selection inside the transcript
  const sel = window.getSelection();
  if ((!sel || sel.isCollapsed || !sel.rangeCount) && qsel) return [Math.min(...qsel), Math.max(...qsel)];
  if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
  const idx = [];
  document.querySelectorAll("#transcript [data-w]").forEach(n => { if (sel.containsNode(n, true)) idx.push(Number(n.dataset.w)); });
  return idx.length ? [Math.min(...idx), Math.max(...idx)] : null;
}

function storyPanel() {
  const box = document.getElementById("story");
  const S = D.story, T = D.transcript;
  const kids = [];
  if (S) {
    const total = (S.segments || []).reduce((a, g) => a + g.length, 0);
    const lengths = Object.entries(S.lengths || {}).map(([p, v]) => `${p} ${v.toFixed(1)} s`).join(" · ");
    kids.push(el("h2", { text: tr("story") + " · " + total.toFixed(1) + " s" }),
      el("p", { class: "muted", id: "story-lengths", text: lengths }));
    if (S.error) kids.push(el("p", { class: "bad", text: S.error }));
    const mine = (S.segments || []).filter(g => g.clip === D.id);
    if (!mine.length) kids.push(el("p", { class: "muted", text: tr("story_none") }));
    for (const g of mine) {
      kids.push(el("div", { class: "row seg", "data-seg": g.index },
        el("button", { onclick: () => { video.pause(); video.currentTime = g.in + 0.001; },
          text: "#" + (g.index + 1) + " " + fmtTime(g.in) + " – " + fmtTime(g.out) + " (" + g.length.toFixed(1) + " s)" }),
        el("button", { "data-trim-in": g.index, onclick: () => storyPost("/story/trim", { segment: g.index, edge: "in", t: Math.round(video.currentTime * 1000) / 1000 }), text: tr("set_in") }),
        el("button", { "data-trim-out": g.index, onclick: () => storyPost("/story/trim", { segment: g.index, edge: "out", t: Math.round(video.currentTime * 1000) / 1000 }), text: tr("set_out") })));
    }
  } else kids.push(el("h2", { text: tr("story") }), el("p", { class: "muted", text: tr("story_empty") }));
  kids.push(el("h3", { text: tr("transcript") }));
  if (!T) kids.push(el("p", { class: "muted", text: tr("no_transcript") }));
  else {
    const words = el("p", { id: "transcript", class: "transcript", tabindex: "0", "aria-label": tr("transcript") });
    words.addEventListener("keydown", transcriptKey);
    T.words.forEach(([w, a], i) => { if (i) words.append(" "); words.append(el("span", { "data-w": i, title: fmtTime(a), text: w })); });
    qsel = qsel && qsel[1] < T.words.length ? qsel : null;
    kids.push(words, el("p", { class: "muted", text: tr("quote_hint") }),
      el("button", { id: "add-quote", onclick: () => {
        const w = selectedWords();
        if (!w) { toast(tr("quote_hint"), true); return; }
        storyPost("/story/quote", { first: w[0], last: w[1] });
      }, text: tr("add_quote") }));
  }
  box.replaceChildren(...kids);
  markWords();
}

function renderAll() {
  document.title = cid + " — " + tr("title");
  document.getElementById("title").textContent = cid;
  document.getElementById("back").textContent = tr("back");
  document.getElementById("draw-box").textContent = tr("draw_box");
  document.getElementById("draw-ellipse").textContent = tr("draw_ellipse");
  document.getElementById("hint").textContent = tr("keys");
  for (const [id, key] of [["play", "play"], ["prev", "prev_frame"], ["next", "next_frame"]]) {
    const b = document.getElementById(id); b.setAttribute("aria-label", tr(key)); b.title = tr(key);
  }
  drawTarget();
  publishBar();
  if (!D) return;
  redactionPanel(); captionsPanel(); notesPanel(); storyPanel();
  draw();
}

async function reload() {
  const d = await api(base);
  if (!d.ok) { toast(d.error, true); return; }
  D = d; R = d.redaction;
  const p = d.prepare || {};
  const waiting = document.getElementById("waiting");
  if (p.state !== "ready") {
    waiting.textContent = p.state === "failed" ? tr("preview_failed", { error: p.error }) : tr("preparing") + " " + Math.round(100 * (p.fraction || 0)) + " %";
    setTimeout(reload, 700);
  } else if (video.hidden) {
    waiting.hidden = true; video.hidden = false; canvas.hidden = false;
    video.src = base + "/preview";
    video.addEventListener("loadeddata", () => { draw(); window.deskReady = true; }, { once: true });
    video.requestVideoFrameCallback(onFrame);
  }
  renderAll();
}

// --- keyboard and controls ---------------------------------------------------------------------------------------
function step(n) {
  video.pause();
  const f = Math.max(0, Math.min(frame + n, (R && R.times ? R.times.length : 1) - 1));
  // aim at the middle of the frame's display time, so rounding never shows the neighbour
  video.currentTime = timeOf(f) + 0.5 / fps();
}
document.getElementById("play").onclick = () => (video.paused ? video.play() : video.pause());
document.getElementById("prev").onclick = () => step(-1);
document.getElementById("next").onclick = () => step(1);
document.getElementById("draw-box").onclick = () => arm("box");
document.getElementById("draw-ellipse").onclick = () => arm("ellipse");
video.addEventListener("seeked", () => { frame = frameAt(video.currentTime); draw(); });
video.addEventListener("pause", draw);
window.addEventListener("resize", draw);
document.addEventListener("published", reload);
document.addEventListener("keydown", ev => {
  if (ev.target.matches("input, textarea, select")) return;
  const k = ev.key;
  if (kbox && k.startsWith("Arrow")) {  // the keyboard's box: 1 % of the picture a press (Alt: 0.2 %)
    ev.preventDefault();
    const s = ev.altKey ? 0.002 : 0.01;
    const d = { ArrowLeft: [-s, 0], ArrowRight: [s, 0], ArrowUp: [0, -s], ArrowDown: [0, s] }[k];
    if (d) nudgeKbox(d[0], d[1], ev.shiftKey);
    return;
  }
  if (kbox && k === "Enter") { ev.preventDefault(); saveKbox(); return; }
  if (k === " ") { ev.preventDefault(); video.paused ? video.play() : video.pause(); }
  else if (k === "ArrowLeft") { ev.preventDefault(); step(-1); }
  else if (k === "ArrowRight") { ev.preventDefault(); step(1); }
  else if (k === "b" || k === "B") arm("box");
  else if (k === "e" || k === "E") arm("ellipse");
  else if (k === "a" || k === "A") document.getElementById("approve-redaction")?.click();
  else if (k === "p" || k === "P") startPublish();
  else if (k === "n" || k === "N") placeKbox();
  else if (k === "Escape") { kbox = null; arm(null); target = null; drawTarget(); }
});
// for tests and scripts: the frame on screen and a way to seek to a frame exactly
window.desk = { frame: () => frame, seekFrame: n => { video.pause(); video.currentTime = timeOf(n) + 0.5 / fps(); }, addKeyframe,
  setTarget: i => { target = i; drawTarget(); }, kbox: () => kbox };

await loadMessages(new URLSearchParams(location.search).get("lang"));
langSwitch(renderAll);
await reload();
