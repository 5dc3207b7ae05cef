/**
 * A small pool of worker threads for rendering many records at once (a registration set): each worker
 * runs ./render.ts with its own WASM codec. Workers start on first use, are unreferenced while idle
 * (they never keep the process alive) and are reused until closeRecordPool(). Where workers cannot
 * load the TypeScript sources (no tsx loader in the process), rendering falls back to this thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BiometricsError, type BiometricsErrorCode } from './errors.ts';
import { type RenderRequest, type Rendered, render } from './render.ts';

interface Task {
  id: number;
  request: RenderRequest;
  resolve: (r: Rendered) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  task: Task | undefined;
}

let slots: Slot[] = [];
let unavailable = false;
const queue: Task[] = [];
let nextId = 1;

/** Workers to use: one per core, at most 4 (records are small; more only adds start-up cost). */
export function poolSize(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

function dispatch(slot: Slot): void {
  const task = queue.shift();
  slot.task = task;
  if (!task) {
    slot.worker.unref();
    return;
  }
  slot.worker.ref();
  slot.worker.postMessage({ id: task.id, request: task.request });
}

function failAll(e: unknown): void {
  unavailable = true;
  const pending = [...slots.flatMap((s) => (s.task ? [s.task] : [])), ...queue.splice(0)];
  for (const s of slots) void s.worker.terminate();
  slots = [];
  // The work is still owed: do it on this thread.
  for (const t of pending) render(t.request).then(t.resolve, t.reject);
  void e;
}

function start(): void {
  for (let i = 0; i < poolSize(); i++) {
    const worker = new Worker(new URL('./render-worker.ts', import.meta.url));
    const slot: Slot = { worker, task: undefined };
    worker.on('message', (m: { id: number; rendered?: Rendered; error?: { code?: string; message: string; field?: string } }) => {
      const task = slot.task;
      if (!task || task.id !== m.id) return;
      if (m.rendered) {
        const r = m.rendered;
        task.resolve({ ...r, jp2: Buffer.from(r.jp2.buffer, r.jp2.byteOffset, r.jp2.byteLength) });
      } else {
        const err = m.error ?? { message: 'render failed' };
        task.reject(
          err.code
            ? new BiometricsError(err.code as BiometricsErrorCode, err.message, { field: err.field })
            : new Error(err.message),
        );
      }
      dispatch(slot);
    });
    worker.on('error', failAll);
    worker.unref();
    slots.push(slot);
  }
}

/** Renders in a worker thread when the pool can run, else on this thread; same result either way. */
export function renderPooled(request: RenderRequest): Promise<Rendered> {
  if (unavailable) return render(request);
  if (slots.length === 0) start();
  return new Promise<Rendered>((resolve, reject) => {
    queue.push({ id: nextId++, request, resolve, reject });
    const idle = slots.find((s) => !s.task);
    if (idle) dispatch(idle);
  });
}

/** Stops the pool's workers (they are restarted on the next pooled render). */
export async function closeRecordPool(): Promise<void> {
  const closing = slots;
  slots = [];
  await Promise.all(closing.map((s) => s.worker.terminate()));
}
