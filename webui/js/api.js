// Talks to the PixTools API: the upload (with progress, timeout and Idempotency-Key) and job polling.

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
  constructor(kind, message, { status = 0, field = null, code = null } = {}) {
    super(message);
    this.kind = kind; // 'http' | 'timeout' | 'network'
    this.status = status;
    this.field = field;
    this.code = code;
  }
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

    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/process');
    xhr.timeout = timeoutMs;
    xhr.setRequestHeader('Idempotency-Key', idempotencyKey);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded, event.total);
    };
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status === 202 || xhr.status === 200) {
        resolve(body);
      } else {
        reject(new ApiError('http', (body && body.message) || `HTTP ${xhr.status}`,
          { status: xhr.status, field: body && body.field, code: body && body.error }));
      }
    };
    xhr.ontimeout = () => reject(new ApiError('timeout', 'timeout'));
    xhr.onerror = () => reject(new ApiError('network', 'network'));
    xhr.send(form);
  });
}

export async function getJob(jobId) {
  const response = await fetch(`/api/jobs/${encodeURIComponent(jobId)}`, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new ApiError('http', body.message || `HTTP ${response.status}`, { status: response.status });
  }
  return response.json();
}

export async function getOperations() {
  const response = await fetch('/api/operations');
  if (!response.ok) return null;
  const body = await response.json();
  return body.operations.map((op) => op.id);
}

/** Polls a job until it is COMPLETED or FAILED, backing off from 0.5 s to 5 s. Returns a function that stops it. */
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
      if (error.status === 404) { onError(error); return; }
    }
    delay = Math.min(delay * 1.5, 5000);
    timer = setTimeout(tick, delay);
  };
  tick();
  return () => { stopped = true; clearTimeout(timer); };
}
