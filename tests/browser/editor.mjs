// The preview's editor in Debian's Chromium, as a person uses it: from an
// initiative's page to its form, a figure and a text changed and saved, the
// page showing them; a wrong figure saved, its message beside the field and
// the file untouched; axe-core finds no violations on the form (with and
// without messages), which fits a 390 px phone without sideways scrolling.
//
// usage: node editor.mjs BASE_URL CONTENT_DIR [--screenshots DIR]
// (BASE_URL: a running `mieruka serve` on CONTENT_DIR, messages in Japanese)
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const args = process.argv.slice(2);
const base = args[0];
const content = resolve(args[1]);
const shotsAt = args.indexOf('--screenshots');
const shots = shotsAt >= 0 ? resolve(args[shotsAt + 1]) : null;
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const toml = join(content, 'initiatives/01-alpha/initiative.toml');
const progress = join(content, 'initiatives/01-alpha/2024.progress.ja.md');

const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic'],
});
const context = await browser.newContext({
  viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  // axe-core is injected by the test; the editor's pages forbid scripts.
  bypassCSP: true,
});
const page = await context.newPage();
page.setDefaultTimeout(20000);
let passed = 0;
let failed = 0;
const check = (ok, what) => {
  if (ok) { passed++; } else { failed++; console.log(`FAIL ${what}`); }
};

async function axe(what) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  for (const v of result.violations) {
    console.log(`  - axe ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
  }
  check(result.violations.length === 0, `${what}: axe-core found ${result.violations.length} violations`);
}

async function noSidewaysScroll(what) {
  const w = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  check(w.scroll <= w.client, `${what}: scrolls horizontally (${w.scroll} > ${w.client})`);
}

const input = (name) => page.locator(`[name="${name}"]`);
const actual2024 = 'indicators[0].years.2024.actual';
const actual2025 = 'indicators[0].years.2025.actual';
const progressJa = 'commentary.2024.progress.ja';

// From the page to the form, by its link.
await page.goto(new URL('initiatives/01-alpha.html', base).href);
await Promise.all([page.waitForURL(/__mieruka\/edit\/01-alpha$/), page.getByRole('link', { name: '編集' }).click()]);
check(await page.locator('h1').innerText().then((t) => t.includes('を編集')), 'the edit link leads to the form');
await axe('the form');
await noSidewaysScroll('the form at 390 px');
if (shots) {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, 'editor-390.png'), fullPage: true });
}

// A figure and a text changed and saved: back on the page, which shows them.
await input(actual2024).fill('45900');
await input(progressJa).fill('- 電子申請を431件に増やした。\n- 窓口での案内も始めた。');
await Promise.all([page.waitForURL(/initiatives\/01-alpha\.html$/), page.getByRole('button', { name: '保存する' }).click()]);
const shown = await page.locator('main').innerText();
check(shown.includes('45,900'), 'the page shows the saved figure');
check(shown.includes('窓口での案内も始めた。'), 'the page shows the saved text');
check(readFileSync(toml, 'utf8').includes('2024 = { target = 46000, actual = 45900 }'), 'initiative.toml has the new actual');
check(readFileSync(progress, 'utf8') === '- 電子申請を431件に増やした。\n- 窓口での案内も始めた。\n', 'the Markdown file has the new text');

// A wrong figure: the form comes back with the message beside the field,
// what was typed kept, and nothing written.
const before = readFileSync(toml, 'utf8');
await page.goto(new URL('__mieruka/edit/01-alpha', base).href);
await input(actual2025).fill('452件');
await Promise.all([
  page.waitForResponse((r) => r.request().method() === 'POST'),
  page.getByRole('button', { name: '保存する' }).click(),
]);
await page.waitForSelector('.editor-summary');
const field = input(actual2025);
check(await field.inputValue() === '452件', 'the wrong figure is kept in the field');
check(await field.getAttribute('aria-invalid') === 'true', 'the field is marked invalid');
const describedBy = await field.getAttribute('aria-describedby');
const message = describedBy ? await page.locator(`#${describedBy}`).innerText() : '';
check(message.includes('数値を書いてください'), `the check's message is beside the field (${message})`);
const beside = await page.evaluate(([name, id]) => {
  const f = document.querySelector(`[name="${name}"]`);
  const m = document.getElementById(id);
  return !!(f && m && f.parentElement === m.parentElement);
}, [actual2025, describedBy]);
check(beside, 'the message is in the same cell as the field');
check(readFileSync(toml, 'utf8') === before, 'nothing was written');
await axe('the form with a message');
await noSidewaysScroll('the form with a message at 390 px');
if (shots) {
  await page.screenshot({ path: join(shots, 'editor-error-390.png'), fullPage: false });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(new URL('__mieruka/edit/01-alpha', base).href);
  await page.screenshot({ path: join(shots, 'editor-1280.png'), fullPage: true });
}

await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
