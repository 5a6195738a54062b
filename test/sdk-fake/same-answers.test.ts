/**
 * The fake of `@caravan/sdk/testing` answers like Caravan: one scenario run
 * against the fake and against the real app in this process (the SDK with
 * `fetch: app.fetch`, a real SQLite file, a registry seam that copies at once)
 * gives the same transcript, once ids, times, cursors and digests are set aside.
 */
import { createFakeCaravanClient } from '@caravan/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalise, runScenario, type Transcript } from './support/scenario.js';
import { startReal, type RealCaravan } from './support/real.js';

let real: RealCaravan;
beforeAll(async () => {
  real = await startReal();
});
afterAll(async () => {
  await real?.close();
});

describe('the fake and the real app', () => {
  it('answer the same scenario alike: values, typed errors, headers, progress', async () => {
    const fake = createFakeCaravanClient();
    const fromFake = normalise(await runScenario(fake, (secret) => fake.fake.as(secret))) as Transcript;
    const fromReal = normalise(await runScenario(real.client, real.as)) as Transcript;
    // Step by step, so a difference names its step.
    expect(fromFake.map((s) => s.step)).toEqual(fromReal.map((s) => s.step));
    for (let i = 0; i < fromReal.length; i++) expect(fromFake[i], fromReal[i]!.step).toEqual(fromReal[i]);
    // The scenario met what it is about: refusals, progress, a published version.
    const steps = new Map(fromReal.map((s) => [s.step, s.answer as Record<string, unknown>]));
    expect(steps.get('releasing a draft')).toMatchObject({ error: 'InvalidTransitionError', status: 409 });
    expect(steps.get('a viewer creating a template')).toMatchObject({ error: 'ForbiddenError', status: 403 });
    expect(steps.get('the retry')).toMatchObject({ operation: { state: 'succeeded' }, progress: { states: ['pending', 'running', 'succeeded'], idsAscend: true } });
    expect(steps.get('the version it published')).toMatchObject({ state: 'published' });
  });
});
