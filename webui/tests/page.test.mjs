// The upload page in a real browser: the whole journey, errors in words, a slow API, phone and desktop layouts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { BASE_URL, SCREENSHOTS, fixture, launch, readBytes, unzip } from './support.mjs';

let browser;

before(async () => {
  browser = await launch();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
});

async function openPage(viewport = { width: 1280, height: 900 }, query = '') {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`${BASE_URL}/${query}`);
  await page.waitForLoadState('networkidle');
  return { page, context, errors };
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

test('upload a photo, follow the job, download an output and the ZIP', async () => {
  const { page, context, errors } = await openPage();
  await page.setInputFiles('#file', fixture('camera.jpg'));
  // Browsers apply the EXIF orientation, as PixTools does: the 600x400 file shows as 400x600.
  await assert.doesNotReject(page.locator('#preview-details', { hasText: '400 x 600 px' }).waitFor());
  await choose(page, ['jpg', 'webp', 'avif', 'metadata']);
  await page.locator('#webp-quality').fill('70');
  assert.equal(await page.locator('#webp-quality-value').textContent(), '70');
  await page.locator('#resize-width').fill('300');

  await page.getByRole('button', { name: 'Process image' }).click();
  await waitForJob(page);

  assert.equal(await page.locator('#job-status').getAttribute('data-status'), 'COMPLETED');
  const cards = page.locator('#results .card');
  assert.equal(await cards.count(), 4);
  for (const op of ['jpg', 'webp', 'avif']) {
    const card = page.locator(`#results .card[data-op="${op}"]`);
    assert.match(await card.locator('.facts').textContent(), /300 x 450 px/);
    assert.match(await card.locator('.saving').textContent(), /% (smaller|bigger) than the original/);
    assert.ok(await card.locator('img').evaluate((img) => img.complete && img.naturalWidth === 300), `${op} thumbnail shows`);
  }
  await assert.doesNotReject(page.locator('#metadata-rows', { hasText: 'Canon EOS 5D Mark IV' }).waitFor());
  const map = page.locator('#metadata-rows a');
  assert.match(await map.getAttribute('href'), /openstreetmap\.org\/\?mlat=48\.8583&mlon=2\.2945/);

  const [webp] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download WebP' }).click(),
  ]);
  const webpBytes = readBytes(await webp.path());
  assert.equal(webp.suggestedFilename(), 'camera.webp');
  assert.equal(webpBytes.toString('latin1', 0, 4), 'RIFF');
  assert.equal(webpBytes.toString('latin1', 8, 12), 'WEBP');

  const [zip] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download everything (ZIP)' }).click(),
  ]);
  const entries = unzip(readBytes(await zip.path()));
  assert.deepEqual([...entries.keys()].sort(), ['camera-metadata.json', 'camera.avif', 'camera.jpg', 'camera.webp']);
  assert.deepEqual(entries.get('camera.webp'), webpBytes);
  assert.equal(JSON.parse(entries.get('camera-metadata.json')).camera_make, 'Canon');

  assert.equal(await page.getByRole('button', { name: 'Try again' }).isVisible(), false);
  assert.equal(await page.locator('#upload-progress').isVisible(), false);
  assert.match(await page.locator('#metadata-rows').textContent(), /Rotated 90° clockwise \(6\)/);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'desktop.png'), fullPage: true });

  await page.reload();
  await page.waitForLoadState('networkidle');
  assert.match(await page.locator('#history-list').textContent(), /camera\.jpg/);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Mean absolute difference (0-255) between two loaded same-origin images of the same size, read through a canvas. */
function pixelDifference(page, first, second) {
  return page.evaluate(([a, b]) => {
    const read = (selector) => {
      const image = document.querySelector(selector);
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      return context.getImageData(0, 0, canvas.width, canvas.height).data;
    };
    const x = read(a);
    const y = read(b);
    if (x.length !== y.length) return -1;
    let sum = 0;
    for (let i = 0; i < x.length; i++) sum += Math.abs(x[i] - y[i]);
    return sum / x.length;
  }, [first, second]);
}

/** Mean absolute difference between horizontal neighbours of a loaded image: noise makes it larger. */
function roughness(page, selector) {
  return page.locator(selector).evaluate((image) => {
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let sum = 0;
    for (let i = 4; i < data.length; i++) if (i % 4 !== 3) sum += Math.abs(data[i] - data[i - 4]);
    return sum / data.length;
  });
}

/** A fixture with Gaussian-like noise (sigma about 20, fixed seed) added in the page, as a PNG upload. */
async function noisyUpload(page, name) {
  await page.setInputFiles('#file', fixture(name));
  const base64 = await page.evaluate(async () => {
    const bitmap = await createImageBitmap(document.getElementById('file').files[0]);
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const context = canvas.getContext('2d');
    context.drawImage(bitmap, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    let seed = 12345;
    const uniform = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    for (let i = 0; i < pixels.data.length; i++) {
      if (i % 4 === 3) continue;
      const noise = (uniform() + uniform() + uniform() + uniform() - 2) * 20 * Math.sqrt(3);
      pixels.data[i] = Math.max(0, Math.min(255, Math.round(pixels.data[i] + noise)));
    }
    context.putImageData(pixels, 0, 0);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  });
  await page.setInputFiles('#file', { name: 'noisy.png', mimeType: 'image/png', buffer: Buffer.from(base64, 'base64') });
}

const box = (page, selector) => page.locator(selector).evaluate((el) => {
  const r = el.getBoundingClientRect();
  return { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) };
});

