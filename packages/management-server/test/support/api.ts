/** A small client of the trust server's REST API for test set-up (onboarding through the API, as a user would). */
export interface Answer<T = unknown> {
  status: number;
  body: { response: T; errors?: { errorCode: string; message: string }[] | null };
  headers: Headers;
}

export async function call<T = unknown>(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; request?: unknown; raw?: unknown } = {},
): Promise<Answer<T>> {
  const body =
    opts.raw !== undefined
      ? JSON.stringify(opts.raw)
      : opts.request !== undefined
        ? JSON.stringify({
            id: 'test',
            version: '1.0',
            requesttime: new Date().toISOString(),
            request: opts.request,
          })
        : undefined;
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body } : {}),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let parsed: Answer<T>['body'];
  try {
    parsed = JSON.parse(text) as Answer<T>['body'];
  } catch {
    parsed = { response: text as T };
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** Asserts a 200 and returns the response. */
export async function ok<T>(p: Promise<Answer<T>>, what: string): Promise<T> {
  const a = await p;
  if (a.status !== 200 || a.body.errors?.length)
    throw new Error(`${what}: HTTP ${a.status} ${JSON.stringify(a.body.errors ?? a.body)}`);
  return a.body.response;
}

export async function login(base: string, userName: string, password: string): Promise<string> {
  const a = await call<{ token: string }>(base, 'POST', '/v1/authmanager/authenticate/useridPwd', {
    request: { userName, password, appId: 'partner' },
  });
  if (a.status !== 200) throw new Error(`login ${userName}: ${JSON.stringify(a.body.errors)}`);
  return a.body.response.token;
}
