// Addresses for good, in Debian's Chromium: each address the site published
// that now sends the reader on, opened from file://, lands on the page it names.
//
// usage: node moved.mjs SITE_DIR FROM TO [FROM TO …] (paths inside SITE_DIR)
import { chromium } from 'playwright-core';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const site = resolve(args[0]);
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic'],
});
const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
let passed = 0;
let failed = 0;
for (let i = 1; i + 1 < args.length; i += 2) {
  const from = pathToFileURL(join(site, args[i])).href;
  const to = pathToFileURL(join(site, args[i + 1])).href;
  try {
    await page.goto(from);
    await page.waitForURL(to, { timeout: 10000 });
    const h1 = await page.evaluate(() => document.querySelector('h1')?.textContent ?? '');
    const moved = await page.evaluate(() => !!document.querySelector('meta[http-equiv="refresh"]'));
    if (!h1 || moved) throw new Error(`landed on ${page.url()} without its page (h1 "${h1}")`);
    passed++;
    console.log(`ok ${args[i]} → ${args[i + 1]}: ${h1.trim()}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${args[i]} → ${args[i + 1]}: ${e.message.split('\n')[0]} (at ${page.url()})`);
  }
}
await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