test('denoise previews the strength on a crop, then compares the result at one crop and zoom', async () => {
  const { page, context, errors } = await openPage();
  await noisyUpload(page, 'chelsea.webp');
  await choose(page, ['denoise']);
  assert.equal(await page.locator('#denoise-preview').isVisible(), true);

  // The preview: a 256 x 256 crop from the centre, denoised by the service, laid over the crop at the strength.
  await page.getByRole('button', { name: 'Preview denoise on a crop' }).click();
  await page.locator('#preview-result').waitFor({ timeout: 60000 });
  await page.waitForFunction(() => ['preview-before', 'preview-after'].every((id) => {
    const image = document.getElementById(id);
    return image.complete && image.naturalWidth > 0;
  }));
  assert.deepEqual(await page.locator('#preview-after').evaluate((img) => [img.naturalWidth, img.naturalHeight]), [256, 256]);
  const change = await pixelDifference(page, '#preview-before', '#preview-after');
  assert.ok(change > 4 && change < 40, `the denoised crop differs from the crop, but is the same picture (${change})`);
  const [noisy, denoised] = [await roughness(page, '#preview-before'), await roughness(page, '#preview-after')];
  assert.ok(denoised < noisy / 2, `the denoised crop is smoother (${noisy} -> ${denoised})`);
  assert.equal(await page.locator('#preview-after').evaluate((img) => getComputedStyle(img).opacity), '1');
  await page.locator('#denoise-strength').fill('0.3');
  assert.equal(await page.locator('#preview-after').evaluate((img) => getComputedStyle(img).opacity), '0.3');
  assert.equal(await page.locator('#preview-strength').textContent(), '0.3');
  assert.deepEqual(await box(page, '#preview-after'), await box(page, '#preview-under'));
  // A preview is not one of the user's jobs.
  assert.equal(await page.locator('#history-list li').count(), 0);

  await page.locator('#denoise-strength').fill('0.8');
  await page.getByRole('button', { name: 'Process image' }).click();
  await waitForJob(page);
  assert.equal(await page.locator('#job-status').getAttribute('data-status'), 'COMPLETED');
  assert.match(await page.locator('#results .card[data-op="denoise"] .facts').textContent(), /image\/png - 451 x 300 px/);
  await assert.doesNotReject(page.locator('#compare').waitFor());
  await page.waitForFunction(() => document.getElementById('compare-after').naturalWidth > 0
    && document.getElementById('compare-before').naturalWidth > 0);

  // Both pictures always share one box: at fit, at 200 %, and after being dragged.
  assert.deepEqual(await box(page, '#compare-after'), await box(page, '#compare-before'));
  await page.getByRole('button', { name: '200 %' }).click();
  assert.equal(await page.locator('#compare-frame').getAttribute('data-scale'), '2');
  const zoomed = await box(page, '#compare-after');
  assert.deepEqual([zoomed.width, zoomed.height], [902, 600]);
  assert.deepEqual(await box(page, '#compare-before'), zoomed);
  const frame = await box(page, '#compare-frame');
  await page.mouse.move(frame.x + frame.width / 2, frame.y + frame.height / 2);
  await page.mouse.down();
  await page.mouse.move(frame.x + frame.width / 2 + 120, frame.y + frame.height / 2 + 60, { steps: 4 });
  await page.mouse.up();
  const dragged = await box(page, '#compare-after');
  assert.notDeepEqual(dragged, zoomed);
  assert.deepEqual(await box(page, '#compare-before'), dragged);
  await page.locator('#compare-frame').press('ArrowLeft');
  assert.deepEqual(await box(page, '#compare-before'), await box(page, '#compare-after'));
  await page.getByRole('button', { name: '100 %' }).click();
  assert.deepEqual((await box(page, '#compare-after')).width, 451);

  await page.locator('#compare-slider').fill('30');
  const width = await page.locator('#compare-after-clip').evaluate((el) => el.style.width);
  assert.equal(width, '30%');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'denoise-compare.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a file that is not an image gets a message in words', async () => {
  const { page, context } = await openPage();
  await page.setInputFiles('#file', { name: 'holiday.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('these are not pixels') });
  await page.getByRole('button', { name: 'Process image' }).click();
  const message = page.locator('#form-message');
  await assert.doesNotReject(message.filter({ hasText: 'not an image PixTools can read' }).waitFor());
  assert.equal(await page.locator('#job-panel').isHidden(), true);
  await context.close();
});

test('nothing is sent without a file or an operation', async () => {
  const { page, context } = await openPage();
  let posted = false;
  page.on('request', (request) => { if (request.method() === 'POST') posted = true; });
  await page.getByRole('button', { name: 'Process image' }).click();
  assert.match(await page.locator('#file-error').textContent(), /Choose an image first/);
  await page.setInputFiles('#file', fixture('astronaut.png'));
  await choose(page, []);
  await page.getByRole('button', { name: 'Process image' }).click();
  assert.match(await page.locator('#operations-error').textContent(), /at least one operation/);
  assert.equal(posted, false);
  await context.close();
});

test('a slow API times out with a clear message, and the retry reuses the Idempotency-Key', async () => {
  const { page, context } = await openPage(undefined, '?timeout=1000');
  const keys = [];
  let slow = true;
  await page.route('**/api/process', async (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    if (slow) {
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await route.abort().catch(() => {});
      return;
    }
    await route.continue();
  });
  await page.setInputFiles('#file', fixture('astronaut.png'));
  await choose(page, ['webp']);
  await page.getByRole('button', { name: 'Process image' }).click();

  const message = page.locator('#form-message');
  await assert.doesNotReject(message.filter({ hasText: 'took longer than 1 seconds' }).waitFor({ timeout: 10000 }));
  assert.match(await message.textContent(), /will not create a second job/);
  const retry = page.getByRole('button', { name: 'Try again' });
  assert.equal(await retry.isVisible(), true);

  slow = false;
  await retry.click();
  await waitForJob(page);
  assert.equal(await page.locator('#job-status').getAttribute('data-status'), 'COMPLETED');
  assert.equal(keys.length, 2);
  assert.match(keys[0], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(keys[1], keys[0]);
  await context.close();
});

test('the Idempotency-Key has a fallback where crypto.randomUUID is missing', async () => {
  const { page, context } = await openPage();
  const key = await page.evaluate(async () => {
    const saved = crypto.randomUUID;
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    const { newIdempotencyKey } = await import('/js/api.js');
    const value = newIdempotencyKey();
    Object.defineProperty(crypto, 'randomUUID', { value: saved, configurable: true });
    return value;
  });
  assert.match(key, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  await context.close();
});

test('at phone width the page fits, and every control has a label', async () => {
  const { page, context } = await openPage({ width: 390, height: 844 });
  await page.setInputFiles('#file', fixture('chelsea.webp'));
  await choose(page, ['jpg', 'png', 'metadata']);
  await page.getByRole('button', { name: 'Process image' }).click();
  await waitForJob(page);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal scrolling');
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select')]
    .filter((el) => el.type !== 'hidden' && !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
    .map((el) => el.id || el.name));
  assert.deepEqual(unlabelled, []);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'phone.png'), fullPage: true });
  await context.close();
});

test('the keyboard reaches the file picker and the submit button', async () => {
  const { page, context } = await openPage();
  const reached = new Set();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    reached.add(await page.evaluate(() => document.activeElement && (document.activeElement.id || document.activeElement.textContent.trim())));
  }
  assert.ok(reached.has('file'), 'the file input takes focus');
  assert.ok(reached.has('submit'), 'the submit button takes focus');
  await context.close();
});

test('the page draws a control for every parameter the server declares, with its range and default', async () => {
  const { page, context, errors } = await openPage();
  const { operations } = await (await fetch(`${BASE_URL}/api/operations`)).json();
  const shared = ['resize', 'strip', 'fail_on']; // drawn once, in the Output fieldset (js/controls.js)
  assert.ok(operations.some((op) => op.id === 'denoise' && op.params.length > 0), 'denoise and its parameters are declared');
  const check = async (id, param) => {
    const control = page.locator(`#${id}`);
    assert.equal(await control.count(), 1, `a control for ${id}`);
    const found = await control.evaluate((el) => ({
      type: el.type, min: el.min, max: el.max, value: el.value, checked: el.checked,
      options: el.options ? [...el.options].map((o) => o.value) : null,
      labelled: Boolean(el.labels && el.labels.length),
    }));
    assert.ok(found.labelled, `${id} has a label`);
    if (param.type === 'boolean') {
      assert.equal(found.type, 'checkbox', id);
      assert.equal(found.checked, param.default, `${id} default`);
    } else if (param.type === 'string') {
      assert.deepEqual(found.options, param.enum, `${id} choices`);
      assert.equal(found.value, param.default, `${id} default`);
    } else {
      assert.equal(Number(found.min), param.minimum, `${id} minimum`);
      assert.equal(Number(found.max), param.maximum, `${id} maximum`);
      if (param.default !== undefined) assert.equal(Number(found.value), param.default, `${id} default`);
      else assert.equal(found.value, '', `${id} is empty: the server chooses`);
    }
  };
  for (const op of operations) {
    assert.equal(await page.locator(`input[name="op"][value="${op.id}"]`).count(), 1, `a checkbox for ${op.id}`);
    for (const param of op.params) {
      if (!shared.includes(param.name)) await check(`${op.id}-${param.name}`, param);
      else if (param.type === 'object') for (const member of param.params) await check(`${param.name}-${member.name}`, member);
      else await check(param.name, param);
    }
  }
  assert.deepEqual(errors, []);
  await context.close();
});
