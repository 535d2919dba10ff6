// Types of scripts/tfjsForInLoops.mjs (plain JavaScript: the CLI's launcher runs it before any
// TypeScript is compiled).
import type { Plugin } from 'vite';

export const FOR_IN_SITES: readonly { readonly file: string; readonly loops: number }[];
export const NODE_BUNDLE: { readonly file: string; readonly functions: readonly string[]; readonly loops: number };
export function rewriteForInLoops(code: string, expected: number, file: string): string;
export function rewriteNodeBundle(code: string): string;
export function forInSite(id: string): (typeof FOR_IN_SITES)[number] | undefined;
export function isTfjsCoreEngine(id: string): boolean;
export function tfjsForInLoops(): Plugin;
type LoadResult = { format?: string | null; source?: string | ArrayBuffer | ArrayBufferView | null; shortCircuit?: boolean };
export function loadHook(url: string, context: object, nextLoad: (url: string, context: object) => LoadResult): LoadResult;
export function registerNodeHook(nodeModule: { registerHooks?: (hooks: { load: typeof loadHook }) => unknown }): boolean;
