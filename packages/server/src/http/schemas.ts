/**
 * The contract's generated zod schemas, per operation, as the routes use
 * them. One file, so a rename in the generated code is one edit here.
 */
import * as c from '@caravan/contracts';

export const bodies = {
  templateCreate: c.zCreateTemplateBody,
  templatePatch: c.zUpdateTemplateBody,
  versionCreate: c.zCreateVersionBody,
  versionPatch: c.zUpdateVersionBody,
  transition: c.zPublishVersionBody,
  tokenCreate: c.zCreateTokenBody,
  registryInput: c.zPutRegistryBody,
  sourceCredentialInput: c.zPutSourceRegistryCredentialBody,
};

export const queries = {
  tokens: c.zListTokensQuery,
  templates: c.zListTemplatesQuery,
  versions: c.zListVersionsQuery,
  operations: c.zListOperationsQuery,
  audit: c.zListAuditQuery,
  diff: c.zDiffVersionQuery,
};

export const paths = {
  template: c.zGetTemplatePath,
  version: c.zGetVersionPath,
  operation: c.zGetOperationPath,
  token: c.zDeleteTokenPath,
  host: c.zPutSourceRegistryCredentialPath,
};
