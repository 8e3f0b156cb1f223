// The upload page: choose an image and operations, submit, follow the job, get the results.
import * as access from './access.js';
import { ApiError, getJob, getOperations, getOperationsFromOpenApi, newIdempotencyKey, submitJob, watchJob } from './api.js';
import { centreCrop, compareView } from './compare.js';
import * as controls from './controls.js';
import * as format from './format.js';
import * as history from './history.js';

const $ = (id) => document.getElementById(id);

/** How long an upload may take before the page gives up; tests shorten it. */
const uploadTimeoutMs = () => Number(new URLSearchParams(location.search).get('timeout')) || window.PIXTOOLS_UPLOAD_TIMEOUT_MS || 120000;

const state = {
  file: null,
  previewUrl: null,
  submission: null, // { signature, key }: a retry of the same submission reuses its Idempotency-Key
  stopWatching: null,
  originalBytes: null,
  uploadNotBefore: 0, // after a 429: no new upload before this time (ms since the epoch)
  preview: null, // { stop, url }: the strength preview's job and its crop
};

// ---- the API key --------------------------------------------------------------------------------------------------
// An open server never answers 401, so the form never shows. Otherwise a 401 shows it, and each action that was
// refused (the upload, polling a job, loading the operations) waits here, by name, to run again once a key is entered.

const waitingForKey = new Map();
const KEY_NEEDED = 'This PixTools server needs an API key. Enter yours to continue.';
const KEY_REFUSED = 'That key was refused. Check it and enter it again.';
const KEY_FORGOTTEN = 'Key forgotten. Enter a key to go on using PixTools in this tab.';

function showKeyForm(message, isError) {
  $('key-message').textContent = message;
  $('key-message').classList.toggle('error', isError);
  const wasHidden = $('key-form').hidden;
  $('key-form').hidden = false;
  if (wasHidden || isError) $('api-key').focus();
  renderKeyStatus();
}

function renderKeyStatus() {
  $('key-status').hidden = !access.apiKey();
}

/**
 * A request was answered 401: ask for a key and run `action` again once there is one. A request that went out
 * before the key changed is simply tried again with the new one; the key it carried being refused clears it.
 */
function needKey(error, name, action) {
  const current = access.apiKey();
  if (current && error.sentKey !== current) {
    action();
    return;
  }
  waitingForKey.set(name, action);
  if (current) {
    access.forgetKey();
    showKeyForm(KEY_REFUSED, true);
  } else if ($('key-form').hidden) {
    showKeyForm(KEY_NEEDED, false);
  }
}

$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = $('api-key').value.trim();
  if (!key) {
    showKeyForm('Enter an API key first.', true);
    return;
  }
  access.rememberKey(key);
  $('api-key').value = '';
  $('key-form').hidden = true;
  renderKeyStatus();
  const actions = [...waitingForKey.values()];
  waitingForKey.clear();
  actions.forEach((action) => action());
});

$('forget-key').addEventListener('click', () => {
  access.forgetKey();
  showKeyForm(KEY_FORGOTTEN, false);
});

// ---- operations and their parameters ----------------------------------------------------------------------------
// Drawn from the server's operation schema (see controls.js); nothing about them is written into the page.

let catalog = [];

function selectedOperations() {
  return [...document.querySelectorAll('input[name="op"]:checked')].map((box) => box.value);
}

function operationParams(operations) {
  return controls.read(catalog, operations, $('operation-list'), $('shared-params'));
}

function showOperations(operations) {
  catalog = operations;
  controls.render(operations, $('operation-list'), $('shared-params'));
  $('operations-error').hidden = true;
  updateDenoisePreview();
}

// ---- choosing a file ----------------------------------------------------------------------------------------------

function showFileError(message) {
  $('file-error').textContent = message;
  $('file-error').hidden = !message;
}

