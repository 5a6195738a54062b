/** The shared tables' types equal the contract's enums, so neither can drift alone. */
import { describe, expectTypeOf, it } from 'vitest';
import type { components, EnvironmentTier, INSTALLABLE_STATES, OperationState, Role, Version, VersionAction, VersionState } from '../src/index.js';
import type { zVersion } from '../src/index.js';
import type { z } from 'zod';

describe('contract types', () => {
  it('VersionState, VersionAction and Role from states.ts equal the contract enums', () => {
    expectTypeOf<VersionState>().toEqualTypeOf<components['schemas']['VersionState']>();
    expectTypeOf<VersionAction>().toEqualTypeOf<components['schemas']['VersionAction']>();
    expectTypeOf<Role>().toEqualTypeOf<components['schemas']['Role']>();
  });

  it('OperationState from states.ts equals the contract enum', () => {
    expectTypeOf<OperationState>().toEqualTypeOf<components['schemas']['OperationState']>();
  });

  it('INSTALLABLE_STATES has exactly the environment tiers of the contract', () => {
    expectTypeOf<keyof typeof INSTALLABLE_STATES>().toEqualTypeOf<EnvironmentTier>();
  });

  it('a parsed Version is assignable to the Version type', () => {
    expectTypeOf<z.infer<typeof zVersion>>().toExtend<Version>();
  });
});
