/**
 * The dashboard in a real headless Chromium against a real server, notifier (SQLite) and sinks: sign-in, live
 * events, a failing endpoint's error, retry after recovery, endpoints, rooms, keyboard and contrast checks.
 * Screenshots for review go to test-output/dashboard/ (gitignored). Without Chromium this test fails — a
 * dashboard nobody has seen render is not tested.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { livekitEvent, roomEvent, startSink, waitFor } from '../helpers/engine.js';
import { API_KEY, API_SECRET, publishViaApi, startDashboard } from './helpers.js';

const CHROMIUM = process.env.ROOMHOOKS_CHROMIUM ?? '/usr/bin/chromium';
const OUTPUT = fileURLToPath(new URL('../../../../test-output/dashboard/', import.meta.url));

async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    assert.fail(
      `Chromium not found at ${CHROMIUM}: the dashboard tests need a real browser. Install Debian's ` +
        '`chromium` package (apt-get install chromium) or point ROOMHOOKS_CHROMIUM at a Chromium binary.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * Contrast ratios (WCAG) of the text of every visible element matching a selector against its effective
 * background. Plain JS source: tsx would add helpers (`__name`) to a function shipped to the page.
 */
const CONTRAST_SCRIPT = `(sel) => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const channel = (v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  const luminance = (c) => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  return Array.from(document.querySelectorAll(sel))
    .filter((el) => el.offsetParent !== null && el.textContent.trim() !== '')
    .map((el) => {
      const fg = luminance(parse(getComputedStyle(el).color));
      const bg = luminance(background(el));
      return { text: sel + ': ' + el.textContent.trim().slice(0, 40), ratio: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05) };
    });
}`;

function contrasts(page: Page, selector: string): Promise<{ text: string; ratio: number }[]> {
  return page.evaluate(`(${CONTRAST_SCRIPT})(${JSON.stringify(selector)})`);
}

async function assertContrast(page: Page, selectors: string[]): Promise<void> {
  for (const selector of selectors) {
    for (const { text, ratio } of await contrasts(page, selector)) {
      assert.ok(ratio >= 4.5, `contrast ${ratio.toFixed(2)} < 4.5 for ${text}`);
    }
  }
}

/** Every form control has an accessible name from a label or aria-label. */
async function assertLabelled(page: Page): Promise<void> {
  const unlabelled = await page.evaluate(() =>
    Array.from(document.querySelectorAll('input, select, textarea'))
      .filter(
        (el) =>
          (el as HTMLInputElement).labels?.length === 0 &&
          !el.getAttribute('aria-label') &&
          !el.getAttribute('aria-labelledby'),
      )
      .map((el) => el.outerHTML),
  );
  assert.deepEqual(unlabelled, []);
}

