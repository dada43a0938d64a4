// Browser checks of a built site in Debian's Chromium (never a downloaded one):
// every page at a 390×844 phone viewport (and at 320 px) has no horizontal scroll, its charts
// load, axe-core finds no violations, and the language switch round-trips.
//
// usage: node run.mjs SITE_DIR [--screenshots DIR]
import { chromium } from 'playwright-core';
import { readFileSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const args = process.argv.slice(2);
const site = resolve(args[0] ?? 'public');
const shotsAt = args.indexOf('--screenshots');
const shots = shotsAt >= 0 ? resolve(args[shotsAt + 1]) : null;
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
// How many languages the site publishes (the switch must list them all).
const langAt = args.indexOf('--languages');
const expectLanguages = langAt >= 0 ? Number(args[langAt + 1]) : 1;

// Every page, but not those at an address that sends the reader on (a meta
// refresh: they open the page they name; moved.mjs follows them).
function pages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return pages(p);
    if (!name.endsWith('.html')) return [];
    return readFileSync(p, 'utf8').includes('http-equiv="refresh"') ? [] : [p];
  }).sort();
}

const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic'],
});
const context = await browser.newContext({
  viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  // axe-core is injected by the test; the pages themselves forbid scripts.
  bypassCSP: true,
});
const page = await context.newPage();
let passed = 0;
let failed = 0;
const fail = (what) => { failed++; console.log(`FAIL ${what}`); };

for (const file of pages(site)) {
  const rel = relative(site, file);
  const url = pathToFileURL(file).href;
  await page.goto(url);
  const problems = [];
  const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  if (width.scroll > width.client) problems.push(`scrolls horizontally (${width.scroll} > ${width.client})`);
  // The figures table of a cumulative indicator, with its status column, fits a
  // 390 px phone in both languages (the words that repeated in every English
  // cell used to push the status column off the screen).
  if (/(^|\/)initiatives\/02-my-number-card\.html$/.test(rel)) {
    const tables = await page.evaluate(() => [...document.querySelectorAll('.table-scroll')].map((t) => t.scrollWidth - t.clientWidth));
    if (!tables.length || tables.some((over) => over > 0)) problems.push(`figures table wider than the screen at 390 px (by ${tables.join(', ')} px)`);
  }
  // The narrowest phones: 320 px must still read without sideways scrolling.
  await page.setViewportSize({ width: 320, height: 700 });
  const narrow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  if (narrow.scroll > narrow.client) problems.push(`scrolls horizontally at 320 px (${narrow.scroll} > ${narrow.client})`);
  // Every figures table shows its status column on the screen at 320 px, in
  // every language, without scrolling inside its region.
  const hidden = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    for (const box of document.querySelectorAll('.table-scroll')) {
      if (box.scrollWidth > box.clientWidth) out.push(`a table scrolls sideways by ${box.scrollWidth - box.clientWidth} px`);
      for (const s of box.querySelectorAll('.status')) {
        const r = s.getBoundingClientRect();
        if (r.left < 0 || r.right > width || r.width === 0) { out.push(`a status is off the screen (${Math.round(r.left)}–${Math.round(r.right)} px)`); break; }
      }
    }
    return out;
  });
  problems.push(...hidden.map((h) => `at 320 px: ${h}`));
  await page.setViewportSize({ width: 390, height: 844 });
  const brokenImages = await page.evaluate(() => [...document.images].filter((i) => !(i.complete && i.naturalWidth > 0)).map((i) => i.getAttribute('src')));
  // Lazy images below the fold: scroll them into view first.
  if (brokenImages.length) {
    await page.evaluate(async () => {
      const pending = [...document.images].filter((i) => !(i.complete && i.naturalWidth > 0));
      for (const i of pending) i.loading = 'eager';
      // Wait until each has loaded or failed (bounded, so a broken image cannot hang the test).
      await Promise.race([
        Promise.all(pending.map((i) => (i.complete && i.naturalWidth > 0) ? null
          : new Promise((done) => { i.addEventListener('load', done); i.addEventListener('error', done); }))),
        new Promise((done) => setTimeout(done, 10000)),
      ]);
    });
    const still = await page.evaluate(() => [...document.images].filter((i) => !(i.complete && i.naturalWidth > 0)).map((i) => i.getAttribute('src')));
    if (still.length) problems.push(`images not shown: ${still.join(', ')}`);
  }
  // The not-found page is styled wherever a server shows it (the test puts
  // a copy at a deeper address too): its stylesheet is in the page.
  if (/(^|\/)404\.html$/.test(rel)) {
    const styled = await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')).backgroundColor);
    if (!styled || styled === 'rgba(0, 0, 0, 0)') problems.push('the not-found page is not styled');
  }
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  for (const v of result.violations) {
    problems.push(`axe ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
  }
  // The language switch lists every language by its own name, this page's
  // marked; each link opens the same page in that language, whose switch
  // leads back here.
  if (!/(^|\/)404\.html$/.test(rel)) {
    const links = await page.evaluate(() => [...document.querySelectorAll('.lang-switch a')].map((a) => ({ href: a.href, label: a.textContent })));
    const current = await page.evaluate(() => document.querySelectorAll('.lang-switch [aria-current]').length);
    if (links.length && current !== 1) problems.push(`language switch marks ${current} languages as this one`);
    if (links.length + 1 < expectLanguages) problems.push(`language switch lists ${links.length + 1} languages, the site has ${expectLanguages}`);
    for (const link of links) {
      await page.goto(link.href);
      const here = await page.evaluate(() => document.querySelector('.lang-switch [aria-current]')?.textContent ?? null);
      if (here !== link.label) problems.push(`switch to ${link.label} opened a page marked ${here}`);
      const back = await page.evaluate((u) => [...document.querySelectorAll('.lang-switch a')].some((a) => a.href === u), url);
      if (!back) problems.push(`the ${link.label} page's switch does not lead back to ${rel}`);
    }
    if (links.length) await page.goto(url);
  }
  if (problems.length) { fail(rel); for (const p of problems) console.log(`  - ${p}`); } else { passed++; }
}

