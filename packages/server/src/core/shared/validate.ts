/**
 * Small input checks shared by the services (names, labels, free text). The
 * HTTP face validates bodies against the contract too; the core checks again
 * because in-process callers skip the HTTP face.
 */
import { DNS1123_LABEL, DNS1123_LABEL_MAX, DNS1123_LABEL_RULE } from '../app-model/formats.js';
import { childPointer } from '../app-model/json-pointer.js';
import { InvalidInputError, type FieldError } from './errors.js';

export function nameErrors(value: unknown, pointer: string, what = 'name'): FieldError[] {
  if (typeof value !== 'string' || value.length === 0) return [{ pointer, message: `${what} is required`, code: 'required' }];
  if (value.length > DNS1123_LABEL_MAX || !DNS1123_LABEL.test(value)) {
    return [{ pointer, message: `${what} must be ${DNS1123_LABEL_RULE}`, code: 'dns-1123-label' }];
  }
  return [];
}

export function labelsErrors(value: unknown, pointer: string): FieldError[] {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [{ pointer, message: 'labels must be an object of strings', code: 'type' }];
  const errors: FieldError[] = [];
  const entries = Object.entries(value);
  if (entries.length > 64) errors.push({ pointer, message: 'at most 64 labels', code: 'too-many' });
  for (const [k, v] of entries) {
    const p = childPointer(pointer, k);
    if (k.length === 0 || k.length > 253) errors.push({ pointer: p, message: 'label keys are 1 to 253 characters', code: 'length' });
    if (typeof v !== 'string') errors.push({ pointer: p, message: 'label values must be strings', code: 'type' });
    else if (v.length > 1024) errors.push({ pointer: p, message: 'label values are at most 1024 characters', code: 'length' });
  }
  return errors;
}

export function textErrors(value: unknown, pointer: string, max = 4096): FieldError[] {
  if (value === undefined) return [];
  if (typeof value !== 'string') return [{ pointer, message: 'must be a string', code: 'type' }];
  if (value.length > max) return [{ pointer, message: `at most ${max} characters`, code: 'length' }];
  return [];
}

export function throwIfAny(errors: FieldError[], message: string): void {
  if (errors.length > 0) throw new InvalidInputError(errors.length === 1 ? `${message}: ${errors[0]!.message}` : message, errors);
}
