// This browser's recent jobs, kept in localStorage until they expire.

const KEY = 'pixtools.history';
const LIMIT = 12;

export function load() {
  try {
    const entries = JSON.parse(localStorage.getItem(KEY) || '[]');
    const now = Date.now();
    return entries.filter((e) => !e.expires_at || new Date(e.expires_at).getTime() > now);
  } catch {
    return [];
  }
}

export function remember(entry) {
  const entries = load().filter((e) => e.job_id !== entry.job_id);
  entries.unshift(entry);
  try {
    localStorage.setItem(KEY, JSON.stringify(entries.slice(0, LIMIT)));
  } catch { /* storage full or disabled: history is a convenience */ }
}

export function update(jobId, changes) {
  const entries = load();
  const entry = entries.find((e) => e.job_id === jobId);
  if (!entry) return;
  Object.assign(entry, changes);
  try { localStorage.setItem(KEY, JSON.stringify(entries)); } catch { /* ignore */ }
}