function chooseFile(file) {
  showFileError('');
  if (state.previewUrl) URL.revokeObjectURL(state.previewUrl);
  state.file = file;
  state.previewUrl = file ? URL.createObjectURL(file) : null;
  $('dropzone').dataset.state = file ? 'chosen' : 'empty';
  $('preview').hidden = !file;
  resetDenoisePreview();
  if (!file) {
    $('file').value = '';
    return;
  }
  $('preview-name').textContent = file.name;
  $('preview-details').textContent = format.bytes(file.size);
  const image = $('preview-image');
  image.onload = () => {
    $('preview-details').textContent = `${format.bytes(file.size)} - ${image.naturalWidth} x ${image.naturalHeight} px`;
  };
  image.onerror = () => {
    $('preview-details').textContent = `${format.bytes(file.size)} - no preview in this browser`;
  };
  image.src = state.previewUrl;
}

$('file').addEventListener('change', (event) => chooseFile(event.target.files[0] || null));
$('clear-file').addEventListener('click', () => chooseFile(null));

const dropzone = $('dropzone');
['dragenter', 'dragover'].forEach((type) => dropzone.addEventListener(type, (event) => {
  event.preventDefault();
  dropzone.dataset.state = 'dragging';
}));
['dragleave', 'dragend'].forEach((type) => dropzone.addEventListener(type, () => {
  dropzone.dataset.state = state.file ? 'chosen' : 'empty';
}));
dropzone.addEventListener('drop', (event) => {
  event.preventDefault();
  const file = event.dataTransfer.files[0];
  if (file) chooseFile(file);
  else dropzone.dataset.state = state.file ? 'chosen' : 'empty';
});

// ---- submitting ---------------------------------------------------------------------------------------------------

function setMessage(text, isError = false) {
  $('form-message').textContent = text;
  $('form-message').classList.toggle('error', isError);
}

function setBusy(busy) {
  $('submit').disabled = busy;
  $('submit').textContent = busy ? 'Uploading...' : 'Process image';
}

function showProgress(loaded, total) {
  $('upload-progress').hidden = false;
  const percent = total ? Math.round((loaded / total) * 100) : 0;
  $('upload-bar').value = percent;
  $('upload-text').textContent = `${percent}% of ${format.bytes(total)}`;
}

async function submit() {
  const waitMs = state.uploadNotBefore - Date.now();
  if (waitMs > 0) {
    // Rate limited a moment ago: sending again now would only be refused again.
    setMessage(`Too many requests with this API key right now. Try again in ${format.wait(Math.ceil(waitMs / 1000))}.`, true);
    return;
  }
  setMessage('');
  $('retry').hidden = true;
  const operations = selectedOperations();
  $('operations-error').hidden = operations.length > 0;
  $('operations-error').textContent = operations.length ? '' : 'Choose at least one operation.';
  if (!state.file) showFileError('Choose an image first.');
  if (!state.file || operations.length === 0) return;

  const params = operationParams(operations);
  const webhookUrl = $('webhook-url').value.trim();
  const signature = JSON.stringify([state.file.name, state.file.size, state.file.lastModified, operations, params, webhookUrl]);
  if (!state.submission || state.submission.signature !== signature) {
    state.submission = { signature, key: newIdempotencyKey() };
  }

  setBusy(true);
  showProgress(0, state.file.size);
  const timeoutMs = uploadTimeoutMs();
  try {
    const accepted = await submitJob({
      file: state.file, operations, params, webhookUrl, idempotencyKey: state.submission.key, timeoutMs, onProgress: showProgress,
    });
    state.originalBytes = state.file.size;
    history.remember({ job_id: accepted.job_id, name: state.file.name, created_at: new Date().toISOString(), status: 'PENDING' });
    renderHistory();
    setMessage('Uploaded. Processing...');
    follow(accepted.job_id, state.previewUrl);
    $('job-title').focus({ preventScroll: true });
    $('job-panel').scrollIntoView({ behavior: 'smooth', block: 'start' });
  } catch (error) {
    const problem = error instanceof ApiError ? error : new ApiError('network', String(error));
    setMessage(format.explain(problem, timeoutMs), true);
    if (problem.status === 401) {
      needKey(problem, 'upload', submit);
      return;
    }
    if (problem.status === 429) state.uploadNotBefore = Date.now() + (problem.retryAfter ?? 5) * 1000;
    if (problem.kind !== 'http' || [409, 429, 500, 502, 503, 504].includes(problem.status)) {
      $('retry').hidden = false;
    }
    if (problem.field === 'file') showFileError(format.explain(problem, timeoutMs));
  } finally {
    setBusy(false);
    $('upload-progress').hidden = true;
  }
}

