// A person's case file: score and axes, the evidence timeline (vis-timeline) with
// filters, the sphere graph (Cytoscape.js) with watch-list hits and money flows marked,
// indicators with SEAD-4 citations and mitigations, and the person's cases with notes and
// actions. Investigators with an assigned open case may reveal the identity, with a
// written justification.
import { h } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import htm from "htm";
import cytoscape from "cytoscape";
import { Timeline, DataSet } from "vis-timeline/standalone";
import { api } from "./api.js";
import { AxisBars } from "./queue.js";

const html = htm.bind(h);

function text(s) { const el = document.createElement("span"); el.textContent = s; return el; }

function TimelinePanel({ person }) {
  const ref = useRef(null);
  const [data, setData] = useState(null);
  const [category, setCategory] = useState("");
  const [err, setErr] = useState(null);
  useEffect(() => {
    const q = category ? "?category=" + encodeURIComponent(category) : "";
    api(`/people/${person}/timeline${q}`).then(setData).catch((e) => setErr(e.message));
  }, [person, category]);
  useEffect(() => {
    if (!data || !ref.current) return;
    const items = new DataSet(data.items.map((it, i) => ({
      id: i, start: it.ts, content: text(`${it.category}: ${it.summary || it.title || it.rule}`),
      title: undefined, className: it.mitigated ? "mitigated" : "",
    })));
    const tl = new Timeline(ref.current, items, { height: "220px", stack: true, zoomKey: "ctrlKey" });
    return () => tl.destroy();
  }, [data]);
  const cats = [...new Set((data?.items || []).map((i) => i.category))].sort();
  return html`<section class="panel" aria-labelledby="tlh">
    <h2 id="tlh">Evidence timeline</h2>
    <div class="filters"><label>Category <select value=${category} onChange=${(e) => setCategory(e.target.value)} data-testid="tl-category">
      <option value="">all</option>${cats.map((c) => html`<option value=${c}>${c}</option>`)}</select></label>
      ${data && html`<span class="muted" data-testid="timeline-count">${data.count} items</span>`}</div>
    ${err && html`<p class="error" role="alert">${err}</p>`}
    <div id="timeline" ref=${ref} data-testid="timeline"></div>
    ${data && html`<details><summary>Timeline as a table</summary><table><thead><tr><th>When</th><th>Category</th><th>Rule</th><th>Summary</th></tr></thead>
      <tbody>${data.items.map((it) => html`<tr><td>${it.ts.slice(0, 10)}</td><td>${it.category}</td><td>${it.rule}</td><td data-testid="tl-summary">${it.summary}</td></tr>`)}</tbody></table></details>`}
  </section>`;
}

function GraphPanel({ person }) {
  const ref = useRef(null);
  const [info, setInfo] = useState(null);
  const [err, setErr] = useState(null);
  useEffect(() => {
    let cy;
    api(`/people/${person}/graph`).then((g) => {
      setInfo({ nodes: g.elements.nodes.length, edges: g.elements.edges.length,
        watch: g.elements.nodes.filter((n) => n.data.watchlist).length,
        money: g.elements.edges.filter((e) => e.data.money).length });
      cy = cytoscape({
        container: ref.current, elements: g.elements, wheelSensitivity: 0.3,
        layout: { name: "cose", animate: false, randomize: false },
        style: [
          { selector: "node", style: { label: "data(label)", "font-size": 9, "background-color": "#9bb3d6", width: 18, height: 18 } },
          { selector: "node[?self]", style: { "background-color": "#12263f", width: 28, height: 28 } },
          { selector: "node[?watchlist]", style: { "background-color": "#b3261e", "border-width": 3, "border-color": "#000" } },
          { selector: "node[schema != 'Person']", style: { shape: "round-rectangle" } },
          { selector: "edge", style: { width: 1, "line-color": "#b8c2cf", "curve-style": "bezier", label: "data(label)", "font-size": 7 } },
          { selector: "edge[?money]", style: { width: 3, "line-color": "#2e7d32", "target-arrow-shape": "triangle", "target-arrow-color": "#2e7d32" } },
        ],
      });
      window.__mhGraph = cy; // the browser tests read the rendered element counts here
    }).catch((e) => setErr(e.message));
    return () => cy && cy.destroy();
  }, [person]);
  return html`<section class="panel" aria-labelledby="gh">
    <h2 id="gh">Sphere</h2>
    <p class="legend"><span><i class="dot" style="background:#12263f"></i>this person</span>
      <span><i class="dot" style="background:#b3261e"></i>watch-list hit</span>
      <span><i class="dot" style="background:#2e7d32"></i>money flow</span></p>
    ${err && html`<p class="error" role="alert">${err}</p>`}
    <div id="graph" ref=${ref} data-testid="graph" aria-label="graph of the person's sphere; the same data is in the list below"></div>
    ${info && html`<p class="muted" data-testid="graph-summary">${info.nodes} nodes, ${info.edges} links, ${info.watch} watch-list hits, ${info.money} money flows</p>`}
  </section>`;
}

