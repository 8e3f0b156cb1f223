// The upload page and API keys, in a real browser. On a server that requires keys (PIXTOOLS_TEST_API_KEY names one;
// WebUiBrowserTests starts such a server) a 401 asks for the key, the refused action runs again once it is entered,
// a refused key asks again, "Forget key" clears it, and a 429 says how long to wait. On an open server (the variable
// unset) the page never asks.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { API_KEY, API_KEY_ITEM, BASE_URL, fixture, launch, presetApiKey, readBytes } from './support.mjs';

const KEYS = Boolean(API_KEY);
const needsKeys = { skip: !KEYS && 'the server under test is open (PIXTOOLS_TEST_API_KEY unset)' };
const needsOpen = { skip: KEYS && 'the server under test requires API keys' };

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** Opens the page; records every /api request and answer, page errors and Content-Security-Policy refusals. */
async function openPage({ key = null } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  if (key) await presetApiKey(context, key);
  const page = await context.newPage();
  const seen = { requests: [], responses: [], errors: [] };
  page.on('request', (request) => { if (new URL(request.url()).pathname.startsWith('/api/')) seen.requests.push(request); });
  page.on('response', (response) => { if (new URL(response.url()).pathname.startsWith('/api/')) seen.responses.push(response); });
  page.on('pageerror', (error) => seen.errors.push(String(error)));
  page.on('console', (message) => {
    if (/content.security.policy/i.test(message.text())) seen.errors.push(message.text());
  });
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation',
    (event) => console.error(`Content-Security-Policy violation: ${event.violatedDirective} ${event.blockedURI}`)));
  await page.goto(`${BASE_URL}/`);
  await page.waitForLoadState('networkidle');
  return { page, context, seen };
}

async function choose(page, operations) {
  for (const box of await page.locator('input[name="op"]').all()) {
    const value = await box.getAttribute('value');
    if (await box.isVisible()) await box.setChecked(operations.includes(value));
  }
}

async function waitForJob(page) {
  await page.locator('#job-status[data-status="COMPLETED"], #job-status[data-status="FAILED"]').waitFor({ timeout: 60000 });
}

const storedKey = (page) => page.evaluate((item) => sessionStorage.getItem(item), API_KEY_ITEM);
const answered = (page, pathPattern, status) => page.waitForResponse(
  (response) => pathPattern.test(new URL(response.url()).pathname) && response.status() === status);
const isSigned = (request) => new URL(request.url()).searchParams.has('signature');

