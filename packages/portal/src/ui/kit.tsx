import { type FormEvent, type ReactNode, useCallback, useEffect, useId, useState } from 'react';
import { ApiError } from '../api/client.ts';

/** Loads data, reloads on demand; errors are kept as the API's message. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the load depends on
  useEffect(() => {
    let live = true;
    setError(undefined);
    load().then(
      (value) => live && setData(value),
      (cause) => live && setError(cause),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, reload };
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}

export function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {messageOf(error)}
    </p>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="notice">
      {children}
    </p>
  );
}

/** A form that runs an async action, disables itself while it runs and shows the API's error. */
export function ActionForm(props: {
  label: string;
  submit: string;
  onSubmit: (data: FormData) => Promise<unknown>;
  children: ReactNode;
  className?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const handle = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    setBusy(true);
    setError(undefined);
    try {
      await props.onSubmit(new FormData(form));
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form aria-label={props.label} onSubmit={handle} className={props.className ?? 'form'}>
      {props.children}
      <ErrorText error={error} />
      <button type="submit" disabled={busy}>
        {props.submit}
      </button>
    </form>
  );
}

export function Field(props: {
  label: string;
  name: string;
  type?: string;
  required?: boolean;
  defaultValue?: string;
  maxLength?: number;
  autoComplete?: string;
  hint?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        required={props.required}
        defaultValue={props.defaultValue}
        maxLength={props.maxLength}
        autoComplete={props.autoComplete}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
      {props.hint && (
        <small id={`${id}-hint`} className="hint">
          {props.hint}
        </small>
      )}
    </div>
  );
}

export function TextArea(props: {
  label: string;
  name: string;
  required?: boolean;
  rows?: number;
  hint?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <textarea id={id} name={props.name} required={props.required} rows={props.rows ?? 4} />
      {props.hint && <small className="hint">{props.hint}</small>}
    </div>
  );
}

export function Select(props: {
  label: string;
  name: string;
  options: { value: string; label: string }[];
  required?: boolean;
  onChange?: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        required={props.required}
        onChange={(e) => props.onChange?.(e.target.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A table that pages its rows client-side (the list routes answer whole lists). */
export function Table<T>(props: {
  caption: string;
  rows: T[] | undefined;
  columns: { header: string; cell: (row: T) => ReactNode }[];
  rowKey: (row: T) => string;
  pageSize?: number;
  empty?: string;
}) {
  const [page, setPage] = useState(0);
  const size = props.pageSize ?? 20;
  if (!props.rows) return <p aria-busy="true">Loading…</p>;
  const pages = Math.max(1, Math.ceil(props.rows.length / size));
  const current = Math.min(page, pages - 1);
  const rows = props.rows.slice(current * size, current * size + size);
  return (
    <div className="table-wrap">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.header} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={props.columns.length}>{props.empty ?? 'Nothing yet.'}</td>
            </tr>
          )}
          {rows.map((row) => (
            <tr key={props.rowKey(row)}>
              {props.columns.map((c) => (
                <td key={c.header} data-label={c.header}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 && <Pager page={current} pages={pages} onPage={setPage} label={`${props.caption} pages`} />}
    </div>
  );
}

export function Pager(props: { page: number; pages: number; onPage: (page: number) => void; label: string }) {
  return (
    <nav aria-label={props.label} className="pager">
      <button type="button" disabled={props.page === 0} onClick={() => props.onPage(props.page - 1)}>
        Previous
      </button>
      <span>
        Page {props.page + 1} of {props.pages}
      </span>
      <button
        type="button"
        disabled={props.page >= props.pages - 1}
        onClick={() => props.onPage(props.page + 1)}
      >
        Next
      </button>
    </nav>
  );
}

export function Status({ value }: { value: string }) {
  return <span className={`badge badge-${value.toLowerCase().replace(/[^a-z]+/g, '-')}`}>{value}</span>;
}

export function when(value: string | undefined | null): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString().replace('T', ' ').slice(0, 16);
}

/** Offers text as a file download. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** Reads a chosen file as text (PEM certificates). */
export async function fileText(data: FormData, name: string): Promise<string> {
  const file = data.get(name);
  if (!(file instanceof File) || file.size === 0) throw new Error('Choose a PEM file');
  return file.text();
}

export function str(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value.trim() : '';
}