describe('dashboard in Chromium', () => {
  it('signs in, shows events live, shows a failing endpoint, retries after recovery, and fits a phone', async (t) => {
    const ok = await startSink(t);
    let flakyStatus = 500;
    const flaky = await startSink(t, () => ({ status: flakyStatus, body: 'upstream exploded' }));
    const server = await startDashboard(t, {
      endpoints: [
        { id: 'ep-app', url: ok.url(), description: 'App backend' },
        { id: 'ep-flaky', url: flaky.url(), retry: { schedule: [0, 20, 40] } },
      ],
      circuit: { threshold: 1000 },
    });
    mkdirSync(OUTPUT, { recursive: true });
    const browser = await launch();
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (err) => pageErrors.push(err.message));
      page.on('console', (msg) => {
        if (msg.type() === 'error') pageErrors.push(msg.text());
      });

      // Sign-in: a wrong secret is refused; the right one yields a token, and the secret is not kept.
      await page.goto(server.url);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await assertLabelled(page);
      await page.getByLabel('API key').fill(API_KEY);
      await page.getByLabel('API secret').fill('not-the-secret');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();
      await page.screenshot({ path: `${OUTPUT}sign-in-laptop.png` });
      await page.getByLabel('API secret').fill(API_SECRET);
      await page.keyboard.press('Enter');
      await page.locator('#connection[data-state="live"]').waitFor();
      await page.getByRole('heading', { name: 'Live events' }).waitFor();
      const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }));
      assert.ok(!stored.includes(API_SECRET), 'the secret is not kept in the browser');
      assert.match(stored, /token/);

      // An event published through the API appears within a second, then its delivery states update live.
      const started = Date.now();
      const [first] = await publishViaApi(server, roomEvent('standup', 1, 'room_started'));
      const row = page.locator(`#live-list li[data-id="${first}"]`);
      await row.waitFor({ timeout: 1000 });
      const latency = Date.now() - started;
      assert.ok(latency < 1000, `the event appeared after ${latency} ms`);
      await row.locator('.chip[data-endpoint="ep-app"][data-status="delivered"]').waitFor();
      await row.locator('.chip[data-endpoint="ep-flaky"][data-status="abandoned"]').waitFor();
      assert.equal(await page.locator('#live-list').getAttribute('aria-live'), 'polite');

      const more = await publishViaApi(server, [
        roomEvent('standup', 2),
        roomEvent('standup', 3),
        roomEvent('design-review', 4, 'room_started'),
        roomEvent('design-review', 5),
      ]);
      await page.locator(`#live-list li[data-id="${more[3]}"]`).waitFor({ timeout: 1000 });
      await waitFor('every delivery settled', async () => {
        const { queued, pending, in_flight } = (await server.notifier.store.stats()).deliveries;
        return queued + pending + in_flight === 0;
      });

      // Filters: by room, by type.
      await page.getByLabel('Room').fill('design');
      await waitFor('room filter', async () => (await page.locator('#live-list > li').count()) === 2);
      await page.getByLabel('Type').selectOption('room_started');
      await waitFor('type filter', async () => (await page.locator('#live-list > li').count()) === 1);
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await waitFor('cleared', async () => (await page.locator('#live-list > li').count()) === 5);
      await page.getByLabel('Endpoint').selectOption('ep-flaky');
      await waitFor('endpoint filter', async () => (await page.locator('#live-list .chip').count()) === 5);
      await page.getByLabel('Endpoint').selectOption('');
      await page.screenshot({ path: `${OUTPUT}live-laptop.png`, fullPage: true });

      // Keyboard: the first Tab reaches the skip link, then the sections.
      await page.locator('body').click({ position: { x: 1, y: 300 } });
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Live');
      await assertLabelled(page);
      await assertContrast(page, [
        '.badge',
        '.muted',
        '.ev-name',
        '.ev-id',
        'nav a',
        'button',
        'label',
        '.ev-time',
      ]);

      // The event: payload and every attempt, with the failing endpoint's error.
      await row.getByRole('link', { name: 'room_started' }).click();
      await page.getByRole('heading', { name: 'room_started' }).waitFor();
      const flakyCard = page.locator('section.delivery[data-endpoint="ep-flaky"]');
      await flakyCard.waitFor();
      assert.equal(await flakyCard.locator('tbody tr').count(), 3);
      assert.match((await flakyCard.textContent()) ?? '', /500/);
      assert.match((await flakyCard.textContent()) ?? '', /upstream exploded/);
      assert.match((await page.locator('pre.payload').textContent()) ?? '', /"name": "standup"/);
      await page.screenshot({ path: `${OUTPUT}event-laptop.png`, fullPage: true });

      // Failures: the abandoned deliveries, retried once the sink recovers.
      await page.getByRole('link', { name: /^Failures/ }).click();
      await page.getByRole('heading', { name: 'Failures' }).waitFor();
      await page.locator('#failure-list li').first().waitFor();
      assert.equal(await page.locator('#failure-list li[data-status="abandoned"]').count(), 5);
      assert.match((await page.locator('#failure-count').textContent()) ?? '', /^5$/);
      await page.screenshot({ path: `${OUTPUT}failures-laptop.png`, fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: `${OUTPUT}failures-phone.png`, fullPage: true });
      await page.setViewportSize({ width: 1280, height: 800 });
      flakyStatus = 200;
      const target = page
        .locator('#failure-list li')
        .filter({ has: page.locator(`text=${first}`) })
        .first();
      await target.getByRole('button', { name: 'Retry' }).click();
      await page.locator(`#failure-list li[data-status="delivered"]`).waitFor({ timeout: 5000 });
      await waitFor('the flaky sink accepted the retried event', () =>
        flaky.accepted.some((r) => livekitEvent(r).id === first),
      );
      await page.getByRole('button', { name: 'Retry all (4)' }).click();
      await waitFor(
        'every retried delivery delivered',
        async () => (await page.locator('#failure-list li[data-status="delivered"]').count()) === 5,
      );
      await waitFor(
        'failure count cleared',
        async () => ((await page.locator('#failure-count').textContent()) ?? '') === '',
      );

      // Endpoints: health at a glance, last error, pause and resume, replay with progress.
      await page.getByRole('link', { name: 'Endpoints' }).click();
      const flakyEndpoint = page.locator('section.endpoint[data-id="ep-flaky"]');
      await flakyEndpoint.waitFor();
      assert.match((await flakyEndpoint.textContent()) ?? '', /HTTP 500/);
      assert.match((await flakyEndpoint.textContent()) ?? '', /circuit closed/);
      const app = page.locator('section.endpoint[data-id="ep-app"]');
      assert.match((await app.locator('.stats').textContent()) ?? '', /100 %/);
      await app.getByRole('button', { name: 'Pause' }).click();
      await page.locator('section.endpoint[data-id="ep-app"][data-state="paused"]').waitFor();
      await app.getByRole('button', { name: 'Resume' }).click();
      await page.locator('section.endpoint[data-id="ep-app"][data-state="active"]').waitFor();
      const before = ok.requests.length;
      await app.getByLabel('Replay events since').fill('2020-01-01T00:00:00Z');
      await app.getByRole('button', { name: 'Replay' }).click();
      await app.getByText('Replay done: 5 events sent.').waitFor({ timeout: 5000 });
      assert.equal(ok.requests.length - before, 5);
      await assertContrast(page, ['.badge', '.muted', '.stats dd', '.error-text', 'button']);
      await page.screenshot({ path: `${OUTPUT}endpoints-laptop.png`, fullPage: true });

      // Rooms: active ones, participants, and a room's timeline.
      await page.getByRole('link', { name: 'Rooms' }).click();
      const standup = page.locator('#active-rooms li[data-room="standup"]');
      await standup.waitFor();
      assert.match((await standup.textContent()) ?? '', /2 participants: user2, user3/);
      await page.screenshot({ path: `${OUTPUT}rooms-laptop.png`, fullPage: true });
      await publishViaApi(server, roomEvent('standup', 9, 'room_finished'));
      await page.locator('#finished-rooms li[data-room="standup"]').waitFor({ timeout: 3000 });
      await page.locator('#finished-rooms').getByRole('link', { name: 'standup' }).click();
      await waitFor('timeline', async () => (await page.locator('#room-timeline li').count()) === 4);
      await page.screenshot({ path: `${OUTPUT}room-laptop.png`, fullPage: true });

      // Phone width: no horizontal scrolling on the live list, the event or the endpoints.
      await page.setViewportSize({ width: 390, height: 844 });
      for (const [hash, name] of [
        ['#/live', 'live'],
        [`#/events/${first}`, 'event'],
        ['#/endpoints', 'endpoints'],
        ['#/rooms', 'rooms'],
      ] as const) {
        await page.evaluate((h) => (location.hash = h), hash);
        await page.locator('main h1').waitFor();
        await page.waitForTimeout(300);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${name}: the page is ${overflow}px wider than a phone`);
        await page.screenshot({ path: `${OUTPUT}${name}-phone.png`, fullPage: true });
      }

      // Markup in a payload is shown as text, never run.
      const hostile = '<img src=x onerror="window.__pwned=1">';
      const [evil] = await publishViaApi(server, { ...roomEvent(hostile, 1), id: 'EV_hostile' });
      await page.evaluate(() => (location.hash = '#/live'));
      const evilRow = page.locator(`#live-list li[data-id="${evil}"]`);
      await evilRow.waitFor({ timeout: 1000 });
      assert.equal(await evilRow.locator('.ev-room').textContent(), hostile);
      assert.equal(await evilRow.locator('img').count(), 0);
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);

      // Signing out forgets the token.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      assert.equal(await page.evaluate(() => sessionStorage.length), 0);
      // The one refused sign-in above logs its 401; nothing else may.
      assert.deepEqual(
        pageErrors.filter((e) => !/status of 401/.test(e)),
        [],
      );
      assert.equal(pageErrors.length, 1);
    } catch (err) {
      for (const context of browser.contexts())
        for (const open of context.pages())
          await open.screenshot({ path: `${OUTPUT}failure.png`, fullPage: true });
      throw err;
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
