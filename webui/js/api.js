// Talks to the PixTools API: the upload (with progress, timeout and Idempotency-Key) and job polling. Every request
// carries this tab's API key when it has one; a 401 or 429 comes back as an ApiError for the page to act on.
import { apiKey, authorization } from './access.js';

/** A random UUID: crypto.randomUUID where the browser offers it (secure contexts), else one built from getRandomValues. */
export function newIdempotencyKey() {
  if (globalThis.crypto && typeof globalThis.crypto.randomUUID === 'function') {
    return globalThis.crypto.randomUUID();
  }
  const bytes = new Uint8Array(16);
  if (globalThis.crypto && typeof globalThis.crypto.getRandomValues === 'function') {
    globalThis.crypto.getRandomValues(bytes);
  } else {
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class ApiError extends Error {
  constructor(kind, message, { status = 0, field = null, code = null, retryAfter = null, sentKey = null } = {}) {
    super(message);
    this.kind = kind; // 'http' | 'timeout' | 'network'
    this.status = status;
    this.field = field;
    this.code = code;
    this.retryAfter = retryAfter; // seconds, from Retry-After (429, 503)
    this.sentKey = sentKey; // the API key the request carried, so a 401 tells a refused key from a missing one
  }
}

/** Retry-After in whole seconds: a number of seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterSeconds(value, now = Date.now()) {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

function httpError(status, body, retryAfter, sentKey) {
  return new ApiError('http', (body && body.message) || `HTTP ${status}`,
    { status, field: body && body.field, code: body && body.error, retryAfter: retryAfterSeconds(retryAfter), sentKey });
}

/** fetch for /api: adds the key, turns an error status into an ApiError. */
async function apiFetch(url, init = {}) {
  const sentKey = apiKey();
  const response = await fetch(url, { ...init, headers: { ...(init.headers || {}), ...authorization(sentKey) } });
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw httpError(response.status, body, response.headers.get('Retry-After'), sentKey);
  }
  return response;
}

/**
 * POST /api/process with upload progress. Resolves with the JSON body (202 or an idempotent 200 replay), rejects
 * with an ApiError. XMLHttpRequest, because fetch cannot report upload progress.
 */
export function submitJob({ file, operations, params, webhookUrl, idempotencyKey, timeoutMs, onProgress }) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append('file', file, file.name);
    form.append('operations', JSON.stringify(operations));
    if (params && Object.keys(params).length > 0) form.append('operation_params', JSON.stringify(params));
    if (webhookUrl) form.append('webhook_url', webhookUrl);

    const sentKey = apiKey();
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/process');
    xhr.timeout = timeoutMs;
    xhr.setRequestHeader('Idempotency-Key', idempotencyKey);
    for (const [name, value] of Object.entries(authorization(sentKey))) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded, event.total);
    };
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status === 202 || xhr.status === 200) {
        resolve(body);
      } else {
        reject(httpError(xhr.status, body, xhr.getResponseHeader('Retry-After'), sentKey));
      }
    };
    xhr.ontimeout = () => reject(new ApiError('timeout', 'timeout'));
    xhr.onerror = () => reject(new ApiError('network', 'network'));
    xhr.send(form);
  });
}

export async function getJob(jobId) {
  const response = await apiFetch(`/api/jobs/${encodeURIComponent(jobId)}`, { headers: { Accept: 'application/json' } });
  return response.json();
}

/**
 * The operations this server offers and the parameters each takes ({id, title, summary, params: [{name, type, default,
 * minimum, maximum, enum, description, params}]}); rejects with an ApiError (a 401 among them).
 */
export async function getOperations() {
  const response = await apiFetch('/api/operations', { headers: { Accept: 'application/json' } });
  const body = await response.json();
  return body.operations;
}

/**
 * The same operations read from the OpenAPI description, which is open to callers without a key: both come from the
 * server's one operation schema, so the page can draw its form while it waits for a key.
 */
export async function getOperationsFromOpenApi() {
  const response = await fetch('/api/openapi.json', { headers: { Accept: 'application/json' } });
  if (!response.ok) throw httpError(response.status, null, null, null);
  const doc = await response.json();
  const schemas = doc.components.schemas;
  const resolve = (schema) => (schema.$ref ? schemas[schema.$ref.split('/').pop()] : schema);
  const typeOf = (schema) => [schema.type, schema.types].flat().find((type) => typeof type === 'string');
  const params = (object) => Object.entries(object.properties || {}).map(([name, reference]) => {
    const schema = resolve(reference);
    const param = { name, type: typeOf(schema), description: schema.description };
    for (const key of ['default', 'minimum', 'maximum', 'enum']) if (schema[key] !== undefined) param[key] = schema[key];
    if (param.type === 'object') param.params = params(schema);
    return param;
  });
  return Object.entries(schemas.ProcessForm.properties.operation_params.properties).map(([id, reference]) => {
    const schema = resolve(reference);
    return { id, title: schema.title, summary: schema.description, params: params(schema) };
  });
}

/**
 * Polls a job until it is COMPLETED or FAILED, backing off from 0.5 s to 5 s. A 429 waits its Retry-After before the
 * next poll. A 404 or a 401 stops the polling and goes to onError (the page asks for a key and watches again).
 * Returns a function that stops it.
 */
export function watchJob(jobId, onUpdate, onError) {
  let delay = 500;
  let stopped = false;
  let timer = null;
  const tick = async () => {
    if (stopped) return;
    try {
      const job = await getJob(jobId);
      if (stopped) return;
      onUpdate(job);
      if (job.status === 'COMPLETED' || job.status === 'FAILED') return;
    } catch (error) {
      if (stopped) return;
      if (error.status === 404 || error.status === 401) { onError(error); return; }
      if (error.status === 429 && error.retryAfter != null) {
        delay = Math.max(delay, error.retryAfter * 1000);
        timer = setTimeout(tick, delay);
        return;
      }
    }
    delay = Math.min(delay * 1.5, 5000);
    timer = setTimeout(tick, delay);
  };
  tick();
  return () => { stopped = true; clearTimeout(timer); };
}
