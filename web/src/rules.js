// The rule workbench: write EQL (or start from a rule of the pack), run it over the stored
// data, see the matches (pseudonymised), or every error with a caret under its place.
import { h } from "preact";
import { useEffect, useState } from "preact/hooks";
import htm from "htm";
import { api } from "./api.js";

const html = htm.bind(h);

function Caret({ query, d }) {
  const line = query.split("\n")[d.line - 1] ?? "";
  return html`<div data-testid="diag"><div>line ${d.line}, column ${d.col}: ${d.message}${d.expected ? ` (expected ${d.expected})` : ""}</div>
    <div class="caret">${line}\n${" ".repeat(Math.max(0, d.col - 1)) + "^".repeat(Math.max(1, d.len))}</div></div>`;
}

export function RulesPage() {
  const [rules, setRules] = useState([]);
  const [query, setQuery] = useState('any where event.category == "payment"');
  const [source, setSource] = useState("records");
  const [res, setRes] = useState(null);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { api("/rules").then((r) => setRules(r.rules)).catch((e) => setErr({ message: e.message })); }, []);
  const run = async (ev) => {
    ev.preventDefault(); setBusy(true); setErr(null); setRes(null);
    try { setRes(await api("/rules/run", { method: "POST", body: { query, source, limit: 50 } })); }
    catch (e) { setErr({ message: e.message, details: e.details }); }
    setBusy(false);
  };
  return html`<section aria-labelledby="rh"><h2 id="rh">Rule workbench</h2>
    <form onSubmit=${run}>
      <div class="filters"><label>Start from a rule <select onChange=${(e) => { const r = rules.find((x) => x.id === e.target.value); if (r) setQuery(r.query); }}>
        <option value="">—</option>${rules.map((r) => html`<option value=${r.id}>${r.id}: ${r.title}</option>`)}</select></label>
        <label>Data <select value=${source} onChange=${(e) => setSource(e.target.value)}>
          <option value="records">records and events, enriched (as rules see them)</option><option value="events">activity events only</option></select></label></div>
      <label for="eql">EQL query</label>
      <textarea id="eql" class="eql" value=${query} onInput=${(e) => setQuery(e.target.value)} data-testid="eql" spellcheck="false"></textarea>
      <button type="submit" disabled=${busy} data-testid="run">${busy ? "Running…" : "Run"}</button>
    </form>
    ${err && html`<div class="error" role="alert" data-testid="eql-error">${err.message}
      ${(err.details?.diagnostics || []).map((d) => html`<${Caret} query=${query} d=${d} />`)}</div>`}
    ${res && html`<p data-testid="match-count">${res.count} match${res.count === 1 ? "" : "es"}${res.limited ? " (first ones shown)" : ""}, ${res.scanned} events read</p>
      <ol>${res.matches.map((m) => html`<li class="match" data-testid="match">${m.events.map((e) => JSON.stringify(e)).join("\n")}</li>`)}</ol>`}
  </section>`;
}