// Print: each initiative prints on one A4 page in every language, with
// where it lives (the QR code needs base_url; without it, the address).
// Printing lays a page out for paper, not for the phone's screen.
const paper = await (await browser.newContext()).newPage();
for (const file of pages(site).filter((f) => /^([A-Za-z-]+\/)?initiatives\/[^/]+\.html$/.test(relative(site, f)))) {
  const rel = relative(site, file);
  const page = paper;
  await page.goto(pathToFileURL(file).href);
  const pdf = await page.pdf({ format: 'A4', printBackground: false });
  const count = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  await page.emulateMedia({ media: 'print' });
  const meta = await page.evaluate(() => {
    const m = document.querySelector('.print-meta');
    return m && getComputedStyle(m).display !== 'none' ? m.textContent : null;
  });
  await page.emulateMedia({ media: null });
  const problems = [];
  if (count !== 1) problems.push(`prints on ${count} A4 pages, not 1`);
  if (!meta || !meta.includes(rel)) problems.push(`print does not show the page's address ${rel}: ${meta}`);
  if (problems.length) { fail(`print ${rel}`); for (const p of problems) console.log(`  - ${p}`); } else { passed++; }
}

if (shots) {
  mkdirSync(shots, { recursive: true });
  for (const [name, rel] of [['home.png', 'index.html'], ['initiative.png', 'initiatives/02-my-number-card.html'], ['home-en.png', 'en/index.html']]) {
    try {
      await page.goto(pathToFileURL(join(site, rel)).href);
      await page.screenshot({ path: join(shots, name), fullPage: false });
    } catch (e) { console.log(`no screenshot of ${rel}: ${e.message}`); }
  }
}

await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
