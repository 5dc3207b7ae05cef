import { useState } from 'react';
import { ApiError, call, PM, query } from '../../api/client.ts';
import type { Partner, PartnerCertificateData } from '../../api/types.ts';
import { CertificateView } from '../../cert/CertificateView.tsx';
import { hasRole, useSession } from '../../session.tsx';
import {
  ActionForm,
  download,
  ErrorText,
  Field,
  fileText,
  Notice,
  Select,
  useLoad,
  when,
} from '../../ui/kit.tsx';

/** The trust domain of each partner type (docs/trust-server-capabilities.md). */
const DOMAIN: Record<string, string> = {
  Auth_Partner: 'AUTH',
  Credential_Partner: 'CREDENTIAL',
  Device_Provider: 'DEVICE',
  FTM_Provider: 'FTM',
  MISP_Partner: 'MISP',
};

type Usage = 'SIGNATURE' | 'ENCRYPTION';

function CurrentCertificate({ partnerId, usage, tick }: { partnerId: string; usage: Usage; tick: number }) {
  const current = useLoad(async () => {
    try {
      return await call<PartnerCertificateData>(
        'GET',
        `${PM}/partners/${encodeURIComponent(partnerId)}/certificate-data${query({ usage })}`,
      );
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 404) return null;
      throw cause;
    }
  }, [partnerId, usage, tick]);
  const label = usage === 'SIGNATURE' ? 'Signature certificate' : 'Encryption certificate';
  return (
    <section className="panel">
      <h2>{label}</h2>
      <ErrorText error={current.error} />
      {current.data === null && <p>None uploaded yet.</p>}
      {current.data && (
        <>
          <p>Uploaded {when(current.data.uploadedAt)}.</p>
          <CertificateView
            pem={current.data.mosipSignedCertificateData}
            title={`${label} signed by the platform`}
          />
          <div className="actions">
            <button
              type="button"
              onClick={() =>
                download(
                  `${partnerId}-${usage.toLowerCase()}-platform-signed.pem`,
                  current.data?.mosipSignedCertificateData ?? '',
                  'application/x-pem-file',
                )
              }
            >
              Download platform-signed {usage.toLowerCase()} certificate
            </button>
            <button
              type="button"
              onClick={() =>
                download(
                  `${partnerId}-${usage.toLowerCase()}-ca-signed.pem`,
                  current.data?.caSignedCertificateData ?? '',
                  'application/x-pem-file',
                )
              }
            >
              Download {usage.toLowerCase()} certificate as uploaded
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** A partner's own certificates: upload (checked by the server against its trust domain) and download. */
export function CertificatesPage() {
  const { me } = useSession();
  const partner = useLoad(
    () => call<Partner>('GET', `${PM}/partners/${encodeURIComponent(me.partnerId)}`),
    [me.partnerId],
  );
  const [tick, setTick] = useState(0);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const usages: Usage[] = hasRole(me, 'AUTH_PARTNER', 'CREDENTIAL_PARTNER')
    ? ['SIGNATURE', 'ENCRYPTION']
    : ['SIGNATURE'];
  const domain = DOMAIN[partner.data?.partnerType ?? ''] ?? '';
  return (
    <section>
      <h1>Certificates</h1>
      <ErrorText error={partner.error} />
      {message && <Notice>{message}</Notice>}
      {usages.map((usage) => (
        <CurrentCertificate key={usage} partnerId={me.partnerId} usage={usage} tick={tick} />
      ))}
      <h2>Upload a certificate</h2>
      <p>
        Its subject's O= must be your organisation name ({partner.data?.organizationName ?? '…'}) and it must
        chain to a CA of the {domain || '…'} trust domain.
      </p>
      <ActionForm
        label="Upload a certificate"
        submit="Upload certificate"
        onSubmit={async (data) => {
          const usage = String(data.get('usage')) as Usage;
          await call('POST', `${PM}/partners/certificate/upload`, {
            partnerId: me.partnerId,
            certificateData: await fileText(data, 'certificate'),
            partnerDomain: domain,
            certificateUsage: usage,
          });
          setMessage(
            `${usage === 'SIGNATURE' ? 'Signature' : 'Encryption'} certificate uploaded and signed by the platform.`,
          );
          setTick((t) => t + 1);
        }}
      >
        <Select
          label="Usage"
          name="usage"
          options={usages.map((u) => ({ value: u, label: u.toLowerCase() }))}
        />
        <Field label="Certificate (PEM)" name="certificate" type="file" required />
      </ActionForm>
    </section>
  );
}
