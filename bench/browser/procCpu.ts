// Where the machine's cores go during a window, by process kind and thread name, from /proc
// (Linux): every thread's utime + stime, sampled every 250 ms, so a window that ends at the
// last sample is measured without tracing's own cost. Chromium's processes are told apart by
// their --type= flag; everything else (the harness's Node, other jobs) is listed by its name.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_S = 0.01; // USER_HZ is 100 on Linux

type Sample = { t: number; threads: Map<string, { label: string; ticks: number }> };

function readSample(): Sample {
  const threads = new Map<string, { label: string; ticks: number }>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      // Chromium rewrites its children's command lines as one string: split on spaces too.
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
      const type = cmd.find((a) => a.startsWith('--type='))?.slice(7);
      const exe = (cmd[0] ?? '').split('/').pop() ?? '?';
      const kind = type ? `chromium:${type}` : exe.includes('chrom') || exe.startsWith('glp-') ? 'chromium:browser' : exe;
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        const comm = stat.slice(stat.indexOf('(') + 1, close);
        const fields = stat.slice(close + 2).split(' ');
        const ticks = Number(fields[11]) + Number(fields[12]);
        // A process's main thread is told apart from unnamed threads, which share its name.
        threads.set(`${pid}/${tid}`, { label: `${kind} ${comm.replace(/\d+$/, '#')}${tid === pid ? ' (main)' : ''}`, ticks });
      }
    } catch {
      // The process or thread ended between the listing and the read.
    }
  }
  return { t: performance.now(), threads };
}

/** Samples until stopped; `window(seconds)` sums each label's CPU over the last `seconds` sampled. */
export function startProcSampler() {
  const samples: Sample[] = [readSample()];
  const timer = setInterval(() => samples.push(readSample()), 250);
  return {
    stop: () => clearInterval(timer),
    /** Shares of a core by label over the last `seconds`, largest first, and the total. */
    window(seconds: number): { total: number; byLabel: [string, number][] } {
      samples.push(readSample());
      const end = samples[samples.length - 1]!;
      const start = [...samples].reverse().find((s) => end.t - s.t >= seconds * 1000) ?? samples[0]!;
      const spanS = (end.t - start.t) / 1000;
      const byLabel = new Map<string, number>();
      for (const [key, th] of end.threads) {
        const before = start.threads.get(key)?.ticks ?? 0;
        const share = ((th.ticks - before) * TICK_S) / spanS;
        if (share > 0) byLabel.set(th.label, (byLabel.get(th.label) ?? 0) + share);
      }
      const sorted = [...byLabel].sort((a, b) => b[1] - a[1]);
      return { total: sorted.reduce((n, [, v]) => n + v, 0), byLabel: sorted };
    },
  };
}
