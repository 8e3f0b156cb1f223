// Shared set-up for the browser tests: Debian's Chromium through playwright-core, against a running PixTools.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const BASE_URL = process.env.PIXTOOLS_BASE_URL || 'http://localhost:8080';
export const FIXTURES = process.env.PIXTOOLS_FIXTURES || path.resolve(here, '../../processors/src/test/resources/images');
/** The API key of the server under test, when it requires keys (WebUiBrowserTests starts one that does); else unset. */
export const API_KEY = process.env.PIXTOOLS_TEST_API_KEY || null;
export const SCREENSHOTS = process.env.PIXTOOLS_SCREENSHOTS || path.resolve(here, '../../docs/screenshots');

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export const fixture = (name) => path.join(FIXTURES, name);

/** The names and contents of the entries of a ZIP file (stored or deflated), read with Node alone. */
export function unzip(buffer) {
  const entries = new Map();
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end--;
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    const method = buffer.readUInt16LE(offset + 10);
    const compressed = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const local = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    const dataStart = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(dataStart, dataStart + compressed);
    entries.set(name, method === 8 ? inflateRawSync(data) : data);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export const readBytes = (file) => readFileSync(file);

/** Where the page keeps the API key of its tab (webui/js/access.js). */
export const API_KEY_ITEM = 'pixtools.apiKey';

/** Stores `key` in the tab's sessionStorage before the page's own scripts run, as if it had been entered earlier. */
export async function presetApiKey(context, key) {
  await context.addInitScript(([item, value]) => {
    if (!sessionStorage.getItem('pixtools.test.preset')) {
      sessionStorage.setItem('pixtools.test.preset', 'done'); // once per tab: "Forget key" must stick across reloads
      sessionStorage.setItem(item, value);
    }
  }, [API_KEY_ITEM, key]);
}
