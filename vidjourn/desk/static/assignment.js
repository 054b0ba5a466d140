// The assignment page: every clip as a card with its state per step and what blocks publishing.
import { api, el, fmtTime, langSwitch, loadMessages, publishBar, startPublish, toast, tr } from "/static/common.js";

const STEPS = ["ingested", "faces", "captions", "exported", "signed"];
const STATE_WORD = { yes: "st_yes", no: "st_no", off: "st_off", review: "st_review", approved: "st_approved",
  void: "st_void", draft: "st_draft", changed: "st_changed", missing: "st_missing", unanalysed: "st_review" };
const GOOD = new Set(["yes", "approved", "off"]);

let data = null;

function card(c) {
  const steps = el("ul", { class: "steps" }, STEPS.map(s => {
    const v = c.steps[s];
    return el("li", { class: GOOD.has(v) ? "ok" : (v === "no" || v === "missing" ? "todo" : "warn") },
      el("span", { class: "k", text: tr("step_" + s) }), el("span", { class: "v", text: tr(STATE_WORD[v] || v) }));
  }));
  const blocks = c.blocks.length
    ? el("div", { class: "blocks" }, el("strong", { text: tr("blocks") + ": " }), c.blocks.join("; "))
    : el("div", { class: "ready", text: tr("ready") });
  const facts = [fmtTime(c.duration)];
  if (c.width) facts.push(c.width + "×" + c.height);
  if (c.shots !== null && c.shots !== undefined) facts.push(tr("shots", { n: c.shots }));
  return el("a", { class: "card", href: "/clip/" + encodeURIComponent(c.id), "data-clip": c.id },
    el("img", { class: "thumb", src: "/api/clip/" + encodeURIComponent(c.id) + "/thumb", alt: "", loading: "lazy",
      width: "320", height: "180" }),
    el("div", { class: "name", text: c.id }),
    el("div", { class: "muted", text: facts.join(" · ") }),
    steps, blocks);
}

function storyStrip(segs) {
  const box = document.getElementById("story");
  box.hidden = !segs.length;
  if (!segs.length) return;
  const total = segs.reduce((a, s) => a + Math.max(0.5, (Number(s.out) || 0) - (Number(s.in) || 0)), 0);
  box.replaceChildren(el("h2", { text: tr("story") }), el("div", { class: "strip" }, segs.map(s => {
    const len = Math.max(0.5, (Number(s.out) || 0) - (Number(s.in) || 0));
    const seg = el("div", { class: "seg " + (s.kind || ""), title: `${s.clip} ${s.in ?? ""}–${s.out ?? ""}` },
      el("span", { text: s.label || s.clip || s.kind }));
    seg.style.flexGrow = String(len / total * 100);
    return seg;
  })));
}

function render() {
  document.title = tr("title");
  document.getElementById("title").textContent = data.title + " — " + tr("assignment");
  document.getElementById("problems").textContent = (data.problems || []).join("\n");
  const cards = document.getElementById("cards");
  cards.replaceChildren(...(data.clips.length ? data.clips.map(card) : [el("p", { text: tr("no_clips") })]));
  storyStrip(data.story || []);
  document.getElementById("keys").textContent = tr("keys");
  publishBar();
}

async function load() {
  const d = await api("/api/assignment");
  if (!d.ok) { toast(d.error, true); return; }
  data = d;
  render();
  performance.mark("desk-cards");
  window.deskReady = true;
}

document.addEventListener("published", load);
document.addEventListener("keydown", ev => {
  if (ev.target.matches("input, textarea, select")) return;
  if (ev.key === "p" || ev.key === "P") { ev.preventDefault(); startPublish(); }
});

await loadMessages(new URLSearchParams(location.search).get("lang"));
langSwitch(render);
await load();
