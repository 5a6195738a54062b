import { describe, expect, test } from 'vitest';
import { InvalidInputError } from '../../src/core/shared/errors.js';
import { assertValidApp, parseApp, tryParseApp } from '../../src/core/app-model/index.js';

describe('reading an app document', () => {
  test('an object is taken as it is', () => {
    const app = { components: [] };
    expect(parseApp(app)).toBe(app);
  });

  test('YAML with a syntax error gives a pointer-less error with the line and column', () => {
    const result = tryParseApp('components:\n  - name: web\n    ports: [8080\n    kind: stateless\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.pointer).toBe('');
    expect(result.errors[0]!.code).toBe('syntax');
    expect(result.errors[0]!.message).toMatch(/^the app document is not valid YAML or JSON at line 4, column 5: /);
  });

  test('JSON with a syntax error is reported the same way', () => {
    const result = tryParseApp('{\n  "components": [\n    { "name": "web" "kind": "stateless" }\n  ]\n}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]!.pointer).toBe('');
    expect(result.errors[0]!.message).toMatch(/at line 3, column \d+/);
  });

  test('a duplicate key is a syntax error, not a silent overwrite', () => {
    const result = tryParseApp('components: []\ncomponents: []\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]!.message).toMatch(/at line 2, column 1: Map keys must be unique/);
  });

  test('more than one YAML document is refused', () => {
    expect(tryParseApp('components: []\n---\ncomponents: []\n').ok).toBe(false);
  });

  test('parseApp and assertValidApp throw InvalidInputError carrying the syntax errors', () => {
    for (const call of [() => parseApp('a: [1'), () => assertValidApp('a: [1')]) {
      expect(call).toThrow(InvalidInputError);
      try {
        call();
      } catch (e) {
        expect((e as InvalidInputError).errors[0]!.pointer).toBe('');
        expect((e as InvalidInputError).errors[0]!.message).toMatch(/line 1, column \d+/);
      }
    }
  });

  test('YAML 1.2 keeps yes/no and timestamps as strings', () => {
    expect(parseApp('a: yes\nb: 2026-11-26\nc: 0o17\n')).toEqual({ a: 'yes', b: '2026-11-26', c: 15 });
  });

  test('an alias bomb is refused instead of expanding', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const result = tryParseApp(bomb.join('\n'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]!.pointer).toBe('');
  });
});