test('an open server never asks for a key and gets no Authorization header', needsOpen, async () => {
  const { page, context, seen } = await openPage();
  assert.equal(await page.locator('#key-form').isHidden(), true);
  await page.setInputFiles('#file', fixture('astronaut.png'));
  await choose(page, ['webp', 'metadata']);
  await page.getByRole('button', { name: 'Process image' }).click();
  await waitForJob(page);
  assert.equal(await page.locator('#job-status').getAttribute('data-status'), 'COMPLETED');
  assert.equal(await page.locator('#key-form').isHidden(), true);
  assert.equal(await page.locator('#key-status').isHidden(), true);
  assert.equal(await storedKey(page), null);
  assert.ok(seen.requests.some((request) => request.method() === 'POST'), 'the upload went out');
  for (const request of seen.requests) {
    assert.equal((await request.allHeaders()).authorization, undefined, request.url());
  }
  assert.deepEqual(seen.responses.filter((response) => response.status() === 401).map((r) => r.url()), []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('a server with keys asks for one, and the refused upload goes through once it is entered', needsKeys, async () => {
  const { page, context, seen } = await openPage();
  // Loading the operations was refused: the form is there before anything else is tried.
  const form = page.locator('#key-form');
  await form.waitFor();
  assert.match(await page.locator('#key-message').textContent(), /needs an API key/);
  assert.equal(await page.locator('#api-key').getAttribute('type'), 'password');
  assert.equal(await page.getByLabel('API key').count(), 1);
  assert.equal(seen.responses.find((r) => new URL(r.url()).pathname === '/api/operations')?.status(), 401);

  await page.setInputFiles('#file', fixture('astronaut.png'));
  await choose(page, ['webp', 'metadata']);
  const refused = answered(page, /^\/api\/process$/, 401);
  await page.getByRole('button', { name: 'Process image' }).click();
  await refused;
  await page.locator('#form-message', { hasText: 'needs an API key' }).waitFor();
  assert.equal(await page.locator('#job-panel').isHidden(), true);

  const firstWithKey = seen.requests.length;
  const accepted = answered(page, /^\/api\/process$/, 202);
  await page.getByLabel('API key').fill(API_KEY);
  await page.getByRole('button', { name: 'Use key' }).click();
  await accepted; // the upload ran again by itself
  await waitForJob(page);
  assert.equal(await page.locator('#job-status').getAttribute('data-status'), 'COMPLETED');
  assert.equal(await form.isHidden(), true);
  assert.equal(await page.locator('#key-status').isVisible(), true);
  assert.equal(await storedKey(page), API_KEY);
  assert.equal(await page.evaluate((key) => Object.values(localStorage).some((v) => v.includes(key)), API_KEY), false,
    'the key is not in localStorage');

  const posts = seen.requests.filter((request) => request.method() === 'POST');
  assert.equal(posts.length, 2);
  assert.equal((await posts[1].allHeaders())['idempotency-key'], (await posts[0].allHeaders())['idempotency-key']);
  // Every API call since carries the key, except the downloads (thumbnails), which use their signed links as given.
  const later = seen.requests.slice(firstWithKey);
  assert.ok(later.some(isSigned), 'a thumbnail came through its signed link');
  for (const request of later) {
    const authorization = (await request.allHeaders()).authorization;
    assert.equal(authorization, isSigned(request) ? undefined : `Bearer ${API_KEY}`, request.url());
  }
  assert.ok(await page.locator('#results .card[data-op="webp"] img').evaluate((img) => img.complete && img.naturalWidth > 0));

  const [webp] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download WebP' }).click(),
  ]);
  assert.match(webp.url(), /[?&]signature=/);
  assert.equal(readBytes(await webp.path()).toString('latin1', 8, 12), 'WEBP');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('a refused key asks again, saying so', needsKeys, async () => {
  const { page, context, seen } = await openPage();
  await page.locator('#key-form').waitFor();

  const wrong = 'not-the-key-but-long-enough-0000';
  let refused = answered(page, /^\/api\/operations$/, 401);
  await page.getByLabel('API key').fill(wrong);
  await page.getByRole('button', { name: 'Use key' }).click();
  const response = await refused;
  assert.equal((await response.request().allHeaders()).authorization, `Bearer ${wrong}`);
  await page.locator('#key-message', { hasText: 'That key was refused' }).waitFor();
  assert.equal(await page.locator('#key-form').isVisible(), true);
  assert.equal(await storedKey(page), null, 'a refused key is not kept');
  assert.equal(await page.locator('#key-status').isHidden(), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'api-key');

  refused = answered(page, /^\/api\/operations$/, 200);
  await page.getByLabel('API key').fill(API_KEY);
  await page.getByRole('button', { name: 'Use key' }).click();
  await refused;
  assert.equal(await page.locator('#key-form').isHidden(), true);
  assert.equal(await storedKey(page), API_KEY);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('"Forget key" clears it, and following a job asks for it again and goes on', needsKeys, async () => {
  const { page, context, seen } = await openPage({ key: API_KEY });
  assert.equal(await page.locator('#key-form').isHidden(), true, 'a stored key is used without asking');
  await page.setInputFiles('#file', fixture('chelsea.webp'));
  await choose(page, ['jpg']);
  await page.getByRole('button', { name: 'Process image' }).click();
  await waitForJob(page);
  assert.equal(await page.locator('#job-status').getAttribute('data-status'), 'COMPLETED');

  await page.getByRole('button', { name: 'Forget key' }).click();
  assert.equal(await storedKey(page), null);
  assert.equal(await page.locator('#key-status').isHidden(), true);
  await page.locator('#key-message', { hasText: 'Key forgotten' }).waitFor();

  // Still forgotten after a reload; following the job from the history is refused, asks, and goes on after the key.
  await page.reload();
  await page.waitForLoadState('networkidle');
  assert.equal(await storedKey(page), null);
  await page.locator('#key-message', { hasText: 'needs an API key' }).waitFor();
  const refused = answered(page, /^\/api\/jobs\/[^/]+$/, 401);
  await page.locator('#history-list').getByRole('button', { name: 'chelsea.webp' }).click();
  await refused;
  const polled = answered(page, /^\/api\/jobs\/[^/]+$/, 200);
  await page.getByLabel('API key').fill(API_KEY);
  await page.getByRole('button', { name: 'Use key' }).click();
  await polled;
  await waitForJob(page);
  assert.equal(await page.locator('#job-status').getAttribute('data-status'), 'COMPLETED');
  assert.match(await page.locator('#results .card[data-op="jpg"] .facts').textContent(), /image\/jpeg/);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('a 429 says how many seconds to wait, and nothing is sent again before then', needsKeys, async () => {
  const { page, context, seen } = await openPage({ key: API_KEY });
  // The server's rate limit (RateLimitFilter) cannot be reached on cue without flooding it: this answer has its shape.
  let posts = 0;
  await page.route('**/api/process', (route) => {
    posts++;
    return route.fulfill({
      status: 429,
      headers: { 'Retry-After': '30', 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 429, error: 'rate_limited', message: 'too many requests for this API key' }),
    });
  });
  await page.setInputFiles('#file', fixture('astronaut.png'));
  await choose(page, ['webp']);
  await page.getByRole('button', { name: 'Process image' }).click();
  const message = page.locator('#form-message');
  await message.filter({ hasText: 'Try again in 30 seconds' }).waitFor();
  assert.match(await message.textContent(), /Too many requests/);
  assert.equal(await page.locator('#key-form').isHidden(), true, 'a 429 is not a key problem');

  const retry = page.getByRole('button', { name: 'Try again' });
  assert.equal(await retry.isVisible(), true);
  await retry.click();
  await page.getByRole('button', { name: 'Process image' }).click();
  await message.filter({ hasText: /Try again in (29|30) seconds/ }).waitFor();
  assert.equal(posts, 1, 'no upload is sent before Retry-After has passed');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('polling a job that is answered 429 waits Retry-After before asking again', needsKeys, async () => {
  const { page, context, seen } = await openPage({ key: API_KEY });
  const polls = [];
  await page.route(/\/api\/jobs\/[0-9a-f-]+(\?wait=\d+)?$/, (route) => {
    polls.push(Date.now());
    if (polls.length === 1) {
      return route.fulfill({
        status: 429,
        headers: { 'Retry-After': '3', 'Content-Type': 'application/json' },
        body: JSON.stringify({ status: 429, error: 'rate_limited', message: 'too many requests for this API key' }),
      });
    }
    return route.continue();
  });
  await page.setInputFiles('#file', fixture('astronaut.png'));
  await choose(page, ['webp']);
  await page.getByRole('button', { name: 'Process image' }).click();
  await waitForJob(page);
  assert.equal(await page.locator('#job-status').getAttribute('data-status'), 'COMPLETED');
  assert.ok(polls.length >= 2);
  assert.ok(polls[1] - polls[0] >= 2900, `the second poll waited ${polls[1] - polls[0]} ms`);
  assert.deepEqual(seen.errors, []);
  await context.close();
});