function CaseActions({ person, cases, reload, session }) {
  const [err, setErr] = useState(null);
  const open = cases.find((c) => c.status === "open");
  const act = async (fn) => { try { await fn(); setErr(null); reload(); } catch (e) { setErr(e.message); } };
  const submitNote = (ev) => { ev.preventDefault(); const note = new FormData(ev.target).get("note");
    act(() => api(`/cases/${open.id}/notes`, { method: "POST", body: { note } })); ev.target.reset(); };
  return html`<section class="panel" aria-labelledby="ch"><h2 id="ch">Cases</h2>
    ${err && html`<p class="error" role="alert">${err}</p>`}
    <ul>${cases.map((c) => html`<li><a href=${"#/cases/" + c.id}>Case ${c.id}</a> — ${c.status}${c.disposition ? " (" + c.disposition + ")" : ""}${c.assignee ? ", assigned to " + c.assignee : ""}</li>`)}</ul>
    ${!open && html`<button onClick=${() => act(() => api("/cases", { method: "POST", body: { person } }))} data-testid="open-case">Open a case</button>`}
    ${open && html`<form onSubmit=${submitNote} class="filters"><label>Note on case ${open.id}<textarea name="note" rows="2" cols="40" required></textarea></label>
      <button type="submit">Add note</button>
      <button type="button" class="secondary" onClick=${() => act(() => api(`/cases/${open.id}/assign`, { method: "POST", body: { assignee: session.user } }))}>Assign to me</button></form>`}
    ${session.role === "investigator" && open && html`<${Reveal} person=${person} />`}
  </section>`;
}

function Reveal({ person }) {
  const [who, setWho] = useState(null);
  const [err, setErr] = useState(null);
  const submit = async (ev) => { ev.preventDefault();
    try { setWho(await api(`/people/${person}/reveal`, { method: "POST", body: { justification: new FormData(ev.target).get("why") } })); }
    catch (e) { setErr(e.message); } };
  return html`<form onSubmit=${submit}><label>Why you need the identity (audited)<textarea name="why" rows="2" cols="40" required minlength="20"></textarea></label>
    <button type="submit">Reveal identity</button>${err && html`<p class="error" role="alert">${err}</p>`}
    ${who && html`<p data-testid="revealed">${who.name} (${who.id})</p>`}</form>`;
}

export function PersonPage({ person, session }) {
  const [p, setP] = useState(null);
  const [err, setErr] = useState(null);
  const load = () => api(`/people/${person}`).then(setP).catch((e) => setErr(e.message));
  useEffect(() => { load(); }, [person]);
  if (err) return html`<p class="error" role="alert">${err}</p>`;
  if (!p) return html`<p>Loading ${person}…</p>`;
  return html`<h2 data-testid="person-title">${p.person} <span class="muted">score ${p.score?.toFixed(3)} · detected ${p.detected_at || "–"}</span></h2>
    <div class="filters"><${AxisBars} axes=${p.axes || {}} />
      <span>${(p.guidelines || []).map((g) => html`<span class="cite" title=${g.name}>${g.letter} ${g.name}: ${g.score.toFixed(2)} · </span>`)}</span></div>
    <div class="grid"><${TimelinePanel} person=${person} /><${GraphPanel} person=${person} /></div>
    <section class="panel" aria-labelledby="ih"><h2 id="ih">Indicators</h2>
      <table data-testid="indicators"><thead><tr><th>When</th><th>Rule</th><th>Axis</th><th>Citations</th><th>Detail</th><th>Mitigation</th></tr></thead>
      <tbody>${p.indicators.map((i) => html`<tr><td>${i.ts.slice(0, 10)}</td><td>${i.rule}<br/><span class="cite">${i.title}</span></td><td>${i.axis}</td>
        <td>${i.guidelines.map((g) => html`<div class="cite"><b>${g.code}</b> ${g.guideline}: ${g.text}</div>`)}</td>
        <td>${i.detail}</td><td>${i.mitigated_by ? html`<b>mitigated</b> by ${i.mitigated_by} (${(i.mitigation * 100).toFixed(0)}%)` : html`<span class="cite">${i.mitigation_text}</span>`}</td></tr>`)}</tbody></table>
    </section>
    <${CaseActions} person=${person} cases=${p.cases} reload=${load} session=${session} />`;
}
