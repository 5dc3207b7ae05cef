import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** PGlite's compiled WebAssembly and its file-system bundle, as `PGlite.create` takes them. */
export interface PgliteArtifacts {
  pgliteWasmModule: WebAssembly.Module;
  fsBundle: Blob;
}

let loading: Promise<PgliteArtifacts> | undefined;

/**
 * Reads PGlite's WebAssembly and file-system bundle and compiles the WebAssembly, once per process; every
 * PGlite this process opens is given them. V8 compiles WebAssembly on background threads, so a process
 * that calls this first (`mosip-trust up`, before it imports the servers) overlaps the compilation with
 * its module loading instead of waiting for it in the first `PGlite.create` (docs/performance.md).
 * Kept apart from the package's index so that calling it early loads neither PGlite nor Kysely.
 */
export function pgliteArtifacts(): Promise<PgliteArtifacts> {
  loading ??= load();
  return loading;
}

function load(): Promise<PgliteArtifacts> {
  // PGlite finds both files beside its own code; so do we. Read at once (15 MB from the page cache, a
  // few ms): an asynchronous read takes turns of an event loop that module loading keeps busy, and the
  // compilation would start only after it (one whole-file read on the thread pool measured the same).
  try {
    const entry = pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    const wasm = readFileSync(new URL('./pglite.wasm', entry));
    const fsBundle = new BytesBlob(readFileSync(new URL('./pglite.data', entry)));
    return WebAssembly.compile(wasm).then((pgliteWasmModule) => ({ pgliteWasmModule, fsBundle }));
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * The file-system bundle as the Blob PGlite asks for, whose `arrayBuffer()` is one copy of the bytes.
 * Node 20's own Blob hands its bytes back through a chunked stream reader and a concatenation: ~140 ms
 * of the main thread for the two PGlites of `up` (profile of a later start, docs/performance.md). Each call gets
 * its own copy because PGlite's file system keeps views into it.
 */
class BytesBlob extends Blob {
  readonly #bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    super([]);
    this.#bytes = bytes;
  }

  override get size(): number {
    return this.#bytes.byteLength;
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    const copy = new ArrayBuffer(this.#bytes.byteLength);
    new Uint8Array(copy).set(this.#bytes);
    return Promise.resolve(copy);
  }
}
