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
         * @description An absent `password` keeps the stored one; an empty string removes it.
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
        /** Set the credential used to pull from a source registry host (admin) */
        put: operations["putSourceRegistryCredential"];
        post?: never;
        /** Forget the credential of a source registry host (admin) */
        delete: operations["deleteSourceRegistryCredential"];
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
         *     | `conflict` | 409 | The resource's state does not allow this. |
         *     | `version-exists` | 409 | The version number is taken (numbers are never reused). |
         *     | `version-immutable` | 409 | Only drafts can change. |
         *     | `invalid-transition` | 409 | The version state machine does not allow this move. |
         *     | `registry-not-configured` | 409 | No delivery registry is set. |
         *     | `idempotency-key-in-progress` | 409 | A request with the same `Idempotency-Key` is still being carried out; `Retry-After` says when to send it again. |
         *     | `precondition-failed` | 412 | `If-Match` does not match the current ETag. |
         *     | `payload-too-large` | 413 | The body is larger than the server accepts. |
         *     | `unsupported-media-type` | 415 | The body is not JSON. |
         *     | `idempotency-key-reused` | 422 | The `Idempotency-Key` was used for another request. |
         *     | `registry-unreachable` | 502 | A registry could not be reached. |
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
         *     | `operation-deadline-exceeded` | 504 | The work did not finish within its deadline. |
         *
         *     An Operation's `error` may also carry `not-found`, `invalid-input`,
         *     `invalid-transition`, `registry-not-configured` or `unavailable` when
         *     the work found its subject gone, invalid or not ready.
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
            /** @description Names of components this one depends on; it receives `<ALIAS>_HOST` and `<ALIAS>_PORT` for each of their aliased ports. */
            dependsOn?: string[];
            resources?: components["schemas"]["Resources"];
            probes?: {
                readiness?: components["schemas"]["Probe"];
                liveness?: components["schemas"]["Probe"];
            };
            /** @description Replaces the image entrypoint. */
            command?: string[];
            args?: string[];
        };
        Port: {
            port: number;
            /**
             * @default tcp
             * @enum {string}
             */
            protocol?: "http" | "grpc" | "tcp" | "udp";
            /**
             * @description `external` gets an Ingress for http.
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
        /** @enum {string} */
        OperationState: "pending" | "running" | "succeeded" | "failed" | "cancelled";
        /** @enum {string} */
        OperationKind: "publish";
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
            /** @description Why it failed (or was cancelled), else null. */
            error: components["schemas"]["Problem"] | null;
        };
        /** @description What the operation works on. */
        OperationSubject: {
            template?: string;
            version?: string;
        };
        OperationStep: {
            name: string;
            state: components["schemas"]["OperationState"];
            /** @description Bytes moved so far. */
            bytes: number;
            totalBytes?: number;
            message?: string;
        };
        OperationPage: {
            items: components["schemas"]["Operation"][];
            nextCursor?: string;
        };
        /**
         * @description One event of an operation. `data` by type: `state` {state, error?};
         *     `step` the OperationStep; `progress` {step, bytes, totalBytes?}; `log` {message, level?}.
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
                /** @description e.g. `template`, `version`, `token`, `registry`. */
                kind: string;
                name: string;
                template?: string;
                version?: string;
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
        };
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
         *     `version-immutable`, `invalid-transition` or `registry-not-configured`.
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
        /** @description The id of the last event received; the stream resumes after it. */
        LastEventId: string;
        TemplateName: components["schemas"]["Name"];
        VersionNumber: components["schemas"]["VersionNumber"];
        OperationId: string;
        /** @description The token's id (not its secret). */
        TokenId: string;
        /** @description A registry host, with a port when not the default (`ghcr.io`, `registry.internal:5000`). */
        RegistryHost: string;
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
            409: components["responses"]["IdempotencyKeyInProgress"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["IdempotencyKeyReused"];
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
        };
    };
    streamOperationEvents: {
        parameters: {
            query?: never;
            header?: {
                /** @description The id of the last event received; the stream resumes after it. */
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
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    streamEvents: {
        parameters: {
            query?: never;
            header?: {
                /** @description The id of the last event received; the stream resumes after it. */
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
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
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
                 *     and source registries) or `registry/sources/<host>`. Anything else
                 *     answers 400 `invalid-input`.
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
        };
    };
}
