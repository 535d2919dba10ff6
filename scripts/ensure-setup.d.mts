// Types of scripts/ensure-setup.mjs for its unit tests (the script itself stays plain JavaScript:
// it runs before node_modules, TypeScript included, exists).
export const DEFAULT_CHROMIUM: string;
export const CHROMIUM_COMMAND: string;

interface Lockfile {
  readonly packages?: Readonly<Record<string, { readonly version?: string; readonly optional?: boolean; readonly devOptional?: boolean }>>;
}
export function depsProblem(lock: Lockfile, installed: Lockfile | null, present?: (path: string) => boolean): string | null;

export type ChromiumPlan =
  | { readonly action: 'none'; readonly path: string }
  | { readonly action: 'install'; readonly sudo: boolean; readonly commands: readonly (readonly string[])[] }
  | { readonly action: 'stop'; readonly message: string };
export function chromiumPlan(machine: {
  readonly envPath?: string | undefined;
  readonly defaultPath?: string;
  readonly exists: (path: string) => boolean;
  readonly isRoot: boolean;
  readonly canSudo: () => boolean;
  readonly hasAptGet: boolean;
}): ChromiumPlan;
