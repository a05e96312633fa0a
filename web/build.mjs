// Bundles the console with esbuild into OUTDIR (argv[2]): app.js (ES module, all npm
// packages inside), app.css and index.html. Run by the CMake build; works offline once
// `npm ci` has filled node_modules (scripts/web-deps.sh).
import { build } from "esbuild";
import { copyFileSync, mkdirSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] || join(here, "dist");
if (!existsSync(join(here, "node_modules", "esbuild"))) {
  console.error("web/node_modules is missing: run scripts/web-deps.sh (npm ci) first");
  process.exit(1);
}
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { app: join(here, "src", "main.js") },
  bundle: true,
  format: "esm",
  minify: true,
  sourcemap: false,
  target: ["chrome110", "firefox110"],
  outdir: out,
  loader: { ".css": "css" },
  legalComments: "none",
  logLevel: "warning",
});
copyFileSync(join(here, "src", "index.html"), join(out, "index.html"));
