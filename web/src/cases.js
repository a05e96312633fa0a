// Cases: the list (open and closed) and one case with its history and actions.
import { h } from "preact";
import { useEffect, useState } from "preact/hooks";
import htm from "htm";
import { api } from "./api.js";

const html = htm.bind(h);

export function CasesPage() {
  const [status, setStatus] = useState("");
  const [data, setData] = useState(null);
  const [err, setErr] = useState(null);
  useEffect(() => { api("/cases" + (status ? "?status=" + status : "")).then(setData).catch((e) => setErr(e.message)); }, [status]);
  return html`<section aria-labelledby="csh"><h2 id="csh">Cases</h2>
    <div class="filters"><label>Status <select value=${status} onChange=${(e) => setStatus(e.target.value)}>
      <option value="">all</option><option value="open">open</option><option value="closed">closed</option></select></label></div>
    ${err && html`<p class="error" role="alert">${err}</p>`}
    ${data && html`<table data-testid="cases"><thead><tr><th>Case</th><th>Person</th><th>Status</th><th>Assignee</th><th>Opened</th></tr></thead>
      <tbody>${data.cases.map((c) => html`<tr><td><a href=${"#/cases/" + c.id} data-testid="case-link">Case ${c.id}</a></td>
        <td><a href=${"#/person/" + c.person}>${c.person}</a></td><td>${c.status}${c.disposition ? " (" + c.disposition + ")" : ""}</td>
        <td>${c.assignee || "–"}</td><td>${c.opened_at.slice(0, 10)}</td></tr>`)}</tbody></table>`}
  </section>`;
}

export function CasePage({ id }) {
  const [data, setData] = useState(null);
  const [err, setErr] = useState(null);
  const load = () => api(`/cases/${id}`).then(setData).catch((e) => setErr(e.message));
  useEffect(() => { load(); }, [id]);
  const act = async (verb, body) => { try { await api(`/cases/${id}/${verb}`, { method: "POST", body }); setErr(null); load(); } catch (e) { setErr(e.message); } };
  const onNote = (ev) => { ev.preventDefault(); act("notes", { note: new FormData(ev.target).get("note") }); ev.target.reset(); };
  const onClose = (ev) => { ev.preventDefault(); const f = new FormData(ev.target); act("close", { disposition: f.get("disposition"), note: f.get("note") || undefined }); };
  if (!data) return err ? html`<p class="error" role="alert">${err}</p>` : html`<p>Loading…</p>`;
  const c = data.case;
  return html`<section aria-labelledby="c1h"><h2 id="c1h" data-testid="case-title">Case ${c.id}: <a href=${"#/person/" + c.person}>${c.person}</a> — ${c.status}</h2>
    ${err && html`<p class="error" role="alert">${err}</p>`}
    <ol data-testid="history">${data.history.map((ev) => html`<li>${ev.at.slice(0, 16).replace("T", " ")} ${ev.actor}: ${ev.action}${ev.detail ? " — " + ev.detail : ""}</li>`)}</ol>
    ${c.status === "open" ? html`
      <form class="filters" onSubmit=${onNote}><label>Note <textarea name="note" rows="2" cols="50" required></textarea></label><button type="submit">Add note</button></form>
      <form class="filters" onSubmit=${onClose}><label>Disposition <select name="disposition">${["unfounded", "mitigated", "referred", "confirmed"].map((d) => html`<option>${d}</option>`)}</select></label>
        <label>Note <input name="note" /></label><button type="submit">Close case</button></form>`
    : html`<form class="filters" onSubmit=${(ev) => { ev.preventDefault(); act("reopen", { note: new FormData(ev.target).get("note") }); }}>
        <label>Why reopen <input name="note" required /></label><button type="submit">Reopen</button></form>`}
  </section>`;
}
