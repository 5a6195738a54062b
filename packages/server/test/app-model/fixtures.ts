/** Shared inputs for the app-model tests: the shop app of APP-MODEL.md and helpers to bend it. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { FieldError } from '../../src/core/shared/errors.js';
import { parseApp, validateApp, type App } from '../../src/core/app-model/index.js';

/** The example app of APP-MODEL.md, verbatim (comments included). */
export const SHOP_APP_YAML = readFileSync(new URL('./shop-app.yaml', import.meta.url), 'utf8');

/** A fresh, mutable copy of the shop app. */
export function shopApp(): App {
  return parseApp(SHOP_APP_YAML) as App;
}

/** A fresh copy of the shop app, changed by `edit`, as a loose object so tests can break its types. */
export function shopAppWith(edit: (app: any) => void): any {
  const app = shopApp() as any;
  edit(app);
  return app;
}

export function componentNamed(app: any, name: string): any {
  const c = app.components.find((x: any) => x.name === name);
  if (!c) throw new Error(`no component ${name}`);
  return c;
}

/** Validates `app` and expects exactly the errors listed, as pointer and a pattern the message matches. */
export function expectErrors(app: unknown, expected: [pointer: string, message: RegExp][]): FieldError[] {
  const errors = validateApp(app);
  expect(errors.map((e) => e.pointer)).toEqual(expected.map(([p]) => p));
  expected.forEach(([, message], i) => expect(errors[i]!.message).toMatch(message));
  return errors;
}
