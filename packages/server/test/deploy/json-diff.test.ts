import { describe, expect, it } from 'vitest';
import { changes, drift } from '../../src/core/deploy/json-diff.js';

describe('changes between two JSON documents', () => {
  it('lists each changed leaf with its old and new value; an addition has no old, a removal no new', () => {
    const before = { spec: { replicas: 2, paused: false, selector: { app: 'web' } }, gone: 'x' };
    const after = { spec: { replicas: 3, selector: { app: 'web' }, strategy: { type: 'Recreate' } } };
    expect(changes(before, after)).toEqual([
      { path: '/gone', old: 'x' },
      { path: '/spec/paused', old: false },
      { path: '/spec/replicas', old: 2, new: 3 },
      { path: '/spec/strategy', new: { type: 'Recreate' } },
    ]);
    expect(changes(after, structuredClone(after))).toEqual([]);
  });

  it('compares lists of the same length item by item, and other lists whole', () => {
    const env = (level: string) => ({ containers: [{ name: 'api', env: [{ name: 'A', value: '1' }, { name: 'LEVEL', value: level }] }] });
    expect(changes(env('info'), env('warn'))).toEqual([{ path: '/containers/0/env/1/value', old: 'info', new: 'warn' }]);
    expect(changes({ args: ['a'] }, { args: ['a', 'b'] })).toEqual([{ path: '/args', old: ['a'], new: ['a', 'b'] }]);
  });

  it('escapes keys as JSON pointers do, and reports a whole-document change at /', () => {
    expect(changes({ 'caravan.dev/x': '1', 'a~b': 1 }, { 'caravan.dev/x': '2', 'a~b': 1 })).toEqual([{ path: '/caravan.dev~1x', old: '1', new: '2' }]);
    expect(changes(1, 2)).toEqual([{ path: '/', old: 1, new: 2 }]);
  });
});

describe('drift of applied fields against the live object', () => {
  it('ignores what others added and normalised quantities, and finds what was changed or removed', () => {
    const applied = { spec: { replicas: 2, template: { cpu: 0.5, ports: [{ port: 80 }] } } };
    const live = { spec: { replicas: 5, template: { cpu: '0.5', ports: [{ port: 80, protocol: 'TCP' }] }, progressDeadlineSeconds: 600 } };
    expect(drift(applied, live)).toEqual(['/spec/replicas']);
    expect(drift(applied, { spec: { replicas: 2, template: { cpu: 0.5, ports: [] } } })).toEqual(['/spec/template/ports']);
    expect(drift(applied, { spec: { replicas: 2 } })).toEqual(['/spec/template']);
  });
});
