// Words and numbers for people.

export function bytes(n) {
  if (n == null) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** "62% smaller" or "15% bigger" than the original. */
export function saving(outputBytes, originalBytes) {
  if (!outputBytes || !originalBytes) return null;
  const ratio = 1 - outputBytes / originalBytes;
  const percent = Math.round(Math.abs(ratio) * 100);
  if (percent === 0) return { text: 'same size', bigger: false };
  return ratio > 0 ? { text: `${percent}% smaller`, bigger: false } : { text: `${percent}% bigger`, bigger: true };
}

export function dateTime(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function timeLeft(iso) {
  const ms = new Date(iso).getTime() - Date.now();
  if (ms <= 0) return 'expired';
  const hours = Math.floor(ms / 3600000);
  const minutes = Math.floor((ms % 3600000) / 60000);
  return hours > 0 ? `expires in ${hours} h ${minutes} min` : `expires in ${minutes} min`;
}

const LABELS = { jpg: 'JPEG', png: 'PNG', webp: 'WebP', avif: 'AVIF', metadata: 'Metadata', denoise: 'Denoised' };
export const operationLabel = (op) => LABELS[op] || op;

/** A wait of Retry-After seconds in words: the seconds themselves, and minutes or hours when it is long. */
export function wait(seconds) {
  if (seconds == null) return 'a moment';
  const s = Math.max(1, Math.round(seconds));
  const words = s === 1 ? '1 second' : `${s} seconds`;
  if (s < 120) return words;
  if (s < 7200) return `${words} (about ${Math.round(s / 60)} minutes)`;
  return `${words} (about ${Math.round(s / 3600)} hours)`;
}

/** What to tell a person when a request went wrong. */
export function explain(error, timeoutMs) {
  if (error.kind === 'timeout') {
    return `The upload took longer than ${Math.round(timeoutMs / 1000)} seconds and was stopped. `
      + 'Check your connection and try again; trying again will not create a second job.';
  }
  if (error.kind === 'network') {
    return 'PixTools could not be reached. Check your connection and try again.';
  }
  switch (error.status) {
    case 413: return `This file is too large for PixTools. ${error.message}`;
    case 415: return 'This file is not an image PixTools can read. Choose a JPEG, PNG, WebP, AVIF, HEIC, TIFF or GIF file.';
    case 401: return 'This PixTools server needs an API key. Enter yours above; the upload starts again once you do.';
    case 409: return 'Your previous attempt is still being received. Wait a moment and try again.';
    case 429:
      if (error.code === 'too_many_jobs_in_flight') {
        return `Too many of your jobs are still being processed. Try again in ${wait(error.retryAfter)}.`;
      }
      if (error.code === 'upload_quota_exceeded') {
        return `This API key's daily upload allowance is used up. Try again in ${wait(error.retryAfter)}.`;
      }
      return `Too many requests with this API key right now. Try again in ${wait(error.retryAfter)}.`;
    case 503: return 'PixTools is busy right now. Try again in a few seconds.';
    case 422:
      if (error.field === 'file') return 'This file looks like an image but cannot be read. It may be damaged.';
      return `Please check your choices: ${error.message}`;
    default: return `Something went wrong on our side (${error.message}). Try again in a moment.`;
  }
}

/** Metadata keys as table labels, in a useful order. */
export const METADATA_LABELS = [
  ['camera_make', 'Camera make'], ['camera_model', 'Camera model'], ['lens', 'Lens'],
  ['exposure_time', 'Exposure'], ['f_number', 'Aperture'], ['iso', 'ISO'], ['focal_length_mm', 'Focal length'],
  ['date_taken', 'Taken'], ['gps', 'Location'], ['orientation', 'Orientation'], ['width', 'Stored width'],
  ['height', 'Stored height'], ['format', 'Format'], ['icc_profile', 'Colour profile'], ['artist', 'Artist'],
  ['copyright', 'Copyright'], ['software', 'Software'],
];

const ORIENTATIONS = {
  1: 'Normal', 2: 'Mirrored', 3: 'Rotated 180\u00b0', 4: 'Mirrored, rotated 180\u00b0',
  5: 'Mirrored, rotated 90\u00b0 clockwise', 6: 'Rotated 90\u00b0 clockwise', 7: 'Mirrored, rotated 90\u00b0 counter-clockwise',
  8: 'Rotated 90\u00b0 counter-clockwise',
};
export const orientation = (value) => `${ORIENTATIONS[value] || 'Unknown'} (${value})`;
