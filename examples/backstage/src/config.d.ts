/** app-config schema of the Caravan backend plugin (Backstage reads it from the package's `configSchema`). */
export interface Config {
  caravan?: {
    /**
     * The key that encrypts Caravan's secrets at rest (kubeconfigs, registry passwords, secret values):
     * 32 bytes, base64 (`openssl rand -base64 32`). Required with PostgreSQL; with SQLite, a key file
     * (mode 0600) beside the database is created when unset.
     * @visibility secret
     */
    masterKey?: string;
    /**
     * Caravan's own database URL (`postgres://...` or `file:...`), instead of Backstage's database for the
     * plugin: for connections a URL built from Backstage's settings cannot express (cloud IAM, CA files).
     * @visibility secret
     */
    databaseUrl?: string;
    /** Where the SQLite database lives when Backstage's database is not PostgreSQL (default `./.caravan`). */
    dataDir?: string;
    /** Which Backstage callers get which Caravan roles. */
    access?: {
      /** The role of every signed-in user and service no grant names: `viewer` (default) or `none`. */
      defaultRole?: 'viewer' | 'developer' | 'tester' | 'operator' | 'admin' | 'none';
      grants?: Array<{
        role: 'viewer' | 'developer' | 'tester' | 'operator' | 'admin';
        /** Entity refs of users and groups (`group:default/platform`), or service subjects (`plugin:scaffolder`, `external:ci`). */
        principals: string[];
        /** Limits the caller to these environments, for reading too (as a Caravan token limited to environments). */
        environments?: string[];
      }>;
    };
  };
}
