// The REST API as the page calls it. The token lives in sessionStorage (this tab only, gone when it closes) and
// travels in the Authorization header: never in a URL, a cookie or a form.

const TOKEN_KEY = 'jobwarden.token';

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  save: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** A refused request; message joins the API's "field: message" errors. */
export class ApiError extends Error {
  constructor(status, errors) {
    super(errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ') || `HTTP ${status}`);
    this.status = status;
    this.errors = errors;
  }
}

/**
 * Calls the API and answers its JSON. Statuses in `accept` (besides 2xx) answer their body too: /health says
 * DOWN with a 503 that is data, not an error.
 */
export async function call(method, path, { accept = [], token = session.token() } = {}) {
  const headers = { Accept: 'application/json' };
  // The server refuses state changes without it: a cross-site form or text/plain request cannot carry it.
  if (method !== 'GET') headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, { method, headers, cache: 'no-store', credentials: 'omit', redirect: 'error' });
  } catch (e) {
    throw new ApiError(0, [{ field: '', message: 'the server cannot be reached' }]);
  }
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.ok || accept.includes(response.status)) return body;
  const errors = body && Array.isArray(body.errors) ? body.errors : [];
  throw new ApiError(response.status, errors);
}

export const get = (path, options) => call('GET', path, options);
export const post = (path, options) => call('POST', path, options);
export const remove = (path, options) => call('DELETE', path, options);

/** A path segment from data: job ids are restricted by the API, but encode anyway. */
export const segment = (value) => encodeURIComponent(String(value));
