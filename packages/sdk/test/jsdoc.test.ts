/** Documentation: every public function and method of the SDK's surface shows how it is called (`@example`). */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The package's entries: the client, and `@caravan/sdk/testing`.
const entries = ['../src/index.ts', '../src/testing/index.ts'].map((e) => fileURLToPath(new URL(e, import.meta.url)));

function hasExample(node: ts.Node): boolean {
  return ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'example');
}

function isPublic(member: ts.ClassElement): boolean {
  if (member.name && ts.isPrivateIdentifier(member.name)) return false;
  const flags = ts.getCombinedModifierFlags(member as ts.Declaration);
  return (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) === 0;
}

/** `Class.method` for every public function or method of the package's exports that has no @example. */
function undocumented(): { checked: string[]; missing: string[] } {
  const program = ts.createProgram(entries, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2023, noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const checked: string[] = [];
  const missing: string[] = [];
  const check = (name: string, node: ts.Node) => {
    checked.push(name);
    if (!hasExample(node)) missing.push(name);
  };
  for (let symbol of entries.flatMap((entry) => checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!))) {
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    for (const decl of symbol.declarations ?? []) {
      // Only the SDK's own declarations: the contract's types are documented in @caravan/contracts.
      if (!decl.getSourceFile().fileName.includes('/packages/sdk/src/')) continue;
      if (ts.isFunctionDeclaration(decl)) check(symbol.name, decl);
      else if (ts.isClassDeclaration(decl)) {
        for (const member of decl.members) {
          if (ts.isMethodDeclaration(member) && isPublic(member)) check(`${symbol.name}.${member.name.getText()}`, member);
        }
      } else if (ts.isInterfaceDeclaration(decl)) {
        for (const member of decl.members) if (ts.isMethodSignature(member)) check(`${symbol.name}.${member.name.getText()}`, member);
      }
    }
  }
  return { checked, missing };
}

describe('documentation', () => {
  it('every public function and method has an @example', () => {
    const { checked, missing } = undocumented();
    // The walk must see the surface, or an empty list would pass.
    expect(checked).toEqual(expect.arrayContaining(['createCaravanClient', 'parseSse', 'PagePromise.toArray', 'EventStream.[Symbol.asyncIterator]', 'TemplatesResource.list', 'VersionsResource.publish', 'OperationsResource.wait', 'CaravanClient.whoami', 'ClustersResource.probe', 'InstallsResource.upgrade', 'InstallRecordsResource.rollback', 'operationError', 'isStepEvent', 'ApiPromise.withResponse', 'createFakeCaravanClient', 'FakeControls.failRollout']));
    expect(missing).toEqual([]);
  });
});
