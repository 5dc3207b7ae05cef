import { useState } from 'react';
import { call, PM } from '../../api/client.ts';
import type { DeviceModel, SbiVersion } from '../../api/types.ts';
import { useSession } from '../../session.tsx';
import {
  ActionForm,
  ErrorText,
  Field,
  Notice,
  Select,
  Status,
  str,
  Table,
  useLoad,
  when,
} from '../../ui/kit.tsx';

/** MOSIP's seeded device types and sub-types (docs/trust-server-capabilities.md). */
const TYPES: Record<string, string[]> = {
  Finger: ['Slap', 'Single', 'Touchless'],
  Iris: ['Single', 'Double'],
  Face: ['Full face'],
};

/** Device provider: device models. Registered devices come with the device registry (a later issue). */
export function DeviceModelsPage() {
  const { me } = useSession();
  const models = useLoad(() => call<DeviceModel[]>('GET', `${PM}/devicedetail`), []);
  const [type, setType] = useState('Finger');
  const [message, setMessage] = useState<string | undefined>(undefined);
  return (
    <section>
      <h1>Device models</h1>
      {message && <Notice>{message}</Notice>}
      <ErrorText error={models.error} />
      <Table
        caption="Your device models"
        rows={models.data}
        rowKey={(d) => d.id}
        columns={[
          { header: 'Type', cell: (d) => `${d.deviceTypeCode} ${d.deviceSubTypeCode}` },
          { header: 'Make', cell: (d) => d.make },
          { header: 'Model', cell: (d) => d.model },
          { header: 'Status', cell: (d) => <Status value={d.approvalStatus} /> },
          { header: 'Since', cell: (d) => when(d.crDtimes) },
        ]}
      />
      <h2>Add a device model</h2>
      <ActionForm
        label="Add a device model"
        submit="Add device model"
        onSubmit={async (data) => {
          await call('POST', `${PM}/devicedetail`, {
            deviceProviderId: me.partnerId,
            deviceTypeCode: str(data, 'type'),
            deviceSubTypeCode: str(data, 'subType'),
            make: str(data, 'make'),
            model: str(data, 'model'),
          });
          setMessage(`Device model ${str(data, 'make')} ${str(data, 'model')} sent for approval.`);
          models.reload();
        }}
      >
        <Select
          label="Type"
          name="type"
          onChange={setType}
          options={Object.keys(TYPES).map((t) => ({ value: t, label: t }))}
        />
        <Select
          key={type}
          label="Sub-type"
          name="subType"
          options={(TYPES[type] ?? []).map((s) => ({ value: s, label: s }))}
        />
        <Field label="Make" name="make" required maxLength={36} />
        <Field label="Model" name="model" required maxLength={36} />
      </ActionForm>
    </section>
  );
}

/** Device provider: SBI versions (software binary hash, creation and expiry). */
export function SbiPage() {
  const { me } = useSession();
  const sbis = useLoad(() => call<SbiVersion[]>('GET', `${PM}/securebiometricinterface`), []);
  const [message, setMessage] = useState<string | undefined>(undefined);
  return (
    <section>
      <h1>SBI versions</h1>
      {message && <Notice>{message}</Notice>}
      <ErrorText error={sbis.error} />
      <Table
        caption="Your SBI versions"
        rows={sbis.data}
        rowKey={(s) => s.id}
        columns={[
          { header: 'Version', cell: (s) => s.swVersion },
          { header: 'Binary hash', cell: (s) => <span className="mono wrap">{s.swBinaryHash}</span> },
          { header: 'Created', cell: (s) => when(s.swCreateDateTime) },
          { header: 'Expires', cell: (s) => when(s.swExpiryDateTime) },
          { header: 'Status', cell: (s) => <Status value={s.approvalStatus} /> },
        ]}
      />
      <h2>Add an SBI version</h2>
      <ActionForm
        label="Add an SBI version"
        submit="Add SBI version"
        onSubmit={async (data) => {
          const iso = (name: string) => {
            const value = str(data, name);
            return value ? new Date(`${value}T00:00:00Z`).toISOString() : '';
          };
          await call('POST', `${PM}/securebiometricinterface`, {
            providerId: me.partnerId,
            swVersion: str(data, 'swVersion'),
            swBinaryHash: str(data, 'swBinaryHash'),
            swCreateDateTime: iso('swCreateDateTime'),
            swExpiryDateTime: iso('swExpiryDateTime'),
          });
          setMessage(`SBI ${str(data, 'swVersion')} sent for approval.`);
          sbis.reload();
        }}
      >
        <Field label="Version" name="swVersion" required maxLength={64} />
        <Field label="Binary hash" name="swBinaryHash" required maxLength={256} />
        <Field label="Created on" name="swCreateDateTime" type="date" required />
        <Field label="Expires on" name="swExpiryDateTime" type="date" required />
      </ActionForm>
    </section>
  );
}
