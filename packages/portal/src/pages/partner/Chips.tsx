import { useState } from 'react';
import { call, PM } from '../../api/client.ts';
import type { ChipModel } from '../../api/types.ts';
import { useSession } from '../../session.tsx';
import {
  ActionForm,
  ErrorText,
  Field,
  fileText,
  Notice,
  Status,
  str,
  Table,
  useLoad,
  when,
} from '../../ui/kit.tsx';

/** FTM provider: chip makes and models, each with its chip CA certificate, approved by the admin. */
export function ChipsPage() {
  const { me } = useSession();
  const chips = useLoad(() => call<ChipModel[]>('GET', `${PM}/ftpchipdetail`), []);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [uploadFor, setUploadFor] = useState<ChipModel | undefined>(undefined);
  const organisation = useLoad(
    () => call<{ organizationName: string }>('GET', `${PM}/partners/${encodeURIComponent(me.partnerId)}`),
    [me.partnerId],
  );
  return (
    <section>
      <h1>Chip models</h1>
      {message && <Notice>{message}</Notice>}
      <ErrorText error={chips.error} />
      <Table
        caption="Your chip models"
        rows={chips.data}
        rowKey={(c) => c.ftpChipDetailId}
        columns={[
          { header: 'Make', cell: (c) => c.make },
          { header: 'Model', cell: (c) => c.model },
          { header: 'Status', cell: (c) => <Status value={c.approvalStatus} /> },
          {
            header: 'Certificate expiry',
            cell: (c) => (c.certificateUploaded ? when(c.certificateExpiry) : 'none'),
          },
          {
            header: 'Action',
            cell: (c) =>
              c.approvalStatus === 'approved' ? (
                '—'
              ) : (
                <button type="button" onClick={() => setUploadFor(c)}>
                  Upload certificate <span className="sr-only">{`for ${c.make} ${c.model}`}</span>
                </button>
              ),
          },
        ]}
      />
      {uploadFor && (
        <ActionForm
          key={uploadFor.ftpChipDetailId}
          label={`Chip certificate for ${uploadFor.make} ${uploadFor.model}`}
          submit="Upload"
          onSubmit={async (data) => {
            await call('POST', `${PM}/ftpchipdetail/uploadcertificate`, {
              ftpProviderId: me.partnerId,
              ftpChipDeatilId: uploadFor.ftpChipDetailId,
              certificateData: await fileText(data, 'certificate'),
              organizationName: organisation.data?.organizationName ?? '',
              partnerDomain: 'FTM',
            });
            setMessage(
              `Certificate uploaded for ${uploadFor.make} ${uploadFor.model}; it now awaits approval.`,
            );
            setUploadFor(undefined);
            chips.reload();
          }}
        >
          <h2>
            Chip CA certificate for {uploadFor.make} {uploadFor.model}
          </h2>
          <Field label="Certificate (PEM)" name="certificate" type="file" required />
        </ActionForm>
      )}
      <h2>Add a chip model</h2>
      <ActionForm
        label="Add a chip model"
        submit="Add chip model"
        onSubmit={async (data) => {
          await call('POST', `${PM}/ftpchipdetail`, {
            ftpProviderId: me.partnerId,
            make: str(data, 'make'),
            model: str(data, 'model'),
          });
          setMessage(
            `Chip model ${str(data, 'make')} ${str(data, 'model')} added: upload its certificate next.`,
          );
          chips.reload();
        }}
      >
        <Field label="Make" name="make" required maxLength={36} />
        <Field label="Model" name="model" required maxLength={36} />
      </ActionForm>
    </section>
  );
}
