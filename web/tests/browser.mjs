// End-to-end browser test: starts `molehunt serve` on a free loopback port over a store
// prepared by tests/serve/browser.sh, drives Debian's chromium headless with playwright-core
// and checks what an analyst sees: the queue, the top person's timeline and graph with
// their expected items, a rule run and its matches, an EQL error with a caret, a case
// opened and shown, keyboard-only navigation, and a script payload from a record shown as
// text. Screenshots go to the artifacts folder. Usage: node browser.mjs MOLEHUNT DB OUTDIR
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [bin, db, outDir] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
const deadline = setTimeout(() => { console.error("browser test: over its 100 s budget"); process.exit(1); }, 100000);

const freePort = () => new Promise((res) => { const s = createServer(); s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => res(p)); }); });
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const srv = spawn(bin, ["--db", db, "serve", "--listen", `127.0.0.1:${port}`, "--quiet", "--threads", "4"], { stdio: ["ignore", "inherit", "inherit"] });
let failures = 0, passes = 0;
const check = (cond, what) => { if (cond) passes++; else { failures++; console.error("FAIL: " + what); } };

async function waitUp() {
  for (let i = 0; i < 100; i++) {
    try { const r = await fetch(base + "/api/v1/session"); if (r.ok) return; } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("serve did not come up");
}

let browser;
try {
  await waitUp();
  const top = (await (await fetch(base + "/api/v1/queue?limit=1&trend=0")).json()).people[0].person;
  const expectTl = (await (await fetch(`${base}/api/v1/people/${top}/timeline`)).json()).count;
  const expectG = (await (await fetch(`${base}/api/v1/people/${top}/graph`)).json()).elements;

  // a fresh --user-data-dir (playwright passes it to chromium for a persistent context)
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "mh-chromium-")), {
    executablePath: "/usr/bin/chromium", headless: true, timeout: 30000, viewport: { width: 1280, height: 800 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const page = browser.pages()[0] || await browser.newPage();
  page.setDefaultTimeout(20000);
  const dialogs = [];
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  const offsite = [];
  page.on("request", (r) => { if (!r.url().startsWith(base)) offsite.push(r.url()); });

  // the queue
  await page.goto(base + "/");
  await page.waitForSelector("[data-testid=queue] tbody tr");
  const firstLink = page.locator("[data-testid=person-link]").first();
  check((await firstLink.textContent()) === top, "the queue's first row is the API's top person");
  check(/local/.test(await page.locator("[data-testid=notice]").textContent()), "local mode is announced");
  await page.screenshot({ path: join(outDir, "queue.png") });

  // keyboard only: tab from the top to the first person link and press Enter
  await page.keyboard.press("Tab");
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.dataset?.testid === "person-link");
  }
  check(reached, "the first person link is reachable with Tab");
  await page.keyboard.press("Enter");
  await page.waitForSelector("[data-testid=person-title]");
  check(page.url().endsWith("#/person/" + top), "Enter on the link opens the person");

  // the case file: timeline and graph render with the expected items
  await page.waitForSelector("[data-testid=timeline] .vis-item");
  const tlItems = await page.locator("[data-testid=timeline-count]").textContent();
  check(tlItems === `${expectTl} items`, `timeline shows ${expectTl} items (saw ${tlItems})`);
  check(expectTl > 0, "the top person has evidence");
  await page.waitForFunction(() => window.__mhGraph && window.__mhGraph.nodes().length > 0);
  const g = await page.evaluate(() => ({ n: window.__mhGraph.nodes().length, e: window.__mhGraph.edges().length,
    self: window.__mhGraph.nodes("[?self]").map((n) => n.id()) }));
  check(g.n === expectG.nodes.length && g.e === expectG.edges.length, `graph renders ${expectG.nodes.length} nodes / ${expectG.edges.length} edges (saw ${g.n}/${g.e})`);
  check(g.self.length === 1 && g.self[0] === top, "the graph centres on the person");
  check(await page.locator("[data-testid=indicators] tbody tr").count() > 0, "indicators are listed");
  await page.screenshot({ path: join(outDir, "person.png"), fullPage: true });


  // open a case, then see it in the case list and open it
  await page.click("[data-testid=open-case]");
  await page.waitForSelector("text=Case ");
  await page.goto(base + "/#/cases");
  await page.waitForSelector("[data-testid=case-link]");
  await page.locator("[data-testid=case-link]").first().click();
  await page.waitForSelector("[data-testid=case-title]");
  check((await page.locator("[data-testid=case-title]").textContent()).includes(top), "the case is about the person");
  check(await page.locator("[data-testid=history] li").count() >= 1, "the case history shows its opening");
  await page.screenshot({ path: join(outDir, "case.png") });

  // the rule workbench: a run with matches, then an error with a caret
  await page.goto(base + "/#/rules");
  await page.fill("[data-testid=eql]", 'any where event.category == "payment"');
  await page.click("[data-testid=run]");
  await page.waitForSelector("[data-testid=match-count]");
  const mc = await page.locator("[data-testid=match]").count();
  const apiRun = await (await fetch(base + "/api/v1/rules/run", { method: "POST", headers: { "Content-Type": "application/json",
    "X-CSRF-Token": (await (await fetch(base + "/api/v1/session")).json()).csrf }, body: JSON.stringify({ query: 'any where event.category == "payment"', limit: 50 }) })).json();
  check(mc > 0 && mc === apiRun.matches.length, `the workbench lists the API's ${apiRun.matches.length} matches (saw ${mc})`);
  await page.screenshot({ path: join(outDir, "rules.png") });
  await page.fill("[data-testid=eql]", "any where event.category ==");
  await page.click("[data-testid=run]");
  await page.waitForSelector("[data-testid=diag] .caret");
  check((await page.locator("[data-testid=diag] .caret").first().textContent()).includes("^"), "an EQL error shows a caret");
  await page.screenshot({ path: join(outDir, "rules-error.png") });

  // script payloads from a stored event (tests/serve/prepare.sh) and from a case note
  // render as text in the workbench and the case history
  await page.fill("[data-testid=eql]", 'any where event.id == "xss-0001"');
  await page.click("[data-testid=run]");
  await page.waitForSelector("[data-testid=match]");
  check((await page.locator("[data-testid=match]").first().textContent()).includes("<img src=x onerror=alert('file')>"),
    "a markup payload in an event shows as text");
  await page.goto(base + "/#/cases");
  await page.locator("[data-testid=case-link]").first().click();
  await page.fill("textarea[name=note]", "<img src=x onerror=alert('note')><script>alert('note2')</script>");
  await page.click("text=Add note");
  await page.waitForSelector("[data-testid=history] li >> text=onerror");
  check(await page.locator("[data-testid=history] img").count() === 0, "a markup payload in a note creates no element");
  await page.waitForTimeout(300);
  check(dialogs.length === 0, "no payload script ran: " + dialogs.join(", "));

  // jobs page renders
  await page.goto(base + "/#/jobs");
  await page.waitForSelector("[data-testid=jobs]");
  check(offsite.length === 0, "nothing was fetched from anywhere but the console: " + offsite.join(" "));
} catch (e) {
  failures++;
  console.error("FAIL: " + (e.stack || e));
} finally {
  if (browser) await browser.close().catch(() => {});
  srv.kill("SIGTERM");
  clearTimeout(deadline);
}
console.log(`browser: ${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
