/**
 * The harness-k8s suite's global setup, reused as is: it starts the three
 * harness clusters (or reuses a running `harness up` via
 * CARAVAN_K8S_REUSE_DIR) and provides `harnessClusters` to the tests.
 */
export { default } from '../harness-k8s/global-setup.js';
export type { SuiteCluster } from '../harness-k8s/global-setup.js';
