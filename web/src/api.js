// The JSON API client: one place that adds the CSRF token to state-changing requests and
// turns every error reply into an Error carrying the server's message.
let csrf = null;

export function setCsrf(token) { csrf = token; }

export async function api(path, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
  const res = await fetch("/api/v1" + path, {
    method, headers, credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  try { data = await res.json(); } catch { data = null; }
  if (!res.ok) {
    const err = new Error(data?.error?.message || `the server answered ${res.status}`);
    err.status = res.status;
    err.details = data?.error || null;
    throw err;
  }
  return data;
}
