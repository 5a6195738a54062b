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
  clusterCreate: c.zCreateClusterBody,
  clusterPatch: c.zUpdateClusterBody,
  environmentCreate: c.zCreateEnvironmentBody,
  environmentPatch: c.zUpdateEnvironmentBody,
  installCreate: c.zCreateInstallBody,
  installPatch: c.zUpdateInstallBody,
  installUpgrade: c.zUpgradeInstallBody,
  installPreview: c.zPreviewInstallUpgradeBody,
  rollback: c.zRollbackInstallBody,
};

export const queries = {
  tokens: c.zListTokensQuery,
  templates: c.zListTemplatesQuery,
  versions: c.zListVersionsQuery,
  operations: c.zListOperationsQuery,
  audit: c.zListAuditQuery,
  diff: c.zDiffVersionQuery,
  clusters: c.zListClustersQuery,
  environments: c.zListEnvironmentsQuery,
  installs: c.zListInstallsQuery,
  records: c.zListInstallRecordsQuery,
};

export const paths = {
  template: c.zGetTemplatePath,
  version: c.zGetVersionPath,
  operation: c.zGetOperationPath,
  token: c.zDeleteTokenPath,
  host: c.zPutSourceRegistryCredentialPath,
  cluster: c.zGetClusterPath,
  environment: c.zGetEnvironmentPath,
  installs: c.zListInstallsPath,
  install: c.zGetInstallPath,
  record: c.zGetInstallRecordPath,
};
