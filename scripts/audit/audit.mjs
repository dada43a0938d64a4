// Lighthouse (mobile) scores and page weight of a built site, using Debian's
// Chromium (never a downloaded browser). The site is served on 127.0.0.1.
//
// usage: node audit.mjs SITE_DIR [PAGE ...]
//   (from the repository: npm ci --prefix scripts/audit && node scripts/audit/audit.mjs public)
import http from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, resolve, normalize, dirname, extname } from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const site = resolve(process.argv[2] ?? 'public');
const pages = process.argv.length > 3 ? process.argv.slice(3) : [
  'index.html', 'en/index.html',
  'initiatives/02-my-number-card.html', 'en/initiatives/02-my-number-card.html',
  'initiatives/05-counter-outsourcing.html', 'shortfalls/2024.html', 'opendata.html', 'pages/preface.html',
];
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8', '.json': 'application/json', '.txt': 'text/plain', '.xml': 'application/xml' };

const server = http.createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '');
  let file = join(site, path);
  if (!file.startsWith(site)) { res.writeHead(404).end(); return; }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) { res.writeHead(404, { 'content-type': types['.html'] }).end(readFileSync(join(site, '404.html'))); return; }
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'max-age=3600' });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}/`;

/** HTML + stylesheet + images + icon that the page loads, in bytes. */
function weight(rel) {
  const html = readFileSync(join(site, rel), 'utf8');
  const refs = new Set([...html.matchAll(/<(?:link[^>]*rel="(?:stylesheet|icon)"[^>]*href|img[^>]*src)="([^"]+)"/g)].map((m) => m[1]));
  let total = Buffer.byteLength(html);
  for (const ref of refs) {
    const file = join(dirname(join(site, rel)), ref);
    if (existsSync(file)) total += statSync(file).size;
  }
  return total;
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic'],
});
console.log('| page | KB (HTML+CSS+SVG) | performance | accessibility | best practices | SEO |');
console.log('|---|---:|---:|---:|---:|---:|');
let worst = 100;
for (const rel of pages) {
  const result = await lighthouse(base + rel, { port: chrome.port, output: 'json', logLevel: 'error' });
  const c = result.lhr.categories;
  const score = (k) => Math.round((c[k]?.score ?? 0) * 100);
  worst = Math.min(worst, score('accessibility'), score('seo'), score('best-practices'));
  const failed = Object.values(result.lhr.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary').map((a) => a.id);
  console.log(`| ${rel} | ${(weight(rel) / 1024).toFixed(1)} | ${score('performance')} | ${score('accessibility')} | ${score('best-practices')} | ${score('seo')} |${failed.length ? ' failed: ' + failed.join(', ') : ''}`);
}
await chrome.kill();
server.close();
