import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { renderInstall, renderedToYaml } from '../../../src/core/deploy/render/index.js';
import { migrateInput, shopInput } from './fixtures.js';

/** Compares with the golden file byte for byte; `UPDATE_GOLDEN=1` rewrites it instead. */
function expectGolden(name: string, text: string): void {
  const file = new URL(`./golden/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

describe('golden renders', () => {
  test('the shop app of APP-MODEL.md, installed with its values into production-qingdao', () => {
    expectGolden('shop.yaml', renderedToYaml(renderInstall(shopInput())));
  });

  test('a job that migrates a stateful database, as a draft in a test environment', () => {
    expectGolden('orders-migrate.yaml', renderedToYaml(renderInstall(migrateInput())));
  });
});
