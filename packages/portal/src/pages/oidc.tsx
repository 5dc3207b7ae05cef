import type { OidcProviderInfo } from '@mosip-trust/contracts';
import { useEffect, useState } from 'react';
import { call, TRUST } from '../api/client.ts';
import type { LoginAnswer } from '../api/types.ts';
import { ErrorText, useLoad } from '../ui/kit.tsx';
import { Link, navigate } from '../ui/router.tsx';

/** Where the trust server sends a browser back from the provider (routes/oidc.ts). */
export const OIDC_CALLBACK = '/oidc/callback';

/** "Sign in with <provider>" when the trust server has OpenID Connect configured; nothing otherwise. */
export function OidcSignIn() {
  const info = useLoad(() => call<OidcProviderInfo>('GET', `${TRUST}/auth/oidc`), []);
  if (!info.data?.enabled) return null;
  return (
    <p>
      {/* A full navigation: the trust server redirects to the provider with the login cookie set. */}
      <a className="button" href={`${TRUST}/auth/oidc/login`}>
        Sign in with {info.data.providerName}
      </a>
    </p>
  );
}

/**
 * The provider's code is single-use: one exchange per callback URL, even when React runs the effect
 * twice (StrictMode) or the page re-renders.
 */
const exchanges = new Map<string, Promise<LoginAnswer>>();

/** Finishes the login with the trust server's callback, then opens the portal signed in. */
export function OidcCallback({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    const search = location.search;
    let exchange = exchanges.get(search);
    if (!exchange) {
      exchange = call<LoginAnswer>('GET', `${TRUST}/auth/oidc/callback${search}`);
      exchanges.set(search, exchange);
    }
    exchange.then(
      async () => {
        await onSignedIn();
        navigate('/');
      },
      (cause) => setError(cause),
    );
  }, [onSignedIn]);
  return (
    <main className="narrow" id="main">
      <h1>Signing you in</h1>
      {error ? (
        <>
          <ErrorText error={error} />
          <p>
            <Link to="/">Back to sign in</Link>
          </p>
        </>
      ) : (
        <p aria-busy="true">Finishing the sign-in with your provider…</p>
      )}
    </main>
  );
}
