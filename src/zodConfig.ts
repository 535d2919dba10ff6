// zod compiles object parsers with `new Function` unless told not to, and the first object schema
// it builds probes for eval support with a caught `new Function("")`. Under a strict
// Content-Security-Policy (script-src without 'unsafe-eval') that probe is a reported violation
// on every load. Jitless, zod parses with its interpreter only and never probes (the same results;
// we parse commands, specs and files, never per step). Every entry imports this module first,
// before any module builds a schema: src/main.tsx, src/worker/training.worker.ts, src/cli/train.ts,
// and the unit tests' setup, so Node runs the parser the browser runs. test/e2e/csp.test.ts fails
// if a build ever builds a schema before this runs.
import { z } from 'zod';

z.config({ jitless: true });
