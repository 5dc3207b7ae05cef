import { useState } from 'react';
import { call, PM } from '../../api/client.ts';
import type { TrustChainCertificate } from '../../api/types.ts';
import {
  ActionForm,
  ErrorText,
  Field,
  fileText,
  Notice,
  Select,
  Status,
  str,
  Table,
  useLoad,
  when,
} from '../../ui/kit.tsx';

const DOMAINS = ['AUTH', 'CREDENTIAL', 'DEVICE', 'FTM', 'MISP'];

/** The partner admin's CA and intermediate certificates of each trust domain. */
export function TrustDomainsPage() {
  const certificates = useLoad(
    async () =>
      (
        await call<{ data: TrustChainCertificate[] }>(
          'GET',
          `${PM}/trust-chain-certificates?pageNo=0&pageSize=500`,
        )
      ).data,
    [],
  );
  const [message, setMessage] = useState<string | undefined>(undefined);
  return (
    <section>
      <h1>Trust domains</h1>
      {message && <Notice>{message}</Notice>}
      <ErrorText error={certificates.error} />
      <Table
        caption="CA and intermediate certificates"
        rows={certificates.data}
        rowKey={(c) => c.certId}
        columns={[
          { header: 'Domain', cell: (c) => c.partnerDomain },
          { header: 'Kind', cell: (c) => c.caCertificateType },
          { header: 'Issued to', cell: (c) => c.issuedTo },
          { header: 'Issued by', cell: (c) => c.issuedBy },
          { header: 'Valid until', cell: (c) => when(c.validTillDate) },
          { header: 'Status', cell: (c) => <Status value={c.status} /> },
        ]}
      />
      <h2>Upload a CA certificate</h2>
      <ActionForm
        label="Upload a CA certificate"
        submit="Upload CA certificate"
        onSubmit={async (data) => {
          await call('POST', `${PM}/partners/certificate/ca/upload`, {
            certificateData: await fileText(data, 'certificate'),
            partnerDomain: str(data, 'domain'),
          });
          setMessage(`CA certificate added to the ${str(data, 'domain')} domain.`);
          certificates.reload();
        }}
      >
        <Select label="Trust domain" name="domain" options={DOMAINS.map((d) => ({ value: d, label: d }))} />
        <Field label="CA certificate (PEM)" name="certificate" type="file" required />
      </ActionForm>
    </section>
  );
}
