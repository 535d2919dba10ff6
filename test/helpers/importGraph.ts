import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

/** An import that loads code at run time, with the chain of files that reaches it. */
export interface RuntimeImport {
  readonly specifier: string;
  /** Repository-relative files, from the entry to the one holding the import. */
  readonly chain: readonly string[];
}

const ROOT = resolve(import.meta.dirname, '../..');

/** The modules a file loads at run time: every import and re-export but `import type` / `export type`. */
function runtimeSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
      // Under verbatimModuleSyntax, `import { type X } from 'm'` still loads 'm'.
      found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      found.push(arg && ts.isStringLiteral(arg) ? arg.text : '<dynamic import>');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A relative specifier's file, as the bundler finds it: the file with an extension first, then a folder's index. */
function resolveRelative(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier.replace(/\.js$/, ''));
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`];
  const found = candidates.find((path) => /\.tsx?$/.test(path) && existsSync(path) && statSync(path).isFile());
  if (found === undefined) throw new Error(`${relative(ROOT, from)}: cannot resolve "${specifier}"`);
  return found;
}

/**
 * Walks the run-time import graph from `entry` (a path relative to the repository), reading
 * the sources and following relative imports, and returns every package import it reaches.
 */
export function packageImports(entry: string): RuntimeImport[] {
  const start = resolve(ROOT, entry);
  const chains = new Map<string, string[]>([[start, [relative(ROOT, start)]]]);
  const queue = [start];
  const out: RuntimeImport[] = [];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const chain = chains.get(file)!;
    for (const specifier of runtimeSpecifiers(file)) {
      if (!specifier.startsWith('.')) {
        out.push({ specifier, chain });
        continue;
      }
      // Stylesheets and other assets load no code.
      if (/\.(css|svg|png|json)(\?.*)?$/.test(specifier)) continue;
      const target = resolveRelative(file, specifier);
      if (chains.has(target)) continue;
      chains.set(target, [...chain, relative(ROOT, target)]);
      queue.push(target);
    }
  }
  return out;
}
