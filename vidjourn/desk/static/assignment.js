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

async function saveOrder(order) {
  const d = await api("/api/story/order", { order });
  if (!d.ok) { toast(d.error, true); return; }
  toast(d.message);
  await load();
}

function moved(n, from, to) {  // the permutation that moves segment `from` to position `to`
  const order = [...Array(n).keys()];
  const [x] = order.splice(from, 1);
  order.splice(to, 0, x);
  return order;
}

function storyStrip(story) {
  const box = document.getElementById("story");
  box.hidden = !story;
  if (!story) return;
  const segs = story.segments || [];
  const total = segs.reduce((a, s) => a + Math.max(0.2, s.length), 0) || 1;
  const strip = el("div", { class: "strip" }, segs.map((s, i) => {
    const seg = el("div", { class: "seg " + s.audio, draggable: "true", "data-seg": i,
      title: `${i + 1}. ${s.clip} ${fmtTime(s.in)}–${fmtTime(s.out)} (${s.audio})` },
      el("button", { class: "mv", "aria-label": tr("move_left"), title: tr("move_left"), disabled: i === 0 || null,
        onclick: () => saveOrder(moved(segs.length, i, i - 1)), text: "‹" }),
      el("a", { href: "/clip/" + encodeURIComponent(s.clip), text: `${i + 1}. ${s.label} · ${s.length.toFixed(1)} s` }),
      el("button", { class: "mv", "aria-label": tr("move_right"), title: tr("move_right"), disabled: i === segs.length - 1 || null,
        onclick: () => saveOrder(moved(segs.length, i, i + 1)), text: "›" }));
    seg.style.flexGrow = String(Math.max(0.2, s.length) / total * 100);
    seg.addEventListener("dragstart", ev => ev.dataTransfer.setData("text/plain", String(i)));
    seg.addEventListener("dragover", ev => ev.preventDefault());
    seg.addEventListener("drop", ev => {
      ev.preventDefault();
      const from = Number(ev.dataTransfer.getData("text/plain"));
      if (from !== i) saveOrder(moved(segs.length, from, i));
    });
    return seg;
  }));
  const lengths = Object.entries(story.lengths || {}).map(([p, s]) => `${p} ${s.toFixed(1)} s`).join(" · ");
  box.replaceChildren(el("h2", { text: tr("story") + " · " + total.toFixed(1) + " s" },
    lengths ? el("span", { class: "muted lengths", text: "  (" + lengths + ")" }) : null), strip,
    el("p", { class: "muted", text: tr("story_hint") }), el("p", { class: "bad", text: story.error || "" }));
}

function render() {
  document.title = tr("title");
  document.getElementById("title").textContent = data.title + " — " + tr("assignment");
  document.getElementById("problems").textContent = (data.problems || []).join("\n");
  const cards = document.getElementById("cards");
  cards.replaceChildren(...(data.clips.length ? data.clips.map(card) : [el("p", { text: tr("no_clips") })]));
  storyStrip(data.story);
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
