import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { ApiError, call, setUnauthorizedHandler, TRUST } from './api/client.ts';
import type { Me } from './api/types.ts';
import { AuditPage } from './pages/admin/Audit.tsx';
import { DashboardPage } from './pages/admin/Dashboard.tsx';
import { PartnersPage } from './pages/admin/Partners.tsx';
import { QueuePage } from './pages/admin/Queue.tsx';
import { TrustDomainsPage } from './pages/admin/TrustDomains.tsx';
import { ChangePassword, RegisterPartner, SignIn, SignUp } from './pages/auth.tsx';
import { HomePage } from './pages/Home.tsx';
import { NAV, navFor } from './pages/nav.ts';
import { OIDC_CALLBACK, OidcCallback } from './pages/oidc.tsx';
import { ApiKeysPage } from './pages/partner/ApiKeys.tsx';
import { AuthTransactionsPage } from './pages/partner/AuthTransactions.tsx';
import { CertificatesPage } from './pages/partner/Certificates.tsx';
import { ChipsPage } from './pages/partner/Chips.tsx';
import { DeviceModelsPage, SbiPage } from './pages/partner/Devices.tsx';
import { LicencesPage, TransactionsPage } from './pages/partner/Misp.tsx';
import { RegisteredDevicesPage } from './pages/partner/RegisteredDevices.tsx';
import { PoliciesPage } from './pages/policy/Policies.tsx';
import { type Session, SessionContext } from './session.tsx';
import { ErrorText } from './ui/kit.tsx';
import { Link, navigate, usePath } from './ui/router.tsx';

const PAGES: Record<string, () => ReactNode> = {
  '/': () => <HomePage />,
  '/register': () => <RegisterPartner />,
  '/password': () => <ChangePassword forced={false} />,
  '/admin/queue': () => <QueuePage />,
  '/admin/partners': () => <PartnersPage />,
  '/admin/audit': () => <AuditPage />,
  '/admin/dashboard': () => <DashboardPage />,
  '/admin/trust': () => <TrustDomainsPage />,
  '/policies': () => <PoliciesPage />,
  '/chips': () => <ChipsPage />,
  '/devices': () => <DeviceModelsPage />,
  '/sbi': () => <SbiPage />,
  '/registered-devices': () => <RegisteredDevicesPage />,
  '/auth-transactions': () => <AuthTransactionsPage />,
  '/certificates': () => <CertificatesPage />,
  '/api-keys': () => <ApiKeysPage />,
  '/licences': () => <LicencesPage />,
  '/transactions': () => <TransactionsPage />,
};

function Shell({ session, path }: { session: Session; path: string }) {
  const { me } = session;
  const [menuOpen, setMenuOpen] = useState(false);
  const items = navFor(me);
  const allowed = path === '/register' || items.some((item) => item.to === path);
  const page = PAGES[path];
  const known = NAV.some((item) => item.to === path) || path === '/register';
  useEffect(() => {
    setMenuOpen(false);
    const heading = document.querySelector('main h1');
    if (heading instanceof HTMLElement && path !== '/') {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }, [path]);
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">mosip-trust partner portal</span>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          Menu
        </button>
        <span className="who">
          {me.name}
          {me.partnerId ? ` (${me.partnerId})` : ''} · {me.roles.join(', ') || 'no role yet'}
        </span>
        <button type="button" onClick={() => session.signOut()}>
          Sign out
        </button>
      </header>
      <div className="layout">
        <nav id="nav" aria-label="Main" className={menuOpen ? 'open' : ''}>
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <Link to={item.to} current={item.to === path}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main">
          {me.mustChangePassword ? (
            <ChangePassword forced />
          ) : page && allowed ? (
            page()
          ) : (
            <section>
              <h1>{known ? 'Not available to your role' : 'Page not found'}</h1>
              <p>
                <Link to="/">Go to the home page</Link>
              </p>
            </section>
          )}
        </main>
      </div>
    </>
  );
}

export function App() {
  const path = usePath();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const refresh = useCallback(async () => {
    try {
      setMe(await call<Me>('GET', `${TRUST}/auth/me`));
      setError(undefined);
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 401) setMe(null);
      else setError(cause);
    }
  }, []);
  useEffect(() => {
    setUnauthorizedHandler(() => setMe(null));
    void refresh();
  }, [refresh]);
  const signOut = useCallback(async () => {
    await call('POST', `${TRUST}/auth/logout`).catch(() => undefined);
    setMe(null);
    navigate('/');
  }, []);
  if (error) return <ErrorText error={error} />;
  if (me === undefined) return <p aria-busy="true">Loading…</p>;
  if (path === OIDC_CALLBACK) return <OidcCallback onSignedIn={refresh} />;
  if (me === null) return path === '/signup' ? <SignUp /> : <SignIn onSignedIn={refresh} />;
  return (
    <SessionContext.Provider value={{ me, refresh, signOut }}>
      <Shell session={{ me, refresh, signOut }} path={path === '/signup' ? '/' : path} />
    </SessionContext.Provider>
  );
}
