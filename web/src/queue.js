// The queue: ranked people by pseudonym, with MICE axis bars, SEAD-4 guideline bars, a
// score trend sparkline and filters (minimum score, axis, guideline).
import { h } from "preact";
import { useEffect, useState } from "preact/hooks";
import htm from "htm";
import { api } from "./api.js";

const html = htm.bind(h);
export const AXES = ["money", "ideology", "compromise", "ego"];

export function AxisBars({ axes }) {
  return html`<div class="bars" role="img" aria-label=${AXES.map((a) => `${a} ${(axes[a] || 0).toFixed(2)}`).join(", ")}>
    ${AXES.map((a) => html`<div class=${"bar axis-" + a} title=${`${a}: ${(axes[a] || 0).toFixed(2)}`}
      style=${{ height: `${Math.max(2, (axes[a] || 0) * 28)}px` }}><span>${a[0].toUpperCase()}</span></div>`)}
  </div>`;
}

export function GuidelineBars({ guidelines }) {
  const keys = Object.keys(guidelines || {}).sort();
  return html`<div class="bars" role="img" aria-label=${keys.map((k) => `${k} ${guidelines[k].toFixed(2)}`).join(", ") || "none"}>
    ${keys.map((k) => html`<div class="bar" title=${`guideline ${k}: ${guidelines[k].toFixed(2)}`}
      style=${{ height: `${Math.max(2, guidelines[k] * 28)}px` }}><span>${k}</span></div>`)}
  </div>`;
}

function Trend({ trend }) {
  if (!trend || !trend.length) return html`<span class="muted">–</span>`;
  const pts = trend.map((t, i) => `${(i / (trend.length - 1)) * 88 + 1},${23 - t.score * 22}`).join(" ");
  return html`<svg class="spark" viewBox="0 0 90 24" role="img"
    aria-label=${"score from " + trend[0].score.toFixed(2) + " to " + trend[trend.length - 1].score.toFixed(2)}>
    <polyline points=${pts} fill="none" stroke="#1f5fbf" stroke-width="1.5" /></svg>`;
}

export function QueuePage() {
  const [filters, setFilters] = useState({ min_score: "0.5", axis: "", guideline: "" });
  const [data, setData] = useState(null);
  const [err, setErr] = useState(null);
  useEffect(() => {
    const q = new URLSearchParams({ limit: "50" });
    for (const [k, v] of Object.entries(filters)) if (v !== "") q.set(k, v);
    api("/queue?" + q).then((d) => { setData(d); setErr(null); }).catch((e) => setErr(e.message));
  }, [filters]);
  const set = (k) => (ev) => setFilters({ ...filters, [k]: ev.target.value });
  return html`<section aria-labelledby="qh">
    <h2 id="qh">Review queue</h2>
    <div class="filters">
      <label>Minimum score <select value=${filters.min_score} onChange=${set("min_score")} data-testid="min-score">
        ${["0", "0.25", "0.5", "0.75", "0.9"].map((v) => html`<option value=${v}>${v}</option>`)}</select></label>
      <label>Axis <select value=${filters.axis} onChange=${set("axis")}>
        <option value="">any</option>${AXES.map((a) => html`<option value=${a}>${a}</option>`)}</select></label>
      <label>Guideline <select value=${filters.guideline} onChange=${set("guideline")}>
        <option value="">any</option>${"ABCDEFGHIJKLM".split("").map((g) => html`<option value=${g}>${g}</option>`)}</select></label>
      ${data && html`<span class="muted" data-testid="queue-total">${data.total} people</span>`}
    </div>
    ${err && html`<p class="error" role="alert">${err}</p>`}
    ${data && html`<table data-testid="queue">
      <thead><tr><th>#</th><th>Person</th><th>Score</th><th>Detected</th><th>MICE</th><th>Guidelines</th><th>Trend</th><th>Indicators</th></tr></thead>
      <tbody>${data.people.map((p) => html`<tr>
        <td>${p.rank}</td>
        <td><a href=${"#/person/" + p.person} data-testid="person-link">${p.person}</a></td>
        <td>${p.score.toFixed(3)}</td><td>${p.detected_at || "–"}</td>
        <td><${AxisBars} axes=${p.axes} /></td><td><${GuidelineBars} guidelines=${p.guidelines} /></td>
        <td><${Trend} trend=${p.trend} /></td><td>${p.indicators}</td></tr>`)}</tbody></table>`}
  </section>`;
}