$('job-form').addEventListener('submit', (event) => {
  event.preventDefault();
  submit();
});
$('retry').addEventListener('click', submit);

// ---- following a job ----------------------------------------------------------------------------------------------

function follow(jobId, originalPreviewUrl) {
  if (state.stopWatching) state.stopWatching();
  $('job-panel').hidden = false;
  $('job-status').textContent = 'Waiting';
  $('job-status').dataset.status = 'PENDING';
  $('results').replaceChildren();
  $('job-operations').replaceChildren();
  $('job-error').hidden = true;
  $('archive').hidden = true;
  $('metadata').hidden = true;
  $('compare').hidden = true;
  watch(jobId, originalPreviewUrl);
}

function watch(jobId, originalPreviewUrl) {
  if (state.stopWatching) state.stopWatching();
  state.stopWatching = watchJob(jobId, (job) => renderJob(job, originalPreviewUrl), (error) => {
    if (error.status === 401) {
      needKey(error, 'watch', () => watch(jobId, originalPreviewUrl));
      return;
    }
    $('job-status').textContent = 'Expired';
    $('job-error').hidden = false;
    $('job-error').textContent = 'This job is no longer available: results are kept for 24 hours.';
  });
}

const STATUS_WORDS = { PENDING: 'Waiting', PROCESSING: 'Working', COMPLETED: 'Done', FAILED: 'Finished with errors' };

function renderJob(job, originalPreviewUrl) {
  $('job-status').textContent = STATUS_WORDS[job.status] || job.status;
  $('job-status').dataset.status = job.status;
  const original = job.source ? job.source.bytes : state.originalBytes;

  $('job-operations').replaceChildren(...job.operations.map((op) => {
    const li = document.createElement('li');
    const output = job.outputs[op] || { status: 'PENDING' };
    li.dataset.status = output.status;
    li.textContent = `${format.operationLabel(op)}: ${output.status === 'PENDING' ? 'in progress' : output.status.toLowerCase()}`;
    return li;
  }));

  const finished = job.status === 'COMPLETED' || job.status === 'FAILED';
  if (!finished) return;
  setMessage('');
  history.update(job.job_id, { status: job.status, expires_at: job.expires_at });
  renderHistory();

  if (job.error_message) {
    $('job-error').hidden = false;
    $('job-error').textContent = `Some operations did not work: ${job.error_message}`;
  }
  $('results').replaceChildren(...job.operations.map((op) => resultCard(job, op, original)));
  if (job.archive_url) {
    $('archive').hidden = false;
    $('archive-link').href = job.archive_url;
    $('expiry').textContent = `Available until ${format.dateTime(job.expires_at)} (${format.timeLeft(job.expires_at)}).`;
  }
  renderMetadata(job.metadata);
  if (job.result_urls.denoise && originalPreviewUrl) renderCompare(originalPreviewUrl, job.result_urls.denoise);
}

