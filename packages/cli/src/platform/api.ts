/** A small client of the trust server's MOSIP-enveloped API, for the demo's steps (plain fetch). */

export interface ApiAnswer<T> {
  status: number;
  response: T;
  errors: { errorCode: string; message: string }[] | null;
}

export class ApiClient {
  constructor(readonly base: string) {}

  async call<T>(
    method: string,
    path: string,
    opts: { token?: string; request?: unknown } = {},
  ): Promise<ApiAnswer<T>> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(opts.request !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      },
      ...(opts.request !== undefined
        ? {
            body: JSON.stringify({
              id: 'mosip.trust.demo',
              version: '1.0',
              requesttime: new Date().toISOString(),
              request: opts.request,
            }),
          }
        : {}),
    });
    const body = (await res.json()) as { response: T; errors: ApiAnswer<T>['errors'] };
    return { status: res.status, response: body.response, errors: body.errors ?? null };
  }

  /** The call's response; an answer with errors throws them, so a demo step fails with the API's words. */
  async ok<T>(method: string, path: string, opts: { token?: string; request?: unknown } = {}): Promise<T> {
    const a = await this.call<T>(method, path, opts);
    if (a.status >= 400 || (a.errors && a.errors.length > 0))
      throw new Error(
        `${method} ${path} answered ${a.status}: ${a.errors?.map((e) => `${e.errorCode} ${e.message}`).join('; ')}`,
      );
    return a.response;
  }

  async login(userName: string, password: string): Promise<string> {
    const r = await this.ok<{ token: string }>('POST', '/v1/authmanager/authenticate/useridPwd', {
      request: { userName, password, appId: 'partner' },
    });
    return r.token;
  }

  /** Signs in with a one-time password and replaces it with `newPassword`; returns a token. */
  async firstLogin(userName: string, oneTimePassword: string, newPassword: string): Promise<string> {
    const token = await this.login(userName, oneTimePassword);
    await this.ok('POST', '/v1/trust/auth/password', {
      token,
      request: { currentPassword: oneTimePassword, newPassword },
    });
    return this.login(userName, newPassword);
  }
}
