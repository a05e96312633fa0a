// Jobs: start ingest, detect or simulate from the console, watch progress, cancel.
import { h } from "preact";
import { useEffect, useState } from "preact/hooks";
import htm from "htm";
import { api } from "./api.js";

const html = htm.bind(h);

export function JobsPage() {
  const [jobs, setJobs] = useState([]);
  const [err, setErr] = useState(null);
  const load = () => api("/jobs").then((d) => setJobs(d.jobs)).catch((e) => setErr(e.message));
  useEffect(() => { load(); const t = setInterval(load, 1000); return () => clearInterval(t); }, []);
  const start = async (body) => { try { await api("/jobs", { method: "POST", body }); setErr(null); load(); } catch (e) { setErr(e.message); } };
  const submitSim = (ev) => { ev.preventDefault(); const f = new FormData(ev.target);
    start({ kind: "simulate", people: Number(f.get("people")), days: Number(f.get("days")), seed: Number(f.get("seed")), start: f.get("start"), detect: true }); };
  const submitIngest = (ev) => { ev.preventDefault(); const f = new FormData(ev.target);
    start({ kind: "ingest", files: String(f.get("files")).split(/[\s,]+/).filter(Boolean), detect: true }); };
  return html`<section aria-labelledby="jh"><h2 id="jh">Jobs</h2>
    ${err && html`<p class="error" role="alert">${err}</p>`}
    <div class="filters"><button onClick=${() => start({ kind: "detect" })} data-testid="start-detect">Run detection</button></div>
    <form class="filters" onSubmit=${submitIngest}><label>Files in the inbox <input name="files" size="40" /></label><button type="submit">Ingest</button></form>
    <form class="filters" onSubmit=${submitSim}>
      <label>People <input name="people" type="number" value="200" min="10" /></label><label>Days <input name="days" type="number" value="365" min="1" /></label>
      <label>Seed <input name="seed" type="number" value="1" min="0" /></label><label>Start <input name="start" value="2008-01-01" /></label>
      <button type="submit">Simulate a world</button></form>
    <table data-testid="jobs"><thead><tr><th>#</th><th>Kind</th><th>State</th><th>Phase</th><th>Progress</th><th>Message</th><th></th></tr></thead>
      <tbody>${jobs.map((j) => html`<tr><td>${j.id}</td><td>${j.kind}</td><td data-testid="job-state">${j.state}</td><td>${j.phase}</td>
        <td><progress max="1" value=${j.progress} aria-label=${"progress " + Math.round(j.progress * 100) + "%"}></progress></td><td>${j.message}</td>
        <td>${(j.state === "running" || j.state === "queued") && html`<button class="secondary" onClick=${() => api(`/jobs/${j.id}/cancel`, { method: "POST", body: {} }).then(load)}>Cancel</button>`}</td></tr>`)}</tbody></table>
  </section>`;
}
