// zod compiles object parsers with `new Function` unless told not to, and the first object schema
// it builds probes for eval support with a caught `new Function("")`. Under a strict
// Content-Security-Policy (script-src without 'unsafe-eval') that probe is a reported violation
// on every load. Jitless, zod parses with its interpreter only and never probes (the same results;
// we parse commands, specs and files, never per step). Every module that builds a schema imports
// `z` from here, not from 'zod', so the configuration runs before the first schema whatever
// order the bundler's chunks load in (an entry importing this module first was not enough: a
// shared chunk holding zod and schemas ran before the entry's own code). The entries still
// import it first too. test/e2e/csp.test.ts fails if a build ever builds a schema before this runs.
import { z } from 'zod';

z.config({ jitless: true });

export { z };
