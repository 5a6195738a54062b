// Generated from openapi/caravan.yaml by packages/contracts/scripts/generate.mjs. Do not edit.
/* eslint-disable */
export interface paths {
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The contract, as served */
        get: operations["getOpenapiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This reference, in a browser
         * @description The served contract (`/openapi.json`) rendered by Redoc, whose script
         *     (`/docs/redoc.standalone.js`) Caravan serves too: the page loads
         *     nothing from any other host, so it works offline. Its links are
         *     relative, so it also works where Caravan is mounted under a prefix.
         */
        get: operations["getApiReference"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs/redoc.standalone.js": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The reference page's script */
        get: operations["getApiReferenceScript"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Metrics for Prometheus
         * @description Metrics in Prometheus' text format, for a token of any role (give
         *     Prometheus a `viewer` token in its scrape config). Counts are this
         *     process's since it started; the gauges of active operations and of
         *     cluster reachability are read from the store at each scrape, so
         *     every replica reports the same values for them. A token limited to
         *     environments gets no sample labelled with another environment.
         *     - `caravan_http_requests_total{method,route,status}` and
         *       `caravan_http_request_duration_seconds{method,route}`: `route` is
         *       the route's template (`/v1/templates/:template`), never the
         *       request's path; `unmatched` for a path no route has.
         *     - `caravan_operations_finished_total{kind,state}` and
         *       `caravan_operation_duration_seconds{kind,state}` (from creation to
         *       the final state); `caravan_operations_active{kind,state}`, pending
         *       and running.
         *     - `caravan_publish_copied_bytes_total`,
         *       `caravan_publish_copied_images_total`: what publishing copied into
         *       the delivery registry.
         *     - `caravan_rollouts_total{environment,action,result}` and
         *       `caravan_rollout_duration_seconds{environment,action,result}`:
         *       installs, upgrades, rollbacks and uninstalls, from their start to
         *       their end.
         *     - `caravan_cluster_reachable{cluster}`: 1 when the cluster's last
         *       probe reached it, 0 when not (clusters not probed yet are left
         *       out).
         *     - `caravan_store_query_duration_seconds{query}` and
         *       `caravan_store_query_errors_total{query}`: every call of the store
         *       (`templates.get`, `commit`, ...).
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: operations["getHealthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness (store reachable) */
        get: operations["getReadyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/whoami": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller and its roles */
        get: operations["whoami"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List tokens (admin) */
        get: operations["listTokens"];
        put?: never;
        /** Create a token (admin); its secret is returned once */
        post: operations["createToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The token's id (not its secret). */
                token: components["parameters"]["TokenId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a token (admin)
         * @description Tokens carry no ETag, so revoking takes no If-Match; revoking twice is a 404.
         *     The last active admin token (not revoked, not expired) cannot be revoked:
         *     that answers 409 `conflict`, since no one could manage tokens afterwards.
         *     Nor can the token making the request revoke itself (409 `conflict`):
         *     revoke it with another admin token, or with `caravan-server admin revoke-token`.
         *     Create another admin token first. (Locked out anyway? `caravan-server
         *     admin create-token --role admin` works on the database directly.)
         */
        delete: operations["deleteToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List templates */
        get: operations["listTemplates"];
        put?: never;
        /** Create a template (developer) */
        post: operations["createTemplate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/templates/{template}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                template: components["parameters"]["TemplateName"];
            };
            cookie?: never;
        };
        /** Get a template */
        get: operations["getTemplate"];
        put?: never;
        post?: never;
        /** Delete a template that has no versions beyond drafts (developer) */
        delete: operations["deleteTemplate"];
        options?: never;
        head?: never;
        /** Change a template's description or labels (developer) */
        patch: operations["updateTemplate"];
        trace?: never;
    };
    "/v1/templates/{template}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                template: components["parameters"]["TemplateName"];
            };
            cookie?: never;
        };
        /** List a template's versions, in version order (1.0 before 1.1) */
        get: operations["listVersions"];
        put?: never;
        /**
         * Create a draft version (developer)
         * @description A version number is never reused, even after its draft is deleted; a taken number answers 409 `version-exists`.
         */
        post: operations["createVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/templates/{template}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                template: components["parameters"]["TemplateName"];
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        /** Get a version */
        get: operations["getVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Edit a draft (developer)
         * @description Only drafts can change; any other state answers 409 `version-immutable`.
         */
        patch: operations["updateVersion"];
        trace?: never;
    };
    "/v1/templates/{template}/versions/{version}/diff": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                template: components["parameters"]["TemplateName"];
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        /** Field-level difference from another version to this one */
        get: operations["diffVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/templates/{template}/versions/{version}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                template: components["parameters"]["TemplateName"];
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Publish a draft (developer); copies its images into the delivery registry
         * @description Moves the draft to `publishing` and starts a publish Operation. Without a configured delivery registry the operation ends `failed` and the version `failed`, with a reason that says so.
         */
        post: operations["publishVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/templates/{template}/versions/{version}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                template: components["parameters"]["TemplateName"];
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retry a failed publish (developer); moves only what is still missing */
        post: operations["retryVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/templates/{template}/versions/{version}/release": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                template: components["parameters"]["TemplateName"];
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a published version as released (tester) */
        post: operations["releaseVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/templates/{template}/versions/{version}/deprecate": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                template: components["parameters"]["TemplateName"];
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deprecate a published or released version (tester) */
        post: operations["deprecateVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/templates/{template}/versions/{version}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                template: components["parameters"]["TemplateName"];
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore a deprecated version to the state it was deprecated from (tester) */
        post: operations["restoreVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List operations, newest first */
        get: operations["listOperations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operations/{operation}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                operation: components["parameters"]["OperationId"];
            };
            cookie?: never;
        };
        /** Get an operation */
        get: operations["getOperation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operations/{operation}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                operation: components["parameters"]["OperationId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a pending or running operation
         * @description Cancelling a finished operation answers 409 `conflict`. The answer may still say `running` while the worker stops.
         */
        post: operations["cancelOperation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operations/{operation}/events": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                operation: components["parameters"]["OperationId"];
            };
            cookie?: never;
        };
        /**
         * The operation's events as server-sent events, resumable
         * @description Each message is `id: <event id>`, `event: <type>`, `data: <OperationEvent as JSON>`.
         *     The stream first replays the events after `Last-Event-ID` (all of them without it),
         *     then follows live ones, and closes after the event that brings the
         *     operation to a final state (`succeeded`, `failed`, `cancelled`).
         *     Comment lines (`: keep-alive`) may be sent to keep the connection open.
         */
        get: operations["streamOperationEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every event the caller may see, as server-sent events, resumable
         * @description Like an operation's event stream, for all operations; it stays open until the client closes it. Without Last-Event-ID (or `?lastEventId=`) it starts with the events after the client connected, not the history; `Last-Event-ID: 0` replays every event kept. (An operation's own stream replays that operation from its first event.)
         */
        get: operations["streamEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit trail, newest first */
        get: operations["listAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/registry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The delivery registry settings (never the password) */
        get: operations["getRegistry"];
        /**
         * Set the delivery registry (admin)
         * @description An absent `password` keeps the stored one, but only while `url` names
         *     the same registry (scheme, host and port) it was given for: a new
         *     `url` without a `password` is 400 (`/password` required), since the
         *     stored password must not go to another host. An empty string removes
         *     it. `sourceAllowList` restricts where publishing fetches images from.
         */
        put: operations["putRegistry"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/registry/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Prove push and pull rights against the delivery registry (admin)
         * @description An unreachable or refusing registry is an answer (`ok:false` with a reason), not an error.
         */
        post: operations["checkRegistry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/registry/sources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Credentials for private source registries, by host (never the passwords) */
        get: operations["listSourceRegistryCredentials"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/registry/sources/{host}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A registry host, with a port when not the default (`ghcr.io`, `registry.internal:5000`). */
                host: components["parameters"]["RegistryHost"];
            };
            cookie?: never;
        };
        get?: never;
        /**
         * Set the credential used to pull from a source registry host (admin)
         * @description Creates or replaces the host's credential. With `If-Match` (the `etag`
         *     the list shows), it replaces only that state of it: another answers
         *     412, and so does any ETag but `*` when no credential is stored yet.
         */
        put: operations["putSourceRegistryCredential"];
        post?: never;
        /**
         * Forget the credential of a source registry host (admin)
         * @description With `If-Match` (the `etag` the list shows), only that state of the credential is deleted; another answers 412.
         */
        delete: operations["deleteSourceRegistryCredential"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/clusters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List clusters, by name */
        get: operations["listClusters"];
        put?: never;
        /**
         * Register a cluster with its kubeconfig (admin)
         * @description Stores the kubeconfig encrypted and probes the cluster once; an
         *     unreachable cluster is still registered, and its `health` says why.
         *     The kubeconfig must be self-contained: one that uses an exec plugin,
         *     an `auth-provider`, or file paths (`tokenFile`,
         *     `certificate-authority`, `client-certificate`, `client-key`) is
         *     refused with 400 `invalid-input`, as is one without the named
         *     `context` (or, without `context`, without a current context).
         */
        post: operations["createCluster"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/clusters/{cluster}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                cluster: components["parameters"]["ClusterName"];
            };
            cookie?: never;
        };
        /** Get a cluster, with its last known health (never its kubeconfig) */
        get: operations["getCluster"];
        put?: never;
        post?: never;
        /**
         * Forget a cluster that no environment is bound to (admin)
         * @description Nothing on the cluster is touched. While an environment is bound to it, answers 409 `conflict`.
         */
        delete: operations["deleteCluster"];
        options?: never;
        head?: never;
        /**
         * Change a cluster's kubeconfig, context or labels (admin)
         * @description A new kubeconfig is checked as on registration (exec plugins,
         *     `auth-provider` and file paths answer 400 `invalid-input`). The stored
         *     credentials are never sent to another address: a patch whose result
         *     would talk to another API server (a `context` naming another server
         *     of the stored kubeconfig) must carry the kubeconfig again, else 400
         *     `invalid-input`. A patch that changes the kubeconfig or the context
         *     probes the cluster again.
         */
        patch: operations["updateCluster"];
        trace?: never;
    };
    "/v1/clusters/{cluster}/probe": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                cluster: components["parameters"]["ClusterName"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Probe a cluster now (admin) -- reachability, server version, permissions
         * @description Synchronous. The outcome is stored as the cluster's `health` and
         *     returned; an unreachable or refusing cluster is an answer
         *     (`health.state: unreachable` with a `message`), not an error.
         */
        post: operations["probeCluster"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/environments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List environments, by name */
        get: operations["listEnvironments"];
        put?: never;
        /**
         * Create an environment on a cluster's namespace (admin)
         * @description The cluster must exist (else 404 `not-found`); one namespace of one
         *     cluster belongs to at most one environment (else 409 `conflict`).
         *     Nothing is written to the cluster yet: the namespace is created by
         *     the first install when `createNamespace` is true.
         */
        post: operations["createEnvironment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/environments/{environment}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                environment: components["parameters"]["EnvironmentName"];
            };
            cookie?: never;
        };
        /** Get an environment (secret default values are never returned) */
        get: operations["getEnvironment"];
        put?: never;
        post?: never;
        /**
         * Delete an environment that has no installs left (admin)
         * @description While the environment has an install that is not `uninstalled`,
         *     answers 409 `conflict`. The records of its uninstalled installs go
         *     with it; the namespace on the cluster is left alone.
         */
        delete: operations["deleteEnvironment"];
        options?: never;
        head?: never;
        /**
         * Change an environment's tier, policy, defaults or labels (admin)
         * @description The cluster and namespace are fixed at creation. Each field given
         *     replaces the stored one whole, except `secretDefaults`, merged by
         *     name (a value sets it, `null` removes it, names not given are kept).
         *     Changing `tier` without giving `policy.allowedStates` resets the
         *     allowed states to the new tier's default. The new values apply to
         *     later installs, upgrades and rollbacks; nothing running changes.
         */
        patch: operations["updateEnvironment"];
        trace?: never;
    };
    "/v1/environments/{environment}/installs": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                environment: components["parameters"]["EnvironmentName"];
            };
            cookie?: never;
        };
        /** List an environment's installs, by name */
        get: operations["listInstalls"];
        put?: never;
        /**
         * Install a template version into the environment (operator; developer and tester by tier)
         * @description Starts an `install` Operation that renders the version with the
         *     values, applies the objects with server-side apply, waits for the
         *     rollout until `timeoutSeconds`, and writes record 1. Allowed to
         *     `operator` (in its environments) and `admin`; to `developer` in
         *     `development` and `test` environments, and to `tester` in `test`
         *     ones (else 403 `forbidden`).
         *
         *     Checked before anything starts: the template and version exist (404
         *     `not-found`); the version's state is in the environment's
         *     `policy.allowedStates` (409 `policy-violation`, `rule:
         *     allowedStates`); the values fit the version's parameters and
         *     components (400 `invalid-input`); the name is free (409 `conflict`;
         *     the name of an `uninstalled` install is taken up again, its records
         *     numbered on). Once started, a failure ends the Operation with
         *     `cluster-unreachable`, `kubernetes-error`, `field-conflict`,
         *     `rollout-failed` or `rollout-deadline-exceeded` as its `error`; with
         *     `atomic` the objects it applied are removed again.
         */
        post: operations["createInstall"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/environments/{environment}/installs/{install}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                environment: components["parameters"]["EnvironmentName"];
                install: components["parameters"]["InstallName"];
            };
            cookie?: never;
        };
        /** Get an install (its own values, without secret values) */
        get: operations["getInstall"];
        put?: never;
        post?: never;
        /**
         * Uninstall (operator); the install and its records are kept
         * @description Starts an `uninstall` Operation that deletes the objects of the
         *     install's current record and writes an `uninstall` record; the
         *     install ends `uninstalled`. PersistentVolumeClaims made by stateful
         *     components and the namespace are kept. While another operation runs
         *     on the install, answers 409 `operation-in-progress`.
         */
        delete: operations["uninstallInstall"];
        options?: never;
        head?: never;
        /**
         * Change an install's description or labels (operator)
         * @description Nothing on the cluster changes; values change with an upgrade.
         */
        patch: operations["updateInstall"];
        trace?: never;
    };
    "/v1/environments/{environment}/installs/{install}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                environment: components["parameters"]["EnvironmentName"];
                install: components["parameters"]["InstallName"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What an upgrade with this body would change (nothing is applied)
         * @description Takes the body of an upgrade and answers the difference: between the
         *     versions' app models, in the install's own values, and in the
         *     rendered objects compared with the objects of the install's current
         *     record (what Caravan last applied, not the live cluster; see
         *     `status` for drift). Secret values read `<redacted>`. Allowed to whoever
         *     may upgrade the install. Checked like an upgrade (404, 400, 409
         *     `policy-violation`), without touching the cluster.
         */
        post: operations["previewInstallUpgrade"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/environments/{environment}/installs/{install}/upgrade": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                environment: components["parameters"]["EnvironmentName"];
                install: components["parameters"]["InstallName"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upgrade an install to another version, or change its values (operator)
         * @description Starts an `upgrade` Operation that applies the new objects, removes
         *     those of the current record that the new one no longer has, waits
         *     for the rollout and writes the next record. Roles as for installing.
         *     Checked first: the version exists (404) and its state is allowed by
         *     the environment's policy (409 `policy-violation`); the values fit
         *     (400); no other operation runs on the install (409
         *     `operation-in-progress`, naming it in `operation`); an `uninstalled`
         *     install cannot be upgraded (409 `conflict`). With `atomic`, a failed
         *     rollout is rolled back to the current record (a `rollback` record with
         *     `atomicRollback: true`), and the Operation still ends `failed`, with
         *     `result.rolledBackTo`.
         */
        post: operations["upgradeInstall"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/environments/{environment}/installs/{install}/status": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                environment: components["parameters"]["EnvironmentName"];
                install: components["parameters"]["InstallName"];
            };
            cookie?: never;
        };
        /**
         * Live health per component and drift of the applied objects
         * @description Reads the cluster now: the health of each component, and the objects
         *     of the current record that are missing or whose fields Caravan set
         *     differ from what it applied. An unreachable cluster answers 502
         *     `cluster-unreachable`; one that refuses to answer, 502
         *     `kubernetes-error`.
         */
        get: operations["getInstallStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/environments/{environment}/installs/{install}/records": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                environment: components["parameters"]["EnvironmentName"];
                install: components["parameters"]["InstallName"];
            };
            cookie?: never;
        };
        /** An install's records, newest first */
        get: operations["listInstallRecords"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/environments/{environment}/installs/{install}/records/{record}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                environment: components["parameters"]["EnvironmentName"];
                install: components["parameters"]["InstallName"];
                /** @description A record's number (1 for the first install). */
                record: components["parameters"]["RecordNumber"];
            };
            cookie?: never;
        };
        /** One record, with the objects it applied (Secret data redacted) */
        get: operations["getInstallRecord"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/environments/{environment}/installs/{install}/records/{record}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                environment: components["parameters"]["EnvironmentName"];
                install: components["parameters"]["InstallName"];
                /** @description A record's number (1 for the first install). */
                record: components["parameters"]["RecordNumber"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Roll back to a record (operator); its exact objects are applied again
         * @description Starts a `rollback` Operation that applies the objects of the record
         *     again (nothing is rendered anew), removes what later records added,
         *     and writes the next record with `rollbackOf` set; the install's
         *     values become the record's. Roles as for installing. Only a
         *     `succeeded` record of an install, upgrade or rollback can be rolled
         *     back to (else 409 `conflict`), and not on an `uninstalled` install.
         *     The environment's policy is not checked again: a rollback restores
         *     what the environment accepted before. While another operation runs
         *     on the install, answers 409 `operation-in-progress`.
         */
        post: operations["rollbackInstall"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description A DNS-1123 label. */
        Name: string;
        /** @description `MAJOR.MINOR` or `MAJOR.MINOR.PATCH`, optionally with a pre-release suffix (`1.0`, `1.0.3`, `2.0.0-rc.1`). */
        VersionNumber: string;
        /** @description Who did something. */
        ActorRef: {
            id: string;
            name: string;
        };
        /** @enum {string} */
        Role: "viewer" | "developer" | "tester" | "operator" | "admin";
        Labels: {
            [key: string]: string;
        };
        /**
         * @description An RFC 9457 problem document. Extension members may appear. The `type`
         *     is `https://caravan.dev/problems/<kind>`, one kind per kind of error:
         *
         *     | kind | status | meaning |
         *     |---|---|---|
         *     | `invalid-input` | 400 | The request is malformed or does not validate; `errors` says where. |
         *     | `unauthenticated` | 401 | No valid bearer token. |
         *     | `forbidden` | 403 | The caller's roles do not allow this. |
         *     | `not-found` | 404 | No such resource. |
         *     | `method-not-allowed` | 405 | The path exists, but not with this method; `Allow` lists the methods it has. |
         *     | `conflict` | 409 | The resource's state does not allow this. |
         *     | `version-exists` | 409 | The version number is taken (numbers are never reused). |
         *     | `version-immutable` | 409 | Only drafts can change. |
         *     | `invalid-transition` | 409 | The version state machine does not allow this move. |
         *     | `registry-not-configured` | 409 | No delivery registry is set. |
         *     | `idempotency-key-in-progress` | 409 | A request with the same `Idempotency-Key` is still being carried out; `Retry-After` says when to send it again. |
         *     | `operation-in-progress` | 409 | Another long operation runs on the same subject (an install); `operation` names it. Wait for it, then try again. |
         *     | `policy-violation` | 409 | The environment's policy refuses this; `rule` names the rule (e.g. `allowedStates`). |
         *     | `field-conflict` | 409 | Server-side apply met fields owned by another field manager; `conflicts` lists `{object, manager, field}`. Retry with `force` to take them over. |
         *     | `precondition-failed` | 412 | `If-Match` does not match the current ETag. |
         *     | `payload-too-large` | 413 | The body is larger than the server accepts. |
         *     | `unsupported-media-type` | 415 | The body is not JSON. |
         *     | `idempotency-key-reused` | 422 | The `Idempotency-Key` was used for another request. |
         *     | `too-many-requests` | 429 | Too many bad bearer tokens from the caller's address; `Retry-After` says when to try again. |
         *     | `registry-unreachable` | 502 | A registry could not be reached. |
         *     | `cluster-unreachable` | 502 | A cluster's API server could not be reached. |
         *     | `kubernetes-error` | 502 | A cluster refused a request; `kubernetesStatus` holds its answer (`code`, `reason`, `message`). |
         *     | `unavailable` | 503 | The server cannot serve this now. |
         *
         *     These kinds only appear as an Operation's `error`, with the status
         *     that says how the work ended:
         *
         *     | kind | status | meaning |
         *     |---|---|---|
         *     | `operation-cancelled` | 409 | Someone cancelled the operation. |
         *     | `operation-not-started` | 409 | The work could not begin (its preparation failed). |
         *     | `operation-failed` | 500 | The work failed on an unexpected error. |
         *     | `operation-abandoned` | 500 | Workers died running it too many times. |
         *     | `unknown-operation-kind` | 500 | No worker of this server knows the operation's kind. |
         *     | `registry-sync-failed` | 502 | Images could not be copied into the delivery registry; `images` lists why, per image. |
         *     | `rollout-failed` | 500 | A component failed to roll out (e.g. `CrashLoopBackOff`, `ImagePullBackOff`, `ProgressDeadlineExceeded`); `components` lists the failed ones. |
         *     | `operation-deadline-exceeded` | 504 | The work did not finish within its deadline. |
         *     | `rollout-deadline-exceeded` | 504 | The rollout was not ready by the operation's `deadline` (`timeoutSeconds`); `components` lists those not ready. |
         *
         *     An Operation's `error` may also carry `not-found`, `invalid-input`,
         *     `invalid-transition`, `registry-not-configured`, `policy-violation`,
         *     `field-conflict`, `cluster-unreachable`, `kubernetes-error` or
         *     `unavailable` when the work found its subject gone, invalid or not
         *     ready, or the cluster refused it.
         */
        Problem: {
            /**
             * Format: uri
             * @description `https://caravan.dev/problems/<kind>`.
             */
            type: string;
            title: string;
            status: number;
            detail?: string;
            instance?: string;
            /** @description For `invalid-input`, every error with where it is. */
            errors?: components["schemas"]["FieldError"][];
            /** @description For `operation-in-progress`, the id of the operation that runs. */
            operation?: string;
            /** @description For `policy-violation`, the policy rule that refuses (`allowedStates`). */
            rule?: string;
            /** @description For `field-conflict`, every field owned by another manager. */
            conflicts?: components["schemas"]["FieldConflict"][];
            kubernetesStatus?: components["schemas"]["KubernetesStatus"];
            /** @description For `rollout-failed` and `rollout-deadline-exceeded`, the components that failed or were not ready. */
            components?: components["schemas"]["ComponentStatus"][];
        } & {
            [key: string]: unknown;
        };
        /** @description A field that server-side apply found owned by another field manager. */
        FieldConflict: {
            /** @description The object, as `<Kind>/<name>` (`Deployment/shop-web`). */
            object: string;
            /** @description The field manager that owns the field (`kubectl-edit`). */
            manager: string;
            /** @description The field, as Kubernetes names it (`.spec.replicas`). */
            field: string;
        };
        /** @description For `kubernetes-error`, what the cluster answered (its `Status` object, in part). */
        KubernetesStatus: {
            code?: number;
            /** @description e.g. `Forbidden`, `Invalid`, `NotFound`. */
            reason?: string;
            message?: string;
        } & {
            [key: string]: unknown;
        };
        FieldError: {
            /** @description A JSON pointer (RFC 6901) into the request body (or `/query/<name>`, `/header/<name>`, `/path/<name>` for parameters). */
            pointer: string;
            message: string;
            code?: string;
        };
        Health: {
            /** @enum {string} */
            status: "ok" | "unavailable";
            version?: string;
            checks?: {
                [key: string]: "ok" | "unavailable";
            };
        };
        Whoami: {
            id: string;
            name: string;
            roles: components["schemas"]["Role"][];
            /** @description When present, environment-scoped rights apply only to these. */
            environments?: string[];
        };
        Token: {
            id: string;
            name: string;
            roles: components["schemas"]["Role"][];
            environments?: string[];
            /** Format: date-time */
            createdAt: string;
            createdBy: components["schemas"]["ActorRef"];
            /** Format: date-time */
            expiresAt?: string;
            /** Format: date-time */
            lastUsedAt?: string;
        };
        TokenCreate: {
            name: string;
            roles: components["schemas"]["Role"][];
            environments?: components["schemas"]["Name"][];
            /** Format: date-time */
            expiresAt?: string;
        };
        /** @description A new token with its secret. The secret is shown here once and never again. */
        TokenCreated: {
            id: string;
            name: string;
            roles: components["schemas"]["Role"][];
            environments?: string[];
            /** Format: date-time */
            createdAt: string;
            createdBy: components["schemas"]["ActorRef"];
            /** Format: date-time */
            expiresAt?: string;
            /** Format: date-time */
            lastUsedAt?: string;
            /** @description The bearer secret. */
            secret: string;
        };
        TokenPage: {
            items: components["schemas"]["Token"][];
            nextCursor?: string;
        };
        /** @description The whole application, as data. */
        App: {
            components: components["schemas"]["Component"][];
            parameters?: components["schemas"]["Parameter"][];
        };
        Component: {
            /** @description Identifies the component across versions. */
            name: components["schemas"]["Name"];
            /**
             * @default stateless
             * @enum {string}
             */
            kind?: "stateless" | "stateful" | "job" | "cronjob";
            /** @description An image reference (`registry/repo:tag` or `@sha256:...`). */
            image: string;
            replicas?: number;
            /** @description Cron schedule, for `cronjob` components. */
            schedule?: string;
            ports?: components["schemas"]["Port"][];
            env?: components["schemas"]["EnvVar"][];
            configFiles?: components["schemas"]["ConfigFile"][];
            volumes?: components["schemas"]["Volume"][];
            /** @description Names of components this one depends on; it receives `<ALIAS>_HOST` and `<ALIAS>_PORT` for each of their ports' aliases (a dependency whose ports have no alias gives its name in upper snake case, `API_HOST` for `api`). */
            dependsOn?: string[];
            resources?: components["schemas"]["Resources"];
            probes?: {
                readiness?: components["schemas"]["Probe"];
                liveness?: components["schemas"]["Probe"];
            };
            /** @description Replaces the image entrypoint. */
            command?: string[];
            args?: string[];
            /** @description Added to the component's pods (never overriding Caravan's own `app.kubernetes.io/*` and `caravan.dev/*` labels). */
            labels?: {
                [key: string]: string;
            };
            /** @description Added to the component's pods (scrape annotations, mesh injection); `caravan.dev/*` keys are Caravan's. */
            annotations?: {
                [key: string]: string;
            };
        };
        Port: {
            port: number;
            /**
             * @default tcp
             * @enum {string}
             */
            protocol?: "http" | "grpc" | "tcp" | "udp";
            /**
             * @description `external`: an http port gets an Ingress (one per component); grpc, tcp and udp ports get a LoadBalancer Service, `<install>-<component>-external`.
             * @default internal
             * @enum {string}
             */
            expose?: "internal" | "external";
            /** @description Names the injected connection variables (`<ALIAS>_HOST`, `<ALIAS>_PORT`). */
            alias?: string;
        };
        /** @description A value, or a reference to a declared parameter (exactly one of the two). */
        EnvVar: {
            name: string;
            value?: string;
            fromParameter?: string;
        };
        ConfigFile: {
            /** @description Absolute mount path of the file. */
            path: string;
            content: string;
        };
        Volume: {
            name: components["schemas"]["Name"];
            /** @description Absolute mount path. */
            path: string;
            /** @description A Kubernetes quantity (`10Gi`). */
            size: string;
            /**
             * @default ReadWriteOnce
             * @enum {string}
             */
            accessMode?: "ReadWriteOnce" | "ReadOnlyMany" | "ReadWriteMany";
            storageClass?: string;
        };
        Resources: {
            requests?: components["schemas"]["ResourceList"];
            limits?: components["schemas"]["ResourceList"];
        };
        ResourceList: {
            /** @description A Kubernetes quantity (`100m`). */
            cpu?: string;
            /** @description A Kubernetes quantity (`128Mi`). */
            memory?: string;
        };
        /** @description One of `http`, `tcp` or `exec`, plus timing. */
        Probe: {
            http?: {
                path: string;
                port: number;
            };
            tcp?: {
                port: number;
            };
            exec?: {
                command: string[];
            };
            initialDelaySeconds?: number;
            periodSeconds?: number;
            timeoutSeconds?: number;
            failureThreshold?: number;
        };
        Parameter: {
            name: string;
            /**
             * @default string
             * @enum {string}
             */
            type?: "string" | "integer" | "boolean";
            description?: string;
            default?: string | number | boolean;
            /** @default false */
            required?: boolean;
            /**
             * @description Write-only per install; stored encrypted; never returned.
             * @default false
             */
            secret?: boolean;
            /**
             * @description A random value per install when none is given.
             * @default false
             */
            generate?: boolean;
        };
        Template: {
            name: components["schemas"]["Name"];
            description: string;
            labels: components["schemas"]["Labels"];
            etag: string;
            /** Format: date-time */
            createdAt: string;
            createdBy: components["schemas"]["ActorRef"];
            /** Format: date-time */
            updatedAt: string;
        };
        TemplateCreate: {
            name: components["schemas"]["Name"];
            description?: string;
            labels?: components["schemas"]["Labels"];
        };
        TemplatePatch: {
            description?: string;
            labels?: components["schemas"]["Labels"];
        };
        TemplatePage: {
            items: components["schemas"]["Template"][];
            nextCursor?: string;
        };
        /** @enum {string} */
        VersionState: "draft" | "publishing" | "published" | "released" | "deprecated" | "failed";
        /**
         * @description A move of the state machine; `synced` and `syncFailed` are made by Caravan itself.
         * @enum {string}
         */
        VersionAction: "publish" | "synced" | "syncFailed" | "release" | "deprecate" | "restore" | "retry";
        Version: {
            template: components["schemas"]["Name"];
            version: components["schemas"]["VersionNumber"];
            description: string;
            state: components["schemas"]["VersionState"];
            /**
             * @description The app exactly as it was written (sent as an object or as YAML text):
             *     defaults the contract declares (`kind`, `protocol`, `expose`,
             *     `accessMode`, parameter `type`/`required`/`secret`/`generate`) are not
             *     filled in, so a field left out reads back left out. Diffs compare apps
             *     with the defaults applied on both sides. Publishing only rewrites
             *     each component's `image` to the pinned delivery reference.
             */
            app: components["schemas"]["App"];
            etag: string;
            /** Format: date-time */
            createdAt: string;
            createdBy: components["schemas"]["ActorRef"];
            /** Format: date-time */
            updatedAt: string;
            /** @description One entry per component image; pinned in the delivery registry once published. */
            images: components["schemas"]["VersionImage"][];
            /** @description Every state change, oldest first. */
            transitions: components["schemas"]["TransitionRecord"][];
            /** @description Why publishing failed, while the version is `failed`. */
            failure: components["schemas"]["VersionFailure"] | null;
        };
        VersionImage: {
            component: string;
            /** @description The image as the app model names it. */
            source: string;
            /** @description The copy in the delivery registry, pinned by digest (once published). */
            reference?: string;
            digest?: string;
        };
        TransitionRecord: {
            action: components["schemas"]["VersionAction"];
            from: components["schemas"]["VersionState"];
            to: components["schemas"]["VersionState"];
            actor: components["schemas"]["ActorRef"];
            /** Format: date-time */
            at: string;
            reason?: string;
        };
        VersionFailure: {
            reason: string;
            images: {
                component: string;
                image: string;
                reason: string;
                /** @description Set when the registry settings' `sourceAllowList` refused a host this image's copy met. */
                refused?: {
                    /** @description The refused host (`host[:port]`). */
                    host: string;
                    /**
                     * @description Where the copy met it: the image's registry, the token service that registry names, or a redirect.
                     * @enum {string}
                     */
                    via: "image" | "token-realm" | "redirect";
                    /** @description The rule that refused it: the allow-list it matched none of. */
                    rule: string;
                };
            }[];
        };
        VersionCreate: {
            version: components["schemas"]["VersionNumber"];
            description?: string;
            /** @description The app model, as an object or as a YAML/JSON document in a string. */
            app: components["schemas"]["App"] | string;
        };
        VersionPatch: {
            description?: string;
            /** @description The whole new app model (it replaces the old one), as an object or a YAML/JSON string. */
            app?: components["schemas"]["App"] | string;
        };
        VersionPage: {
            items: components["schemas"]["Version"][];
            nextCursor?: string;
        };
        TransitionRequest: {
            reason?: string;
        };
        VersionDiff: {
            from: components["schemas"]["VersionNumber"];
            to: components["schemas"]["VersionNumber"];
            components: components["schemas"]["DiffSection"];
            parameters: components["schemas"]["DiffSection"];
        };
        /** @description Entries (components or parameters) by name. */
        DiffSection: {
            added: string[];
            removed: string[];
            changed: components["schemas"]["DiffChange"][];
        };
        DiffChange: {
            name: string;
            fields: components["schemas"]["FieldChange"][];
        };
        /** @description One changed field; `old` is absent when the field was added, `new` when it was removed. */
        FieldChange: {
            /** @description A JSON pointer inside the entry (`/ports/0/port`). */
            path: string;
            old?: unknown;
            new?: unknown;
        };
        /** @description A registered cluster. Its kubeconfig is write-only and never returned. */
        Cluster: {
            name: components["schemas"]["Name"];
            /** @description The API server URL, taken from the kubeconfig's context; it cannot be set on its own. */
            server: string;
            /** @description The kubeconfig context in use (absent = the kubeconfig's current context). */
            context?: string;
            labels: components["schemas"]["Labels"];
            health: components["schemas"]["ClusterHealth"];
            etag: string;
            /** Format: date-time */
            createdAt: string;
            createdBy: components["schemas"]["ActorRef"];
            /** Format: date-time */
            updatedAt: string;
        };
        /** @description The outcome of the last probe (`unknown` before the first). */
        ClusterHealth: {
            /** @enum {string} */
            state: "reachable" | "unreachable" | "unknown";
            /** Format: date-time */
            checkedAt?: string;
            /** @description The API server's version (`v1.33.1`). */
            serverVersion?: string;
            /** @description Why the cluster is unreachable, or what is missing. */
            message?: string;
            /** @description What Caravan's credentials may do, per resource and verb it needs (empty when unreachable). */
            permissions: components["schemas"]["ClusterPermission"][];
        };
        ClusterPermission: {
            /** @description A resource with its group (`deployments.apps`, `secrets`). */
            resource: string;
            /** @description `get`, `list`, `create`, `patch`, `delete`, ... */
            verb: string;
            allowed: boolean;
        };
        /**
         * @description A kubeconfig as YAML (or JSON), self-contained: credentials inline
         *     (token, client certificate and key data, or basic auth). Exec
         *     plugins, `auth-provider` and file paths (`tokenFile`,
         *     `certificate-authority`, `client-certificate`, `client-key`) are
         *     refused with 400 `invalid-input`. Write-only; stored encrypted.
         */
        Kubeconfig: string;
        ClusterCreate: {
            name: components["schemas"]["Name"];
            kubeconfig: components["schemas"]["Kubeconfig"];
            /** @description The context to use; the kubeconfig's current context when absent. */
            context?: string;
            labels?: components["schemas"]["Labels"];
        };
        /** @description A patch that would reach another API server must carry the kubeconfig again. */
        ClusterPatch: {
            kubeconfig?: components["schemas"]["Kubeconfig"];
            context?: string;
            labels?: components["schemas"]["Labels"];
        };
        ClusterPage: {
            items: components["schemas"]["Cluster"][];
            nextCursor?: string;
        };
        /** @enum {string} */
        EnvironmentTier: "development" | "test" | "production";
        EnvironmentPolicy: {
            /** @description The version states that may be installed or upgraded to here. */
            allowedStates: components["schemas"]["VersionState"][];
            /** @description Approvals a promotion into this environment needs. */
            requiredApprovals?: number;
        };
        /**
         * @description `allowedStates` defaults by tier: `production` takes `[released]`,
         *     `development` and `test` take `[draft, published, released]`. Only
         *     `draft`, `published` and `released` may be listed (others answer 400
         *     `invalid-input`): deprecated versions take no new installs or upgrades.
         */
        EnvironmentPolicyInput: {
            allowedStates?: components["schemas"]["VersionState"][];
            requiredApprovals?: number;
        };
        /**
         * @description One namespace of one cluster. Values sit in layers: an install's own
         *     values over the environment's `defaults` over the template's
         *     defaults. Secret default values are never returned: `secretDefaults`
         *     names them.
         */
        Environment: {
            name: components["schemas"]["Name"];
            cluster: components["schemas"]["Name"];
            namespace: components["schemas"]["Name"];
            tier: components["schemas"]["EnvironmentTier"];
            policy: components["schemas"]["EnvironmentPolicy"];
            /** @description Installs create the namespace when it is absent. */
            createNamespace: boolean;
            defaults: components["schemas"]["InstallValues"];
            /** @description Names of the parameters with a secret default value (never the values). */
            secretDefaults: string[];
            ingress?: components["schemas"]["EnvironmentIngress"];
            labels: components["schemas"]["Labels"];
            etag: string;
            /** Format: date-time */
            createdAt: string;
            createdBy: components["schemas"]["ActorRef"];
            /** Format: date-time */
            updatedAt: string;
        };
        EnvironmentCreate: {
            name: components["schemas"]["Name"];
            cluster: components["schemas"]["Name"];
            namespace: components["schemas"]["Name"];
            tier: components["schemas"]["EnvironmentTier"];
            policy?: components["schemas"]["EnvironmentPolicyInput"];
            /** @default true */
            createNamespace?: boolean;
            defaults?: components["schemas"]["InstallValues"];
            secretDefaults?: components["schemas"]["SecretValues"];
            ingress?: components["schemas"]["EnvironmentIngress"];
            labels?: components["schemas"]["Labels"];
        };
        /**
         * @description How the Ingresses of this environment's installs are made (one for
         *     each component with an `external` http port): the ingress class that
         *     serves them, annotations for the ingress controller or cert-manager,
         *     and TLS for their hosts. Absent: Ingresses without a class (the
         *     cluster's default class serves them) and without TLS. Changes take
         *     effect at each install's next upgrade.
         */
        EnvironmentIngress: {
            /** @description The IngressClass (`spec.ingressClassName`), e.g. `nginx`. */
            className?: string;
            /**
             * @description Added to every Ingress (`cert-manager.io/cluster-issuer`,
             *     `nginx.ingress.kubernetes.io/proxy-body-size`); `caravan.dev/*` and
             *     `app.kubernetes.io/*` keys are Caravan's.
             */
            annotations?: {
                [key: string]: string;
            };
            /**
             * @description Serve the hosts over TLS. Each Ingress names the certificate's
             *     Secret `<ingress name>-tls` (cert-manager's ingress-shim fills it
             *     when an issuer annotation is set), or `secretName`, one Secret in
             *     the namespace for every host (a wildcard certificate). An Ingress
             *     without hosts gets no TLS section.
             */
            tls?: {
                secretName?: string;
            };
        };
        /** @description Cluster and namespace cannot change. Fields given replace the stored ones; `secretDefaults` merges by name (`null` removes one). */
        EnvironmentPatch: {
            tier?: components["schemas"]["EnvironmentTier"];
            policy?: components["schemas"]["EnvironmentPolicyInput"];
            createNamespace?: boolean;
            defaults?: components["schemas"]["InstallValues"];
            secretDefaults?: {
                [key: string]: components["schemas"]["ParameterValue"] | null;
            };
            /** @description Replaces the stored ingress settings whole; `{}` removes them. */
            ingress?: components["schemas"]["EnvironmentIngress"];
            labels?: components["schemas"]["Labels"];
        };
        EnvironmentPage: {
            items: components["schemas"]["Environment"][];
            nextCursor?: string;
        };
        ParameterName: string;
        /** @description A value of a declared parameter, of its type. */
        ParameterValue: string | number | boolean;
        /** @description Secret parameter values by name. Write-only; stored encrypted; never returned. */
        SecretValues: {
            [key: string]: components["schemas"]["ParameterValue"];
        };
        /**
         * @description Values of one install (or an environment's defaults): parameter
         *     values by name, and per-component settings by component name. A
         *     name the version does not declare answers 400 `invalid-input`.
         */
        InstallValues: {
            parameters?: {
                [key: string]: components["schemas"]["ParameterValue"];
            };
            components?: {
                [key: string]: components["schemas"]["ComponentValues"];
            };
        };
        /** @description Per-environment settings of one component, over the app model's. */
        ComponentValues: {
            replicas?: number;
            /** @description Environment variables by name, over the component's (`LOG_LEVEL`). */
            env?: {
                [key: string]: string;
            };
            /** @description DNS names the component's external http ports answer on (their Ingress hosts). */
            hosts?: string[];
            resources?: components["schemas"]["Resources"];
        };
        /** @enum {string} */
        InstallState: "installing" | "deployed" | "failed" | "upgrading" | "rolling-back" | "uninstalling" | "uninstalled";
        /** @description A template version installed into an environment. */
        Install: {
            name: components["schemas"]["Name"];
            environment: components["schemas"]["Name"];
            template: components["schemas"]["Name"];
            version: components["schemas"]["VersionNumber"];
            state: components["schemas"]["InstallState"];
            /** @description The install's own values (not the environment's or the template's defaults), without secret parameter values. */
            values: components["schemas"]["InstallValues"];
            /** @description Names of the secret parameters that have a value (given or generated), never the values. */
            secretParameters: string[];
            /** @description The newest finished record: what Caravan last applied; 0 before the first finishes. */
            record: number;
            /** @description The newest record, running or finished; 0 before the first starts. */
            latestRecord: number;
            /** @description The operation running on the install, while one runs. */
            operation?: string;
            description?: string;
            labels: components["schemas"]["Labels"];
            etag: string;
            /** Format: date-time */
            createdAt: string;
            createdBy: components["schemas"]["ActorRef"];
            /** Format: date-time */
            updatedAt: string;
        };
        InstallCreate: {
            name: components["schemas"]["Name"];
            template: components["schemas"]["Name"];
            version: components["schemas"]["VersionNumber"];
            values?: components["schemas"]["InstallValues"];
            /**
             * @description On a failed rollout, remove what was applied.
             * @default false
             */
            atomic?: boolean;
            /**
             * @description The rollout deadline.
             * @default 300
             */
            timeoutSeconds?: number;
            /**
             * @description Take over fields another field manager owns.
             * @default false
             */
            force?: boolean;
            description?: string;
            labels?: components["schemas"]["Labels"];
        };
        InstallPatch: {
            description?: string;
            labels?: components["schemas"]["Labels"];
        };
        /**
         * @description The body of an upgrade (and of its preview). `values` merge over the
         *     stored values: each parameter given replaces that parameter, each
         *     component given replaces that component's settings; secret values
         *     not given are kept. `resetValues` starts from no stored values
         *     instead (generated secret values are kept).
         */
        InstallUpgrade: {
            /** @description The version to upgrade to; absent = the installed one (a values-only upgrade). */
            version?: components["schemas"]["VersionNumber"];
            values?: components["schemas"]["InstallValues"];
            /** @default false */
            resetValues?: boolean;
            /**
             * @description On a failed rollout, roll back to the current record.
             * @default false
             */
            atomic?: boolean;
            /**
             * @description The rollout deadline.
             * @default 300
             */
            timeoutSeconds?: number;
            /**
             * @description Take over fields another field manager owns.
             * @default false
             */
            force?: boolean;
            reason?: string;
        };
        RollbackRequest: {
            reason?: string;
            /**
             * @description On a failed rollout, roll back to the current record again.
             * @default false
             */
            atomic?: boolean;
            /**
             * @description The rollout deadline.
             * @default 300
             */
            timeoutSeconds?: number;
            /**
             * @description Take over fields another field manager owns.
             * @default false
             */
            force?: boolean;
        };
        InstallPage: {
            items: components["schemas"]["Install"][];
            nextCursor?: string;
        };
        /** @description What an upgrade would change. Secret values read `<redacted>`. */
        InstallPreview: {
            from: components["schemas"]["VersionNumber"];
            to: components["schemas"]["VersionNumber"];
            /** @description Components added, removed and changed between the two versions' app models (as the version diff). */
            components: components["schemas"]["DiffSection"];
            /** @description Parameters added, removed and changed between the two versions. */
            parameters: components["schemas"]["DiffSection"];
            /** @description How the install's own values change (paths are JSON pointers into InstallValues). */
            values: components["schemas"]["FieldChange"][];
            objects: components["schemas"]["ObjectDiff"];
        };
        /** @description A Kubernetes object, by kind and name. */
        ObjectRef: {
            apiVersion: string;
            kind: string;
            namespace?: string;
            name: string;
        };
        /** @description Rendered objects compared with those of the install's current record. */
        ObjectDiff: {
            added: components["schemas"]["ObjectRef"][];
            removed: components["schemas"]["ObjectRef"][];
            changed: components["schemas"]["ObjectChange"][];
        };
        ObjectChange: {
            apiVersion: string;
            kind: string;
            namespace?: string;
            name: string;
            /** @description Changed fields; paths are JSON pointers into the manifest (`/spec/replicas`). */
            fields: components["schemas"]["FieldChange"][];
        };
        /** @description The rollout state of one component. */
        ComponentStatus: {
            name: string;
            /** @enum {string} */
            kind: "stateless" | "stateful" | "job" | "cronjob";
            /** @enum {string} */
            state: "pending" | "progressing" | "ready" | "failed";
            /** @description Pods wanted. */
            replicas?: number;
            updatedReplicas?: number;
            readyReplicas?: number;
            availableReplicas?: number;
            /** @description Why it is not ready or failed: `ProgressDeadlineExceeded`, `ImagePullBackOff`, `CrashLoopBackOff`, `Unschedulable`, ... */
            reason?: string;
            message?: string;
        };
        /** @description The install as the cluster shows it now. */
        InstallStatus: {
            environment: components["schemas"]["Name"];
            install: components["schemas"]["Name"];
            /** @description The record whose objects were compared (absent before the first finishes). */
            record?: number;
            /**
             * @description The worst of its components: `missing` when the workloads are gone, `unknown` when they could not be judged.
             * @enum {string}
             */
            health: "healthy" | "progressing" | "degraded" | "missing" | "unknown";
            components: components["schemas"]["ComponentStatus"][];
            /** @description Objects of the record that are missing, or whose fields Caravan set differ from what it applied. */
            drift: components["schemas"]["DriftEntry"][];
            /** Format: date-time */
            checkedAt: string;
        };
        DriftEntry: {
            apiVersion: string;
            kind: string;
            name: string;
            /** @enum {string} */
            state: "missing" | "changed";
            /** @description For `changed`, JSON pointers of the differing fields (`/spec/replicas`). */
            fields?: string[];
        };
        /**
         * @description One numbered install, upgrade, rollback or uninstall, with exactly
         *     what it applied. Secret values are never in it: `values` omits them
         *     (`secretParameters` names them) and Secret manifests read
         *     `<redacted>` for every data value.
         */
        InstallRecord: {
            number: number;
            /** @enum {string} */
            action: "install" | "upgrade" | "rollback" | "uninstall";
            template: components["schemas"]["Name"];
            version: components["schemas"]["VersionNumber"];
            values: components["schemas"]["InstallValues"];
            secretParameters: string[];
            /** @enum {string} */
            outcome: "running" | "succeeded" | "failed";
            /** @description For a rollback, the record it restored. */
            rollbackOf?: number;
            /** @description True when an atomic operation made this rollback after its rollout failed. */
            atomicRollback?: boolean;
            objects: components["schemas"]["AppliedObject"][];
            components: components["schemas"]["ComponentStatus"][];
            /** @description The operation that wrote the record. */
            operation: string;
            error?: components["schemas"]["Problem"];
            reason?: string;
            /** Format: date-time */
            startedAt: string;
            /** Format: date-time */
            finishedAt?: string;
            createdBy: components["schemas"]["ActorRef"];
        };
        AppliedObject: {
            apiVersion: string;
            kind: string;
            namespace?: string;
            name: string;
            /** @description The object's uid as the cluster answered the apply. */
            uid?: string;
            /** @description The object as applied (Secret data values read `<redacted>`). */
            manifest: {
                [key: string]: unknown;
            };
        };
        InstallRecordPage: {
            items: components["schemas"]["InstallRecord"][];
            nextCursor?: string;
        };
        /** @enum {string} */
        OperationState: "pending" | "running" | "succeeded" | "failed" | "cancelled";
        /** @enum {string} */
        OperationKind: "publish" | "install" | "upgrade" | "rollback" | "uninstall";
        Operation: {
            id: string;
            kind: components["schemas"]["OperationKind"];
            state: components["schemas"]["OperationState"];
            subject: components["schemas"]["OperationSubject"];
            steps: components["schemas"]["OperationStep"][];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** Format: date-time */
            startedAt?: string;
            /** Format: date-time */
            finishedAt?: string;
            createdBy: components["schemas"]["ActorRef"];
            /**
             * Format: date-time
             * @description When the operation must have ended; past it the engine fails it with
             *     `operation-deadline-exceeded`. For install, upgrade and rollback the
             *     rollout itself must be ready `timeoutSeconds` after the request was
             *     accepted (else `rollout-deadline-exceeded`); this deadline adds room to
             *     end after that, and with `atomic` room to return to the previous record.
             */
            deadline?: string;
            /** @description Why it failed (or was cancelled), else null. */
            error: components["schemas"]["Problem"] | null;
            /** @description What the work produced, as far as it got; null until there is something to say. */
            result: components["schemas"]["OperationResult"] | null;
        };
        /**
         * @description By kind: install, upgrade, rollback and uninstall give the `record`
         *     they wrote and the `components` as they ended (and `rolledBackTo`
         *     when an atomic operation rolled itself back); publish gives the
         *     pinned `images`.
         */
        OperationResult: {
            /** @description The number of the record the operation wrote. */
            record?: number;
            components?: components["schemas"]["ComponentStatus"][];
            /** @description The record an atomic operation restored after its rollout failed. */
            rolledBackTo?: number;
            images?: components["schemas"]["VersionImage"][];
        };
        /** @description What the operation works on. */
        OperationSubject: {
            template?: string;
            version?: string;
            environment?: string;
            install?: string;
            /** @description For a rollback, the record rolled back to. */
            record?: number;
        };
        /**
         * @description One step. Publish steps move bytes (`bytes`, `totalBytes`); rollout
         *     steps name a `component` and count its pods (`ready` of `desired`)
         *     and move no bytes (`bytes` stays 0).
         */
        OperationStep: {
            name: string;
            state: components["schemas"]["OperationState"];
            /** @description Bytes moved so far. */
            bytes: number;
            totalBytes?: number;
            /** @description The component a rollout step waits for. */
            component?: string;
            /** @description Pods of the component ready and updated so far (jobs: completions). */
            ready?: number;
            /** @description Pods the component wants. */
            desired?: number;
            message?: string;
        };
        OperationPage: {
            items: components["schemas"]["Operation"][];
            nextCursor?: string;
        };
        /**
         * @description One event of an operation. `data` by type: `state` {state, error?};
         *     `step` the OperationStep (with `component`, `ready` and `desired` for
         *     rollout steps); `progress` {step, bytes, totalBytes?}; `log` {message, level?}.
         */
        OperationEvent: {
            /** @description Monotonic; resume with it as Last-Event-ID. */
            id: string;
            operation: string;
            /** @enum {string} */
            type: "state" | "step" | "progress" | "log";
            /** Format: date-time */
            at: string;
            data: {
                [key: string]: unknown;
            };
        };
        AuditEntry: {
            id: string;
            /** Format: date-time */
            at: string;
            actor: components["schemas"]["ActorRef"];
            /** @description e.g. `template.create`, `version.release`, `token.delete`. */
            action: string;
            subject: {
                /** @description e.g. `template`, `version`, `token`, `registry`, `cluster`, `environment`, `install`. */
                kind: string;
                name: string;
                template?: string;
                version?: string;
                environment?: string;
                install?: string;
            };
            from?: string;
            to?: string;
            reason?: string;
            details?: {
                [key: string]: unknown;
            };
        };
        AuditPage: {
            items: components["schemas"]["AuditEntry"][];
            nextCursor?: string;
        };
        /** @description The delivery registry. The password is never returned; `hasPassword` says whether one is stored. */
        RegistrySettings: {
            /** Format: uri */
            url: string;
            prefix: string;
            username: string | null;
            hasPassword: boolean;
            /** @description PEM certificates trusted for this registry. */
            caBundle?: string;
            allowInsecureHttp: boolean;
            /** @description The host patterns publishing may fetch source images from; empty allows any host. */
            sourceAllowList: components["schemas"]["SourceHostPattern"][];
            etag: string;
            /** Format: date-time */
            updatedAt: string;
        };
        RegistrySettingsInput: {
            /** Format: uri */
            url: string;
            /** @description Repository path prefix for copied images (may be empty). */
            prefix: string;
            username?: string;
            password?: string;
            caBundle?: string;
            /** @default false */
            allowInsecureHttp?: boolean;
            /**
             * @description Restricts where publishing fetches source images from. Every host
             *     the copy of a source image meets must match a pattern: the image's
             *     registry, the token service (realm) it names, and every host a
             *     redirect leads to (blob storage behind a registry included). A
             *     refused host fails that image before anything is sent to it, and
             *     the version's failed image names it (`refused`). The delivery
             *     registry itself is always allowed. Absent or empty: any host.
             * @default []
             */
            sourceAllowList?: components["schemas"]["SourceHostPattern"][];
        };
        /**
         * @description `host` or `host:port`, lower case; a leading `*.` matches one or more
         *     labels (`*.example.com` matches `r.example.com`, not `example.com`).
         *     Without a port it matches the host on any port.
         * @example *.example.com
         * @example registry.internal:5000
         */
        SourceHostPattern: string;
        RegistryCheck: {
            ok: boolean;
            push: boolean;
            pull: boolean;
            reason?: string;
            /** Format: date-time */
            checkedAt: string;
        };
        SourceRegistryCredential: {
            host: string;
            username: string;
            hasPassword: boolean;
            /** @description The entity-tag for `If-Match` on PUT and DELETE of this host (quotes included). */
            etag: string;
            /** Format: date-time */
            updatedAt: string;
        };
        SourceRegistryCredentialInput: {
            username: string;
            password: string;
        };
        SourceRegistryCredentialList: {
            items: components["schemas"]["SourceRegistryCredential"][];
        };
    };
    responses: {
        /** @description Accepted; the work goes on as this Operation. */
        OperationAccepted: {
            headers: {
                Location: components["headers"]["Location"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Operation"];
            };
        };
        /** @description Accepted; the install exists (state `installing`) and the work goes on as this Operation. */
        InstallAccepted: {
            headers: {
                /** @description Path of the install (`/v1/environments/{environment}/installs/{install}`); the Operation's id is in the body. */
                Location?: string;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Operation"];
            };
        };
        /**
         * @description The environment's cluster could not be reached (`cluster-unreachable`)
         *     or refused a request (`kubernetes-error`, with the cluster's own
         *     answer in `kubernetesStatus`). Writes that start an Operation answer
         *     this only when the cluster is needed before the work can start;
         *     once the Operation runs, these kinds end it as its `error` instead.
         */
        ClusterUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The version in its new state. */
        VersionTransitioned: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Version"];
            };
        };
        /** @description The request is malformed or does not validate (`invalid-input`, with `errors`). */
        InvalidInput: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No valid bearer token (`unauthenticated`). */
        Unauthenticated: {
            headers: {
                /** @description `Bearer` */
                "WWW-Authenticate"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The caller's roles do not allow this (`forbidden`). */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No such resource (`not-found`). */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description The resource's state does not allow this: `conflict`, `version-exists`,
         *     `version-immutable`, `invalid-transition` or `registry-not-configured`;
         *     for installs also `operation-in-progress` (another operation runs on
         *     the install: `operation` names it), `policy-violation` (the
         *     environment's policy refuses: `rule` names the rule, e.g.
         *     `allowedStates`) or `field-conflict` (another field manager owns
         *     fields Caravan would set: `conflicts` lists them; retry with `force`);
         *     for tokens, `conflict` when revoking the last active admin token.
         *     Or a request with the same `Idempotency-Key` is still being carried out
         *     (`idempotency-key-in-progress`, with `Retry-After`).
         */
        Conflict: {
            headers: {
                /** @description With `idempotency-key-in-progress`, seconds to wait before sending the request again. */
                "Retry-After"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `If-Match` does not match the current ETag (`precondition-failed`). */
        PreconditionFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is larger than the server accepts (`payload-too-large`). */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is not JSON (`unsupported-media-type`). */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description A request with the same `Idempotency-Key` is still being carried out (`idempotency-key-in-progress`); send it again after `Retry-After` seconds to get its answer. */
        IdempotencyKeyInProgress: {
            headers: {
                /** @description Seconds to wait before sending the request again. */
                "Retry-After"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The `Idempotency-Key` was used before with another request (`idempotency-key-reused`). */
        IdempotencyKeyReused: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description Too many bad bearer tokens came from the caller's address
         *     (`too-many-requests`); send a valid token, or wait `Retry-After`
         *     seconds. A valid token is never answered this.
         */
        TooManyRequests: {
            headers: {
                /** @description Seconds until the address may try another token. */
                "Retry-After"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /** @description The `nextCursor` of the previous page. Opaque. */
        Cursor: string;
        /** @description Page size. */
        Limit: number;
        /**
         * @description A unique key per logical write. A replay with the same key and body returns the
         *     first response; while the first is still being carried out, a replay answers 409
         *     `idempotency-key-in-progress` with `Retry-After`.
         */
        IdempotencyKey: string;
        /** @description The ETag last seen (a list, weak or bare ETags are accepted); a mismatch answers 412, a value over 256 characters 400. */
        IfMatch: string;
        /** @description The id of the last event received; the stream resumes after it. An id this server did not hand out, or over 256 characters, answers 400. */
        LastEventId: string;
        TemplateName: components["schemas"]["Name"];
        VersionNumber: components["schemas"]["VersionNumber"];
        OperationId: string;
        /** @description The token's id (not its secret). */
        TokenId: string;
        /** @description A registry host, with a port when not the default (`ghcr.io`, `registry.internal:5000`). */
        RegistryHost: string;
        ClusterName: components["schemas"]["Name"];
        EnvironmentName: components["schemas"]["Name"];
        InstallName: components["schemas"]["Name"];
        /** @description A record's number (1 for the first install). */
        RecordNumber: number;
    };
    requestBodies: never;
    headers: {
        /** @description Path of the created resource or of the started Operation. */
        Location: string;
        /** @description The resource's entity-tag, equal to its `etag` field (quotes included). */
        ETag: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getOpenapiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description This document, as JSON. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    getApiReference: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An HTML page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    getApiReferenceScript: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Redoc's standalone bundle, as its npm package ships it. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/javascript": string;
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The metrics, in the text exposition format 0.0.4. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            401: components["responses"]["Unauthenticated"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getHealthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is alive. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    getReadyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready to serve. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Not ready; `checks` says what is not. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    whoami: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Whoami"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listTokens: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. Opaque. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of tokens. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPage"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    createToken: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TokenCreate"];
            };
        };
        responses: {
            /** @description The token, with its secret (shown only now). */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenCreated"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteToken: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /** @description The token's id (not its secret). */
                token: components["parameters"]["TokenId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listTemplates: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. Opaque. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of templates, by name. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplatePage"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    createTemplate: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TemplateCreate"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Template"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                template: components["parameters"]["TemplateName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The template. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Template"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteTemplate: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag last seen (a list, weak or bare ETags are accepted); a mismatch answers 412, a value over 256 characters 400. */
                "If-Match"?: components["parameters"]["IfMatch"];
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                template: components["parameters"]["TemplateName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted, with its drafts. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    updateTemplate: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag last seen (a list, weak or bare ETags are accepted); a mismatch answers 412, a value over 256 characters 400. */
                "If-Match"?: components["parameters"]["IfMatch"];
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                template: components["parameters"]["TemplateName"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TemplatePatch"];
                "application/merge-patch+json": components["schemas"]["TemplatePatch"];
            };
        };
        responses: {
            /** @description The updated template. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Template"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["IdempotencyKeyInProgress"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listVersions: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. Opaque. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Only versions in this state. */
                state?: components["schemas"]["VersionState"];
            };
            header?: never;
            path: {
                template: components["parameters"]["TemplateName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of versions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VersionPage"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    createVersion: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                template: components["parameters"]["TemplateName"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VersionCreate"];
            };
        };
        responses: {
            /** @description The draft. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Version"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                template: components["parameters"]["TemplateName"];
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The version. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Version"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    updateVersion: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag last seen (a list, weak or bare ETags are accepted); a mismatch answers 412, a value over 256 characters 400. */
                "If-Match"?: components["parameters"]["IfMatch"];
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                template: components["parameters"]["TemplateName"];
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VersionPatch"];
                "application/merge-patch+json": components["schemas"]["VersionPatch"];
            };
        };
        responses: {
            /** @description The updated draft. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Version"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    diffVersion: {
        parameters: {
            query: {
                /** @description The other version (the `from` side of the diff). */
                against: components["schemas"]["VersionNumber"];
            };
            header?: never;
            path: {
                template: components["parameters"]["TemplateName"];
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What changes going from `against` to this version. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VersionDiff"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    publishVersion: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                template: components["parameters"]["TemplateName"];
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["TransitionRequest"];
            };
        };
        responses: {
            202: components["responses"]["OperationAccepted"];
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    retryVersion: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                template: components["parameters"]["TemplateName"];
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["TransitionRequest"];
            };
        };
        responses: {
            202: components["responses"]["OperationAccepted"];
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    releaseVersion: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                template: components["parameters"]["TemplateName"];
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["TransitionRequest"];
            };
        };
        responses: {
            200: components["responses"]["VersionTransitioned"];
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deprecateVersion: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                template: components["parameters"]["TemplateName"];
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["TransitionRequest"];
            };
        };
        responses: {
            200: components["responses"]["VersionTransitioned"];
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    restoreVersion: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                template: components["parameters"]["TemplateName"];
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["TransitionRequest"];
            };
        };
        responses: {
            200: components["responses"]["VersionTransitioned"];
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listOperations: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. Opaque. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Only operations in this state. */
                state?: components["schemas"]["OperationState"];
                /** @description Only operations of this kind. */
                kind?: components["schemas"]["OperationKind"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of operations. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperationPage"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getOperation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                operation: components["parameters"]["OperationId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The operation. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Operation"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    cancelOperation: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                operation: components["parameters"]["OperationId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The operation, cancelled or cancelling. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Operation"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    streamOperationEvents: {
        parameters: {
            query?: never;
            header?: {
                /** @description The id of the last event received; the stream resumes after it. An id this server did not hand out, or over 256 characters, answers 400. */
                "Last-Event-ID"?: components["parameters"]["LastEventId"];
            };
            path: {
                operation: components["parameters"]["OperationId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event stream. Each `data` line holds an OperationEvent. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    streamEvents: {
        parameters: {
            query?: never;
            header?: {
                /** @description The id of the last event received; the stream resumes after it. An id this server did not hand out, or over 256 characters, answers 400. */
                "Last-Event-ID"?: components["parameters"]["LastEventId"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event stream. Each `data` line holds an OperationEvent. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listAudit: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. Opaque. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /**
                 * @description A subject as its resource path without `/v1/`: `templates/shop` (the
                 *     template and everything under it), `templates/shop/versions/1.0`,
                 *     `tokens/<id>`, `operations/<id>`, `registry` (the delivery registry
                 *     and source registries), `registry/sources/<host>`,
                 *     `clusters/<name>`, `environments/<name>` (the environment and its
                 *     installs) or `environments/<name>/installs/<install>`. Anything
                 *     else answers 400 `invalid-input`.
                 */
                subject?: string;
                /** @description Only entries by this actor id. */
                actor?: string;
                /** @description Only entries with this action, e.g. `version.release`. */
                action?: string;
                /** @description Only entries at or after this instant. */
                since?: string;
                /** @description Only entries before this instant. */
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of audit entries. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getRegistry: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The settings. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegistrySettings"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    putRegistry: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag last seen (a list, weak or bare ETags are accepted); a mismatch answers 412, a value over 256 characters 400. */
                "If-Match"?: components["parameters"]["IfMatch"];
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegistrySettingsInput"];
            };
        };
        responses: {
            /** @description The settings now in force. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegistrySettings"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["IdempotencyKeyInProgress"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    checkRegistry: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The outcome of the check. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegistryCheck"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listSourceRegistryCredentials: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every stored credential. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SourceRegistryCredentialList"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    putSourceRegistryCredential: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag last seen (a list, weak or bare ETags are accepted); a mismatch answers 412, a value over 256 characters 400. */
                "If-Match"?: components["parameters"]["IfMatch"];
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /** @description A registry host, with a port when not the default (`ghcr.io`, `registry.internal:5000`). */
                host: components["parameters"]["RegistryHost"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SourceRegistryCredentialInput"];
            };
        };
        responses: {
            /** @description The stored credential, without its password. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SourceRegistryCredential"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["IdempotencyKeyInProgress"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteSourceRegistryCredential: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag last seen (a list, weak or bare ETags are accepted); a mismatch answers 412, a value over 256 characters 400. */
                "If-Match"?: components["parameters"]["IfMatch"];
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /** @description A registry host, with a port when not the default (`ghcr.io`, `registry.internal:5000`). */
                host: components["parameters"]["RegistryHost"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Forgotten. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["IdempotencyKeyInProgress"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listClusters: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. Opaque. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of clusters. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClusterPage"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    createCluster: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ClusterCreate"];
            };
        };
        responses: {
            /** @description The cluster, probed. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cluster"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getCluster: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                cluster: components["parameters"]["ClusterName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cluster. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cluster"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteCluster: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag last seen (a list, weak or bare ETags are accepted); a mismatch answers 412, a value over 256 characters 400. */
                "If-Match"?: components["parameters"]["IfMatch"];
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                cluster: components["parameters"]["ClusterName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Forgotten, with its kubeconfig. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    updateCluster: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag last seen (a list, weak or bare ETags are accepted); a mismatch answers 412, a value over 256 characters 400. */
                "If-Match"?: components["parameters"]["IfMatch"];
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                cluster: components["parameters"]["ClusterName"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ClusterPatch"];
                "application/merge-patch+json": components["schemas"]["ClusterPatch"];
            };
        };
        responses: {
            /** @description The updated cluster. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cluster"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["IdempotencyKeyInProgress"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    probeCluster: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                cluster: components["parameters"]["ClusterName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cluster with its fresh health. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cluster"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["IdempotencyKeyInProgress"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listEnvironments: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. Opaque. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Only environments bound to this cluster. */
                cluster?: components["schemas"]["Name"];
                /** @description Only environments of this tier. */
                tier?: components["schemas"]["EnvironmentTier"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of environments. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnvironmentPage"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    createEnvironment: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EnvironmentCreate"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Environment"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getEnvironment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                environment: components["parameters"]["EnvironmentName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The environment. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Environment"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteEnvironment: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag last seen (a list, weak or bare ETags are accepted); a mismatch answers 412, a value over 256 characters 400. */
                "If-Match"?: components["parameters"]["IfMatch"];
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                environment: components["parameters"]["EnvironmentName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    updateEnvironment: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag last seen (a list, weak or bare ETags are accepted); a mismatch answers 412, a value over 256 characters 400. */
                "If-Match"?: components["parameters"]["IfMatch"];
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                environment: components["parameters"]["EnvironmentName"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EnvironmentPatch"];
                "application/merge-patch+json": components["schemas"]["EnvironmentPatch"];
            };
        };
        responses: {
            /** @description The updated environment. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Environment"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["IdempotencyKeyInProgress"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listInstalls: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. Opaque. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Only installs of this template. */
                template?: components["schemas"]["Name"];
            };
            header?: never;
            path: {
                environment: components["parameters"]["EnvironmentName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of installs. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InstallPage"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    createInstall: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                environment: components["parameters"]["EnvironmentName"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InstallCreate"];
            };
        };
        responses: {
            202: components["responses"]["InstallAccepted"];
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
            502: components["responses"]["ClusterUnavailable"];
        };
    };
    getInstall: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                environment: components["parameters"]["EnvironmentName"];
                install: components["parameters"]["InstallName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The install. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Install"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    uninstallInstall: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag last seen (a list, weak or bare ETags are accepted); a mismatch answers 412, a value over 256 characters 400. */
                "If-Match"?: components["parameters"]["IfMatch"];
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                environment: components["parameters"]["EnvironmentName"];
                install: components["parameters"]["InstallName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: components["responses"]["OperationAccepted"];
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
            502: components["responses"]["ClusterUnavailable"];
        };
    };
    updateInstall: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag last seen (a list, weak or bare ETags are accepted); a mismatch answers 412, a value over 256 characters 400. */
                "If-Match"?: components["parameters"]["IfMatch"];
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                environment: components["parameters"]["EnvironmentName"];
                install: components["parameters"]["InstallName"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InstallPatch"];
                "application/merge-patch+json": components["schemas"]["InstallPatch"];
            };
        };
        responses: {
            /** @description The updated install. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Install"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["IdempotencyKeyInProgress"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    previewInstallUpgrade: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                environment: components["parameters"]["EnvironmentName"];
                install: components["parameters"]["InstallName"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InstallUpgrade"];
            };
        };
        responses: {
            /** @description The difference. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InstallPreview"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    upgradeInstall: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag last seen (a list, weak or bare ETags are accepted); a mismatch answers 412, a value over 256 characters 400. */
                "If-Match"?: components["parameters"]["IfMatch"];
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                environment: components["parameters"]["EnvironmentName"];
                install: components["parameters"]["InstallName"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InstallUpgrade"];
            };
        };
        responses: {
            202: components["responses"]["OperationAccepted"];
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
            502: components["responses"]["ClusterUnavailable"];
        };
    };
    getInstallStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                environment: components["parameters"]["EnvironmentName"];
                install: components["parameters"]["InstallName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The live status. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InstallStatus"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            502: components["responses"]["ClusterUnavailable"];
        };
    };
    listInstallRecords: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. Opaque. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path: {
                environment: components["parameters"]["EnvironmentName"];
                install: components["parameters"]["InstallName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of records. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InstallRecordPage"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getInstallRecord: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                environment: components["parameters"]["EnvironmentName"];
                install: components["parameters"]["InstallName"];
                /** @description A record's number (1 for the first install). */
                record: components["parameters"]["RecordNumber"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The record. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InstallRecord"];
                };
            };
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    rollbackInstall: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag last seen (a list, weak or bare ETags are accepted); a mismatch answers 412, a value over 256 characters 400. */
                "If-Match"?: components["parameters"]["IfMatch"];
                /**
                 * @description A unique key per logical write. A replay with the same key and body returns the
                 *     first response; while the first is still being carried out, a replay answers 409
                 *     `idempotency-key-in-progress` with `Retry-After`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                environment: components["parameters"]["EnvironmentName"];
                install: components["parameters"]["InstallName"];
                /** @description A record's number (1 for the first install). */
                record: components["parameters"]["RecordNumber"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RollbackRequest"];
            };
        };
        responses: {
            202: components["responses"]["OperationAccepted"];
            400: components["responses"]["InvalidInput"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TooManyRequests"];
            502: components["responses"]["ClusterUnavailable"];
        };
    };
}
