/**
 * A small collector for structural checks of untrusted documents: each helper
 * checks one value, records a field error when it is wrong, and hands back the
 * value typed (or undefined) so the caller can go on checking what is there.
 * Every problem is recorded, never only the first.
 */
import type { FieldError } from '../shared/errors.js';
import { childPointer } from './json-pointer.js';

export type ErrorCode =
  | 'syntax'
  | 'type'
  | 'required'
  | 'unknown-field'
  | 'enum'
  | 'format'
  | 'range'
  | 'duplicate'
  | 'reference'
  | 'cycle'
  | 'conflict'
  | 'not-allowed';

export class ShapeCheck {
  readonly errors: FieldError[] = [];

  add(pointer: string, message: string, code: ErrorCode): void {
    this.errors.push({ pointer, message, code });
  }

  /**
   * An object with only `allowed` keys and every `required` one. Unknown keys
   * are reported at their own pointer; missing ones at the pointer they would have.
   */
  object(value: unknown, at: string, what: string, allowed: readonly string[], required: readonly string[] = []): Record<string, unknown> | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.add(at, `${what} must be an object`, 'type');
      return undefined;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!allowed.includes(key)) this.add(childPointer(at, key), `unknown field "${key}" in ${what} (allowed: ${allowed.join(', ')})`, 'unknown-field');
    }
    for (const key of required) {
      if (record[key] === undefined) this.add(childPointer(at, key), `${what} needs "${key}"`, 'required');
    }
    return record;
  }

  array(value: unknown, at: string, what: string): unknown[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.add(at, `${what} must be a list`, 'type');
      return undefined;
    }
    return value;
  }

  string(value: unknown, at: string, what: string, hint = ''): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      this.add(at, `${what} must be a string${hint}`, 'type');
      return undefined;
    }
    return value;
  }

  boolean(value: unknown, at: string, what: string): boolean | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') {
      this.add(at, `${what} must be true or false`, 'type');
      return undefined;
    }
    return value;
  }

  integer(value: unknown, at: string, what: string, min: number, max: number): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.add(at, `${what} must be a whole number`, 'type');
      return undefined;
    }
    if (value < min || value > max) {
      this.add(at, `${what} must be between ${min} and ${max}, not ${value}`, 'range');
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, at: string, what: string, options: readonly T[]): T | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
      this.add(at, `${what} must be one of ${options.join(', ')}, not ${JSON.stringify(value)}`, 'enum');
      return undefined;
    }
    return value as T;
  }

  /** A list of strings; each non-string item is reported at its own pointer. */
  strings(value: unknown, at: string, what: string): string[] | undefined {
    const list = this.array(value, at, what);
    if (!list) return undefined;
    const out: string[] = [];
    list.forEach((item, i) => {
      const s = this.string(item, childPointer(at, i), `each item of ${what}`);
      if (s !== undefined) out.push(s);
    });
    return out;
  }
}
