/** Worker-thread entry of the render pool: renders one request per message, transferring the bytes back. */
import { parentPort } from 'node:worker_threads';
import { type RenderRequest, render } from './render.ts';

parentPort?.on('message', async ({ id, request }: { id: number; request: RenderRequest }) => {
  try {
    const r = await render(request);
    // Own copies, so their buffers can be transferred (a Buffer may be a slice of a shared pool).
    const pixels = new Uint8Array(r.image.pixels);
    const jp2 = new Uint8Array(r.jp2);
    parentPort?.postMessage({ id, rendered: { ...r, image: { ...r.image, pixels }, jp2 } }, [
      pixels.buffer,
      jp2.buffer,
    ]);
  } catch (e) {
    const err = e as { code?: string; message?: string; field?: string };
    parentPort?.postMessage({ id, error: { code: err.code, message: err.message ?? String(e), field: err.field } });
  }
});
