// Writes a package's API report (report.api.md): its public surface, read with the TypeScript
// compiler from the built declarations of every entry in its package.json `exports`. Each entry
// lists what it exports, sorted by name: declarations in full with their whole doc comments, the
// names it re-exports from other packages, and any type its exports use but do not export (a
// forgotten export, which a consumer could not name). How the bundler split the declarations
// into files (hashed chunks) does not show, so the report only changes when the API does.
//
//   node scripts/api-report.mjs [--check | --stdout] [--elide <regex> --elided <why>]
//
// Run in the package's folder (`npm run api-report -w packages/<name>`). `--check` fails when the
// committed report differs from the build; `--stdout` prints the report instead of writing it. `--elide` lists declarations whose names match by name
// only (generated code that is reviewed in its own files), saying why with `--elided`.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const check = args.includes('--check');
const elide = option('--elide') === undefined ? undefined : new RegExp(option('--elide'));
const elidedWhy = option('--elided') ?? 'elided';

const dir = process.cwd();
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const where = path.relative(root, dir);
const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
const dist = path.join(dir, 'dist') + path.sep;
const entries = Object.entries(pkg.exports ?? {})
  .filter(([, target]) => typeof target === 'object' && target?.import?.types)
  .map(([subpath, target]) => ({ name: subpath === '.' ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, '')}`, file: path.join(dir, target.import.types) }));

const program = ts.createProgram(
  entries.map((e) => e.file),
  { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true, skipLibCheck: true, types: [] },
);
const checker = program.getTypeChecker();
const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** Whether a declaration is this package's own (in its dist), not another package's. */
const isOwn = (decl) => decl.getSourceFile().fileName.startsWith(dist);

/** The package a symbol is re-exported from, when it comes from another one. */
function externalSource(symbol) {
  for (let s = symbol; s; s = checker.getImmediateAliasedSymbol(s)) {
    const decl = s.declarations?.[0];
    if (!decl || !(ts.isExportSpecifier(decl) || ts.isImportSpecifier(decl))) return undefined;
    const statement = ts.isExportSpecifier(decl) ? decl.parent.parent : decl.parent.parent.parent;
    const specifier = statement.moduleSpecifier?.text;
    if (specifier !== undefined && !specifier.startsWith('.')) return specifier;
    if (!(s.flags & ts.SymbolFlags.Alias)) return undefined;
  }
  return undefined;
}

/** The statement that declares `decl`, with its own doc comment (a file's header comment left behind). */
function textOf(decl) {
  const node = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
  const sf = node.getSourceFile();
  // A doc comment a blank line away is the file's header, not this declaration's.
  const doc = ts.getJSDocCommentsAndTags(node).filter((d) => ts.isJSDoc(d)).at(-1);
  const own = doc !== undefined && !/\n[ \t]*\r?\n/.test(sf.text.slice(doc.end, node.getStart(sf)));
  const start = own ? doc.getStart(sf) : node.getStart(sf);
  return sf.text.slice(start, node.end).replace(/^ {4}/gm, '  ');
}

/** The top-level declarations of this package that a node's types refer to. */
function referenced(node, out) {
  const visit = (n) => {
    const name = ts.isTypeReferenceNode(n) ? n.typeName : ts.isExpressionWithTypeArguments(n) ? n.expression : ts.isTypeQueryNode(n) ? n.exprName : undefined;
    if (name) {
      let symbol = checker.getSymbolAtLocation(name);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      for (const d of symbol?.declarations ?? []) if (isOwn(d) && ts.isSourceFile(ts.isVariableDeclaration(d) ? d.parent.parent.parent : d.parent)) out.add(symbol);
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
}

const exportsOf = new Map();
for (const entry of entries) {
  const sf = program.getSourceFile(entry.file);
  if (!sf) throw new Error(`api-report: ${entry.file} is missing: build the package first`);
  exportsOf.set(entry, checker.getExportsOfModule(checker.getSymbolAtLocation(sf)).sort((a, b) => byName(a.name, b.name)));
}
// What any entry exports can be named by a consumer; only the rest is a forgotten export.
const exported = new Set([...exportsOf.values()].flat().map((s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s)));

const sections = [];
for (const entry of entries) {
  const exports = exportsOf.get(entry);
  const external = new Map();
  const own = [];
  const elided = [];
  for (const symbol of exports) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    // Declared in another entry's own file: that entry shows it; here it is a re-export.
    const sibling = entries.find((e) => e !== entry && (target.declarations ?? []).some((d) => d.getSourceFile().fileName === e.file));
    const from = externalSource(symbol) ?? sibling?.name;
    if (from !== undefined || !(target.declarations ?? []).some(isOwn)) {
      const list = external.get(from ?? 'elsewhere') ?? [];
      external.set(from ?? 'elsewhere', [...list, symbol.name]);
    } else if (elide?.test(symbol.name)) elided.push(symbol.name);
    else own.push({ name: symbol.name, target });
  }
  const lines = [];
  for (const { name, target } of own) {
    const renamed = name === target.name ? '' : ` // exported as ${name}`;
    for (const decl of target.declarations.filter(isOwn)) lines.push(textOf(decl) + renamed);
  }
  // What the exports use but do not export, transitively: part of the API all the same.
  const used = new Set();
  for (const { target } of own) for (const decl of target.declarations.filter(isOwn)) referenced(decl, used);
  const forgotten = [];
  for (const symbol of used) {
    if (exported.has(symbol) || forgotten.includes(symbol)) continue;
    forgotten.push(symbol);
    for (const decl of symbol.declarations.filter(isOwn)) referenced(decl, used);
  }
  const out = [`## ${entry.name}`, ''];
  for (const [from, names] of [...external].sort(([a], [b]) => byName(a, b))) out.push(`Re-exported from \`${from}\`: ${names.join(', ')}.`, '');
  if (elided.length > 0) out.push(`Listed by name only (${elidedWhy}): ${elided.join(', ')}.`, '');
  out.push('```ts', lines.join('\n'), '```');
  if (forgotten.length > 0) {
    out.push('', 'Used by the exports above but not exported:', '', '```ts');
    for (const symbol of forgotten.sort((a, b) => byName(a.name, b.name))) for (const decl of symbol.declarations.filter(isOwn)) out.push(textOf(decl));
    out.push('```');
  }
  sections.push(out.join('\n'));
}

const report = `# API report: ${pkg.name}\n\nGenerated by \`npm run api-report -w ${where}\` from the built declarations. Do not edit.\n\n${sections.join('\n\n')}\n`;
const target = path.join(dir, 'report.api.md');
if (args.includes('--stdout')) {
  process.stdout.write(report);
} else if (check) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== report) {
    const a = committed.split('\n');
    const b = report.split('\n');
    const first = a.findIndex((line, i) => line !== b[i]);
    console.error(`api-report: ${path.relative(root, target)} differs from the build (first at line ${first + 1}); run \`npm run api-report -w ${where}\` and commit`);
    process.exit(1);
  }
} else {
  await writeFile(target, report);
}
