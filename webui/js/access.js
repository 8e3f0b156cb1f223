// This tab's API key. Kept in sessionStorage, not localStorage: it goes when the tab closes and no other tab sees it.
// An open server (no keys) never asks for one, so nothing is stored and no header is sent.

const KEY = 'pixtools.apiKey';

export function apiKey() {
  try {
    return sessionStorage.getItem(KEY) || null;
  } catch {
    return null; // storage disabled: the page still works on an open server
  }
}

export function rememberKey(key) {
  try {
    sessionStorage.setItem(KEY, key);
  } catch { /* storage disabled: nothing to keep it in */ }
}

export function forgetKey() {
  try {
    sessionStorage.removeItem(KEY);
  } catch { /* nothing was kept */ }
}

/** The request headers that carry the key, when one is stored. */
export function authorization(key = apiKey()) {
  return key ? { Authorization: `Bearer ${key}` } : {};
}
