// Lighthouse's accessibility and best-practices scores (mobile) of a built
// site in Debian's Chromium (never a downloaded one): each language's home
// page and one initiative page must score 100 in both.
//
// The site is served from 127.0.0.1 on a free port by a small HTTP server
// (Lighthouse cannot audit file:// pages). Prints each page's scores and each
// failing audit; exits non-zero when any score is below 100.
//
// usage: node lighthouse.mjs SITE_DIR
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const site = resolve(process.argv[2] ?? 'public');
const chromePath = process.env.CHROMIUM ?? process.env.CHROME_PATH ?? '/usr/bin/chromium';
const pages = [
  'index.html',
  'en/index.html',
  'ja-basic/index.html',
  'initiatives/02-my-number-card.html',
  'en/initiatives/02-my-number-card.html',
  'ja-basic/initiatives/02-my-number-card.html',
];
const categories = ['accessibility', 'best-practices'];

const types = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

// Static files of SITE_DIR; a folder serves its index.html, anything else
// missing the site's 404.html with status 404.
const server = createServer(async (req, res) => {
  try {
    const path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    let file = normalize(join(site, path));
    if (file !== site && !file.startsWith(site + sep)) throw new Error('outside the site');
    if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    const body = await readFile(join(site, '404.html')).catch(() => 'not found');
    res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(body);
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}/`;

const userDataDir = mkdtempSync(join(tmpdir(), 'mieruka-lighthouse-'));
let chrome;
let failed = 0;
let passed = 0;
try {
  chrome = await chromeLauncher.launch({
    chromePath,
    userDataDir,
    chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  for (const rel of pages) {
    const started = Date.now();
    const result = await lighthouse(base + rel, {
      port: chrome.port,
      output: 'json',
      logLevel: process.env.LIGHTHOUSE_LOG ?? 'error',
      onlyCategories: categories,
      formFactor: 'mobile',
      screenEmulation: { mobile: true, width: 412, height: 823, deviceScaleFactor: 1.75, disabled: false },
      // Nothing is throttled while the page loads: "simulate" only models the
      // performance metrics, which are not run. (With "provided" Lighthouse
      // waits at least 5.25 s for quiet after each load.)
      throttlingMethod: 'simulate',
      // The pages are static and run no script: no need to wait long for
      // them to settle, nor for the full-page screenshot (long pages, slow).
      disableFullPageScreenshot: true,
      pauseAfterFcpMs: 250,
      pauseAfterLoadMs: 250,
      networkQuietThresholdMs: 250,
      cpuQuietThresholdMs: 250,
    });
    const { lhr } = result;
    for (const warning of lhr.runWarnings ?? []) console.log(`  warning: ${warning}`);
    if (lhr.runtimeError) {
      failed++;
      console.log(`FAIL ${rel}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      continue;
    }
    const scores = categories.map((id) => lhr.categories[id]);
    const took = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`${rel}: ${scores.map((c) => `${c.id} ${c.score === null ? 'none' : Math.round(c.score * 100)}`).join(', ')} (${took} s)`);
    let ok = true;
    for (const category of scores) {
      if (category.score !== 1) ok = false;
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        // Audits that weigh nothing (manual checks, "not applicable") do not
        // count in the score; those with a score below 1 are the failures.
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          console.log(`  ${category.id}: ${audit.id} — ${audit.title}`);
          for (const item of (audit.details?.items ?? []).slice(0, 5)) {
            const where = item.node?.snippet ?? item.source?.url ?? item.url ?? item.description ?? '';
            if (where) console.log(`      ${String(where).slice(0, 200)}`);
          }
        }
      }
    }
    if (ok) passed++;
    else failed++;
  }
} finally {
  await chrome?.kill();
  server.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
console.log(`lighthouse: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
