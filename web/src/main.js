// The console's entry point: session, top bar, hash routing between the pages (queue,
// person, rules, jobs, cases). Pages live in their own modules; all data comes from the
// JSON API (api.js); text is always rendered as text (Preact escapes it), never as HTML.
import { h, render } from "preact";
import { useEffect, useState } from "preact/hooks";
import htm from "htm";
import "./app.css";
import "vis-timeline/styles/vis-timeline-graph2d.min.css";
import { api, setCsrf } from "./api.js";
import { QueuePage } from "./queue.js";
import { PersonPage } from "./person.js";
import { RulesPage } from "./rules.js";
import { JobsPage } from "./jobs.js";
import { CasesPage, CasePage } from "./cases.js";

const html = htm.bind(h);

function useRoute() {
  const [hash, setHash] = useState(location.hash || "#/queue");
  useEffect(() => {
    const on = () => setHash(location.hash || "#/queue");
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  return hash.slice(1).split("/").filter(Boolean).map(decodeURIComponent);
}

function Login({ onDone }) {
  const [err, setErr] = useState(null);
  const submit = async (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    try { onDone(await api("/session", { method: "POST", body: { user: f.get("user"), password: f.get("password") } })); }
    catch (e) { setErr(e.message); }
  };
  return html`<main id="main"><h2>Sign in</h2>
    <form onSubmit=${submit} class="filters">
      <label>User <input name="user" autocomplete="username" required /></label>
      <label>Password <input name="password" type="password" autocomplete="current-password" required /></label>
      <button type="submit">Sign in</button>
    </form>${err && html`<p class="error" role="alert">${err}</p>`}</main>`;
}

const PAGES = [["queue", "Queue"], ["cases", "Cases"], ["rules", "Rule workbench"], ["jobs", "Jobs"]];

function App() {
  const [session, setSession] = useState(null);
  const [err, setErr] = useState(null);
  const route = useRoute();
  useEffect(() => {
    api("/session").then((s) => { setCsrf(s.csrf); setSession(s); }).catch((e) => setErr(e.message));
  }, []);
  if (err) return html`<p class="error" role="alert">${err}</p>`;
  if (!session) return html`<p class="loading">Loading…</p>`;
  if (!session.authenticated) return html`<${Login} onDone=${(s) => { setCsrf(s.csrf); setSession(s); }} />`;
  const [page = "queue", arg] = route;
  let body;
  if (page === "person" && arg) body = html`<${PersonPage} key=${arg} person=${arg} session=${session} />`;
  else if (page === "cases" && arg) body = html`<${CasePage} key=${arg} id=${arg} />`;
  else if (page === "cases") body = html`<${CasesPage} />`;
  else if (page === "rules") body = html`<${RulesPage} />`;
  else if (page === "jobs") body = html`<${JobsPage} />`;
  else body = html`<${QueuePage} />`;
  return html`
    <header class="top">
      <h1>molehunt</h1>
      <nav aria-label="Pages">${PAGES.map(([id, label]) => html`
        <a href=${"#/" + id} aria-current=${page === id ? "page" : undefined}>${label}</a>`)}</nav>
      <span class="who" data-testid="who">${session.user} · ${session.role}${session.mode === "local" ? " (local)" : ""}</span>
    </header>
    ${session.notice && html`<div class="notice" role="note" data-testid="notice">${session.notice}</div>`}
    <main id="main" tabindex="-1">${body}</main>`;
}

render(html`<${App} />`, document.getElementById("app"));