function resultCard(job, op, originalBytes) {
  const output = job.outputs[op] || {};
  const card = document.createElement('article');
  card.className = 'card';
  card.dataset.op = op;
  const body = document.createElement('div');
  body.className = 'body';
  const title = document.createElement('span');
  title.className = 'title';
  title.textContent = format.operationLabel(op);

  if (output.status !== 'COMPLETED') {
    card.classList.add('failed');
    const reason = document.createElement('span');
    reason.textContent = output.error_message || 'not produced';
    body.append(title, reason);
    card.append(body);
    return card;
  }
  const url = job.result_urls[op];
  if (op !== 'metadata') {
    const thumb = document.createElement('img');
    thumb.src = url;
    thumb.loading = 'lazy';
    thumb.alt = `${format.operationLabel(op)} result`;
    card.append(thumb);
  }
  const facts = document.createElement('span');
  facts.className = 'facts';
  facts.textContent = [output.content_type, output.width ? `${output.width} x ${output.height} px` : null, format.bytes(output.bytes)]
    .filter(Boolean).join(' - ');
  body.append(title, facts);
  if (op !== 'metadata') {
    const change = format.saving(output.bytes, originalBytes);
    if (change) {
      const saving = document.createElement('span');
      saving.className = `saving${change.bigger ? ' bigger' : ''}`;
      saving.textContent = `${change.text} than the original`;
      body.append(saving);
    }
  }
  const download = document.createElement('a');
  download.className = 'button-secondary';
  download.href = url;
  download.setAttribute('download', '');
  download.textContent = 'Download';
  download.setAttribute('aria-label', `Download ${format.operationLabel(op)}`);
  body.append(download);
  card.append(body);
  return card;
}

function renderMetadata(metadata) {
  if (!metadata) return;
  const rows = [];
  for (const [key, label] of format.METADATA_LABELS) {
    const value = metadata[key];
    if (value == null) continue;
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = label;
    const td = document.createElement('td');
    if (key === 'gps') {
      const link = document.createElement('a');
      link.href = `https://www.openstreetmap.org/?mlat=${value.latitude}&mlon=${value.longitude}#map=15/${value.latitude}/${value.longitude}`;
      link.textContent = `${value.latitude}, ${value.longitude} (map)`;
      link.rel = 'noopener';
      link.target = '_blank';
      td.append(link);
    } else if (key === 'f_number') {
      td.textContent = `f/${value}`;
    } else if (key === 'focal_length_mm') {
      td.textContent = `${value} mm`;
    } else if (key === 'exposure_time') {
      td.textContent = `${value} s`;
    } else if (key === 'orientation') {
      td.textContent = format.orientation(value);
    } else if (key === 'date_taken') {
      td.textContent = format.dateTime(value);
    } else {
      td.textContent = String(value);
    }
    tr.append(th, td);
    rows.push(tr);
  }
  $('metadata-rows').replaceChildren(...rows);
  $('metadata').hidden = rows.length === 0;
}

const compare = compareView({
  frame: $('compare-frame'),
  before: $('compare-before'),
  after: $('compare-after'),
  clip: $('compare-after-clip'),
  slider: $('compare-slider'),
  zoomButtons: [...document.querySelectorAll('#compare .zoom')],
});

function renderCompare(beforeUrl, afterUrl) {
  $('compare').hidden = false;
  compare.show(beforeUrl, afterUrl);
}

// ---- the strength preview -----------------------------------------------------------------------------------------
// A crop of the chosen image goes through denoise at full strength as a small job of its own (the same API, key and
// limits as any job); the page then lays it over the crop at the chosen strength, which is how the service blends.

const PREVIEW_EDGE = 256;

function denoiseChosen() {
  return selectedOperations().includes('denoise');
}

function strength() {
  const control = $('denoise-strength');
  return control ? Number(control.value) : 1;
}

function resetDenoisePreview() {
  if (state.preview) {
    state.preview.stop();
    URL.revokeObjectURL(state.preview.url);
  }
  state.preview = null;
  $('preview-result').hidden = true;
  $('preview-message').textContent = '';
  $('preview-run').disabled = false;
  updateDenoisePreview();
}

function updateDenoisePreview() {
  $('denoise-preview').hidden = !(state.file && denoiseChosen());
  $('preview-after').style.opacity = String(strength());
  $('preview-strength').value = String(strength());
}

function previewMessage(text, isError = false) {
  $('preview-message').textContent = text;
  $('preview-message').classList.toggle('error', isError);
}

