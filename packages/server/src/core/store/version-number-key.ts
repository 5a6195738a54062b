/**
 * The key that makes a version number unique in a template: its precedence
 * (`1.0` and `1.0.0` share one), from the app model's version ordering. A
 * string the app model does not read as a version (the core never stores
 * one) keys on itself, marked so it can never equal a precedence key (those
 * are digits and lower-case letters only).
 */
import { tryParseVersionNumber, versionPrecedenceKey } from '../app-model/version-number.js';

export function versionNumberKey(version: string): string {
  return tryParseVersionNumber(version).ok ? versionPrecedenceKey(version) : `=${version}`;
}
