// The sweep file's parse and expansion live in src/protocol/sweep.ts, where the page can use
// them too; this path stays for the CLI's imports.
export * from '../../protocol/sweep';
