import type { RegisteredDevicePage, RegisteredDeviceView } from '@mosip-trust/contracts';
import { useState } from 'react';
import { call, query } from '../../api/client.ts';
import { hasRole, useSession } from '../../session.tsx';
import { ErrorText, Field, Notice, Pager, Select, Status, Table, useLoad, when } from '../../ui/kit.tsx';

const MD = '/v1/masterdata';
const PAGE = 20;

interface Filter {
  status: string;
  type: string;
  model: string;
  serialNo: string;
}

const ALL = { value: '', label: 'All' };
const STATUSES = ['Registered', 'Revoked', 'Retired'].map((value) => ({ value, label: value }));
const TYPES = ['Finger', 'Iris', 'Face'].map((value) => ({ value, label: value }));
const NO_FILTER: Filter = { status: '', type: '', model: '', serialNo: '' };

/** Asks before revoking: a revoked device never authenticates again, and revoking cannot be undone. */
function RevokeConfirm(props: {
  device: RegisteredDeviceView;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const { device } = props;
  const revoke = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await call(
        'PUT',
        `${MD}/registereddevices/update/status${query({ deviceCode: device.deviceCode, statusCode: 'Revoked' })}`,
      );
      props.onDone(`Device ${device.serialNo} revoked.`);
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      onKeyDown={(event) => event.key === 'Escape' && props.onCancel()}
      role="alertdialog"
      aria-labelledby="revoke-title"
      aria-describedby="revoke-text"
      className="panel confirm"
    >
      <h2 id="revoke-title">
        Revoke {device.make} {device.model} {device.serialNo}?
      </h2>
      <p id="revoke-text">
        A revoked device is refused by every verifier from now on, and it cannot be registered again. Retire a
        device instead if it may come back.
      </p>
      <ErrorText error={error} />
      <div className="actions">
        <button type="button" className="danger" disabled={busy} onClick={revoke}>
          Revoke device
        </button>
        {/* biome-ignore lint/a11y/noAutofocus: the dialog takes the focus so the keyboard lands on the safe choice */}
        <button type="button" autoFocus onClick={props.onCancel}>
          Keep it
        </button>
      </div>
    </div>
  );
}

/** A device provider's registered devices (an admin sees every provider's): filter, page, revoke. */
export function RegisteredDevicesPage() {
  const { me } = useSession();
  const admin = hasRole(me, 'PARTNER_ADMIN');
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const [page, setPage] = useState(0);
  const [confirming, setConfirming] = useState<RegisteredDeviceView | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const list = useLoad(
    () =>
      call<RegisteredDevicePage>(
        'GET',
        `${MD}/registereddevices${query({ ...filter, pageNo: page, pageSize: PAGE })}`,
      ),
    [filter, page],
  );
  const pages = Math.max(1, Math.ceil((list.data?.totalItems ?? 0) / PAGE));
  return (
    <section>
      <h1>{admin ? 'Device search' : 'Registered devices'}</h1>
      <p>
        {admin
          ? 'Every registered device of every provider.'
          : 'The devices registered through your management server.'}{' '}
        A revoked device is refused from then on.
      </p>
      <form
        aria-label="Filter devices"
        className="form inline"
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          const get = (k: string) => String(data.get(k) ?? '').trim();
          setFilter({
            status: get('status'),
            type: get('type'),
            model: get('model'),
            serialNo: get('serialNo'),
          });
          setPage(0);
        }}
      >
        <Select label="Status" name="status" options={[ALL, ...STATUSES]} />
        <Select label="Type" name="type" options={[ALL, ...TYPES]} />
        <Field label="Model" name="model" maxLength={36} />
        <Field label="Serial number" name="serialNo" maxLength={64} />
        <button type="submit">Apply</button>
      </form>
      {message && <Notice>{message}</Notice>}
      <ErrorText error={list.error} />
      <Table
        caption={`Registered devices (${list.data?.totalItems ?? 0})`}
        rows={list.data?.data}
        rowKey={(d) => d.deviceCode}
        pageSize={PAGE}
        empty="No registered device matches."
        columns={[
          ...(admin ? [{ header: 'Provider', cell: (d: RegisteredDeviceView) => d.deviceProvider }] : []),
          { header: 'Device', cell: (d) => `${d.make} ${d.model}` },
          { header: 'Type', cell: (d) => `${d.type} ${d.deviceSubType}` },
          { header: 'Serial number', cell: (d) => <span className="mono">{d.serialNo}</span> },
          { header: 'Purpose', cell: (d) => d.purpose },
          { header: 'Status', cell: (d) => <Status value={d.status} /> },
          { header: 'Registered', cell: (d) => when(d.crDtimes) },
          {
            header: 'Action',
            cell: (d) =>
              d.status === 'Revoked' ? (
                '—'
              ) : (
                <button
                  type="button"
                  className="danger"
                  data-revoke={d.deviceCode}
                  onClick={() => {
                    setMessage(undefined);
                    setConfirming(d);
                  }}
                >
                  Revoke <span className="sr-only">{d.serialNo}</span>
                </button>
              ),
          },
        ]}
      />
      {pages > 1 && <Pager page={page} pages={pages} onPage={setPage} label="Device pages" />}
      {confirming && (
        <RevokeConfirm
          device={confirming}
          onCancel={() => {
            const code = confirming.deviceCode;
            setConfirming(undefined);
            // Back to the button that opened the dialog, for the keyboard.
            requestAnimationFrame(() =>
              document.querySelector<HTMLElement>(`[data-revoke="${CSS.escape(code)}"]`)?.focus(),
            );
          }}
          onDone={(text) => {
            setConfirming(undefined);
            setMessage(text);
            list.reload();
          }}
        />
      )}
    </section>
  );
}
