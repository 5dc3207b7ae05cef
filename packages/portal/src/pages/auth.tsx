import { useState } from 'react';
import { call, PM, TRUST } from '../api/client.ts';
import type { LoginAnswer, PartnerType } from '../api/types.ts';
import { useSession } from '../session.tsx';
import { ActionForm, ErrorText, Field, Notice, Select, str, useLoad } from '../ui/kit.tsx';
import { Link, navigate } from '../ui/router.tsx';
import { OidcSignIn } from './oidc.tsx';

export function SignIn({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  return (
    <main className="narrow" id="main">
      <h1>Sign in</h1>
      <ActionForm
        label="Sign in"
        submit="Sign in"
        onSubmit={async (data) => {
          await call<LoginAnswer>('POST', '/v1/authmanager/authenticate/useridPwd', {
            userName: str(data, 'userName'),
            password: String(data.get('password') ?? ''),
            appId: 'partner',
          });
          await onSignedIn();
        }}
      >
        <Field label="User name" name="userName" required maxLength={64} autoComplete="username" />
        <Field label="Password" name="password" type="password" required autoComplete="current-password" />
      </ActionForm>
      <OidcSignIn />
      <p>
        No account yet? <Link to="/signup">Create one</Link>, then register your organisation as a partner.
      </p>
    </main>
  );
}

export function SignUp() {
  const [done, setDone] = useState(false);
  return (
    <main className="narrow" id="main">
      <h1>Create an account</h1>
      {done ? (
        // The server answers a taken name exactly as a free one (docs/trust-server.md, "Sign-up").
        <Notice>
          Account requested. If the user name was free, your account exists now: <Link to="/">Sign in</Link>{' '}
          with the password you chose and register your organisation. If signing in fails, the name was taken:
          create an account with another name.
        </Notice>
      ) : (
        <ActionForm
          label="Create an account"
          submit="Create account"
          onSubmit={async (data) => {
            await call('POST', `${TRUST}/accounts/signup`, {
              username: str(data, 'username'),
              password: String(data.get('password') ?? ''),
              ...(str(data, 'email') ? { email: str(data, 'email') } : {}),
            });
            setDone(true);
          }}
        >
          <Field label="User name" name="username" required maxLength={64} autoComplete="username" />
          <Field label="Email" name="email" type="email" autoComplete="email" />
          <Field
            label="Password"
            name="password"
            type="password"
            required
            autoComplete="new-password"
            hint="The server checks its password rules and says what is missing."
          />
        </ActionForm>
      )}
      <p>
        <Link to="/">Back to sign in</Link>
      </p>
    </main>
  );
}

export function ChangePassword({ forced }: { forced: boolean }) {
  const session = useSession();
  const [done, setDone] = useState(false);
  return (
    <section>
      <h1>Change your password</h1>
      {forced && <Notice>This is your first sign-in: choose your own password to continue.</Notice>}
      {done && <Notice>Password changed.</Notice>}
      <ActionForm
        label="Change password"
        submit="Change password"
        onSubmit={async (data) => {
          const next = String(data.get('newPassword') ?? '');
          if (next !== String(data.get('repeat') ?? '')) throw new Error('The two new passwords differ');
          await call('POST', `${TRUST}/auth/password`, {
            currentPassword: String(data.get('currentPassword') ?? ''),
            newPassword: next,
          });
          setDone(true);
          await session.refresh();
        }}
      >
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          required
          autoComplete="current-password"
        />
        <Field label="New password" name="newPassword" type="password" required autoComplete="new-password" />
        <Field
          label="New password again"
          name="repeat"
          type="password"
          required
          autoComplete="new-password"
        />
      </ActionForm>
    </section>
  );
}

/** A signed-in user without a partner registers its organisation (self-registration). */
export function RegisterPartner() {
  const session = useSession();
  const types = useLoad(() => call<PartnerType[]>('GET', `${PM}/partners/partnertypes`), []);
  const [type, setType] = useState('');
  const options = (types.data ?? []).filter((t) => t.isActive);
  const selected = options.find((t) => t.code === type) ?? options[0];
  return (
    <section>
      <h1>Register your organisation</h1>
      <p>Your registration goes to the partner admin for approval.</p>
      <ErrorText error={types.error} />
      {types.data && (
        <ActionForm
          label="Partner registration"
          submit="Register"
          onSubmit={async (data) => {
            await call('POST', `${PM}/partners`, {
              partnerId: str(data, 'partnerId'),
              organizationName: str(data, 'organizationName'),
              address: str(data, 'address'),
              contactNumber: str(data, 'contactNumber'),
              emailId: str(data, 'emailId'),
              partnerType: str(data, 'partnerType'),
              ...(str(data, 'policyGroup') ? { policyGroup: str(data, 'policyGroup') } : {}),
            });
            await session.refresh();
            navigate('/');
          }}
        >
          <Select
            label="Partner type"
            name="partnerType"
            required
            onChange={setType}
            options={options.map((t) => ({ value: t.code, label: t.partnerDescription || t.code }))}
          />
          <Field
            label="Partner id"
            name="partnerId"
            required
            maxLength={36}
            hint="Letters, digits, - and _."
          />
          <Field label="Organisation name" name="organizationName" required maxLength={128} />
          <Field label="Address" name="address" required maxLength={2000} />
          <Field label="Contact number" name="contactNumber" required maxLength={16} />
          <Field label="Email" name="emailId" type="email" required maxLength={254} />
          {selected?.isPolicyRequired && (
            <Field label="Policy group" name="policyGroup" required maxLength={128} />
          )}
        </ActionForm>
      )}
    </section>
  );
}
