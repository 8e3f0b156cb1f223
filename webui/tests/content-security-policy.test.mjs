// The upload page and the API docs in a real browser under the Content-Security-Policy the server sends: nothing is
// refused (the browser reports every refusal as a console message and a securitypolicyviolation event), and both work.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, fixture, launch } from './support.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

async function openWatched(path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const refusals = [];
  page.on('console', (message) => {
    if (/content.security.policy|permissions.policy/i.test(message.text())) refusals.push(message.text());
  });
  page.on('pageerror', (error) => refusals.push(String(error)));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation',
    (event) => console.error(`Content-Security-Policy violation: ${event.violatedDirective} ${event.blockedURI}`)));
  // Each test waits for what proves its page worked: waiting for "network idle" timed out after 30 s on /docs in one CI run.
  const response = await page.goto(`${BASE_URL}${path}`);
  return { page, context, refusals, policy: response.headers()['content-security-policy'] };
}

test('the upload page works under its Content-Security-Policy', async () => {
  const { page, context, refusals, policy } = await openWatched('/');
  assert.match(policy, /script-src 'self';/);
  assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
  // The page asked the API for its operations when it loaded (connect-src); a chosen file's preview is a blob: URL.
  await page.locator('input[name="op"]').first().waitFor();
  await page.setInputFiles('#file', fixture('camera.jpg'));
  await page.waitForFunction(() => document.querySelector('#preview-image').naturalWidth > 0);
  assert.deepEqual(refusals, []);
  await context.close();
});

test('the API docs work under their Content-Security-Policy', async () => {
  const { page, context, refusals, policy } = await openWatched('/docs');
  assert.match(policy, /script-src 'self';/);
  assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
  await page.locator('.opblock').first().waitFor();
  assert.ok(await page.locator('.opblock').count() >= 6, 'Swagger UI lists the operations');
  // Try one out: Swagger UI calls the API from the page (connect-src) and shows the answer.
  await page.locator('.opblock-summary', { hasText: '/operations' }).click();
  await page.getByRole('button', { name: 'Try it out' }).click();
  await page.getByRole('button', { name: 'Execute' }).click();
  await page.locator('.live-responses-table .response-col_status', { hasText: '200' }).waitFor();
  assert.deepEqual(refusals, []);
  await context.close();
});
