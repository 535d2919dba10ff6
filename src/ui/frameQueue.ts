// One heavy page job per animation frame. The loss charts (a React commit each, with its axes'
// DOM), the loss maps and the samples all redraw when new values arrive; run in the same
// frame they make one long task, which on a machine whose other core trains flat out (the
// worker) stretched past 50 ms. Queued, each takes a frame of its own.

const queue: (() => void)[] = [];
let frame = 0;

function runOne(): void {
  frame = 0;
  queue.shift()?.();
  if (queue.length > 0) frame = requestAnimationFrame(runOne);
}

/** Runs `job` in a coming animation frame, after the jobs queued before it, one per frame. Returns a cancel. */
export function inOwnFrame(job: () => void): () => void {
  queue.push(job);
  if (frame === 0) frame = requestAnimationFrame(runOne);
  return () => {
    const i = queue.indexOf(job);
    if (i !== -1) queue.splice(i, 1);
  };
}