async function runDenoisePreview() {
  const file = state.file;
  resetDenoisePreview();
  $('preview-run').disabled = true;
  previewMessage('Denoising a crop...');
  let crop;
  try {
    crop = await centreCrop(file, PREVIEW_EDGE);
  } catch {
    $('preview-run').disabled = false;
    previewMessage('This browser cannot read this image to preview it; the job itself will still work.', true);
    return;
  }
  const url = URL.createObjectURL(crop.file);
  state.preview = { url, stop: () => {} };
  try {
    const accepted = await submitJob({
      file: crop.file, operations: ['denoise'], params: { denoise: { strength: 1 } }, webhookUrl: '',
      idempotencyKey: newIdempotencyKey(), timeoutMs: uploadTimeoutMs(),
    });
    if (state.file !== file) return;
    state.preview.stop = watchJob(accepted.job_id, (job) => {
      if (job.status === 'FAILED') {
        $('preview-run').disabled = false;
        previewMessage(`The preview did not work: ${job.error_message}`, true);
      } else if (job.status === 'COMPLETED') {
        $('preview-run').disabled = false;
        $('preview-before').src = url;
        $('preview-under').src = url;
        $('preview-after').src = job.result_urls.denoise;
        $('preview-result').hidden = false;
        previewMessage(`A ${crop.width} x ${crop.height} px crop. Move the strength slider to see its effect.`);
        updateDenoisePreview();
      }
    }, (error) => {
      $('preview-run').disabled = false;
      if (error.status === 401) needKey(error, 'preview', runDenoisePreview);
      else previewMessage('The preview is no longer available. Try again.', true);
    });
  } catch (error) {
    $('preview-run').disabled = false;
    const problem = error instanceof ApiError ? error : new ApiError('network', String(error));
    if (problem.status === 401) {
      needKey(problem, 'preview', runDenoisePreview);
      return;
    }
    previewMessage(format.explain(problem, uploadTimeoutMs()), true);
  }
}

$('preview-run').addEventListener('click', runDenoisePreview);
$('operation-list').addEventListener('change', updateDenoisePreview);
$('operation-list').addEventListener('input', (event) => {
  if (event.target.id === 'denoise-strength') updateDenoisePreview();
});

// ---- history --------------------------------------------------------------------------------------------------------

function renderHistory() {
  const entries = history.load();
  $('history-empty').hidden = entries.length > 0;
  $('history-list').replaceChildren(...entries.map((entry) => {
    const li = document.createElement('li');
    const open = document.createElement('button');
    open.type = 'button';
    open.textContent = entry.name;
    open.addEventListener('click', () => follow(entry.job_id, null));
    const info = document.createElement('span');
    info.className = 'hint';
    info.textContent = [STATUS_WORDS[entry.status] || entry.status, entry.expires_at ? format.timeLeft(entry.expires_at) : null]
      .filter(Boolean).join(' - ');
    li.append(open, info);
    return li;
  }));
}

// ---- start --------------------------------------------------------------------------------------------------------

function loadOperations() {
  getOperations().then((operations) => { if (catalog.length === 0) showOperations(operations); }).catch((error) => {
    if (error.status === 401) {
      needKey(error, 'operations', loadOperations);
      // Until there is a key, the open OpenAPI description (the same schema) draws the form.
      if (catalog.length === 0) getOperationsFromOpenApi().then((operations) => { if (catalog.length === 0) showOperations(operations); }).catch(() => {});
      return;
    }
    $('operations-error').hidden = false;
    $('operations-error').textContent = 'The operations could not be loaded. Reload the page to try again.';
  });
}

function openLinkedJob(jobId) {
  getJob(jobId).then((job) => follow(job.job_id, null)).catch((error) => {
    if (error.status === 401) needKey(error, 'linked', () => openLinkedJob(jobId));
  });
}

renderKeyStatus();
loadOperations();
renderHistory();
const linked = new URLSearchParams(location.search).get('job');
if (linked) openLinkedJob(linked);
