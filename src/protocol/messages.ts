// Every message that crosses the worker <-> page boundary. One closed union per direction:
// switch on `type` and end with `default: assertNever(event)` so a new variant is a compile error.

/** Events posted by `src/worker/smoke.worker.ts`: did tfjs start on WebGPU in a worker? */
export type SmokeEvent =
  | { type: 'ready'; backend: string; sum: number }
  | { type: 'failed'; message: string };

/** Makes a switch exhaustive: reaching this at compile time means a variant was not handled. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(value)}`);
}
