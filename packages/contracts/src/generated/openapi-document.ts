// Generated from openapi/caravan.yaml by packages/contracts/scripts/generate.mjs. Do not edit.
import type { OpenApiDocument } from '../openapi-document-type.js';

/** The contract, openapi/caravan.yaml, as JSON. */
export const openapiDocument: OpenApiDocument = {
  "openapi": "3.1.0",
  "info": {
    "title": "Caravan API",
    "version": "0.1.0",
    "summary": "Carries a tested application, as one versioned template, to Kubernetes clusters.",
    "description": "Caravan's HTTP contract. This file is written by hand and is the one source\nof truth: the TypeScript types, zod schemas and the served `/openapi.json`\nare generated from it.\n\nConventions:\n- Errors are `application/problem+json` (RFC 9457) with a stable `type`\n  URI per kind, `https://caravan.dev/problems/<kind>`.\n- Lists are cursor-paginated: `{ items, nextCursor? }`; pass `nextCursor`\n  back as `cursor`. Cursors are opaque.\n- Writes accept `Idempotency-Key`: a replay with the same key and body\n  returns the first response; the same key with another body answers 422\n  `idempotency-key-reused`. The key is reserved while the first request is\n  carried out, so the work happens once even across server replicas; a\n  duplicate that arrives meanwhile at another replica answers 409\n  `idempotency-key-in-progress` with `Retry-After` (send it again then to\n  get the first response).\n- A single resource carries an `etag` field and is served with an `ETag`\n  header holding the same entity-tag (e.g. `\"3\"`, quotes included).\n  Updates accept `If-Match` with it and answer 412 on a mismatch.\n- A method a known path does not list answers 405 `method-not-allowed`\n  with an `Allow` header naming the methods it does list (RFC 9110).\n- Bad bearer tokens from one client address draw on a budget; once it\n  is spent, further bad tokens from that address answer 429\n  `too-many-requests` with `Retry-After` instead of 401. A valid token\n  is never refused by it, from any address.\n- Long-running work answers `202` with an Operation and a `Location`\n  header pointing at it (creating an install: at the install; the body\n  is still the Operation).\n- Secrets (passwords, token secrets, kubeconfigs, secret parameter\n  values) are write-only and never returned.\n- Roles: `viewer` reads everything but secrets; `developer` edits\n  templates and drafts, publishes, and installs into `development` and\n  `test` environments; `tester` releases, deprecates and restores\n  versions and installs into `test` environments; `operator` installs,\n  upgrades, rolls back and uninstalls in the environments its token is\n  limited to (all, when unlimited); `admin` may do everything, including\n  clusters, environments, the registry and tokens. A token limited to\n  named environments gets 403 `forbidden` on the installs and records of\n  any other environment, and lists and event streams leave out the\n  installs, records, operations and events of other environments.\n",
    "license": {
      "name": "Apache-2.0",
      "identifier": "Apache-2.0"
    }
  },
  "servers": [
    {
      "url": "http://127.0.0.1:7420",
      "description": "A local caravan-server with its defaults"
    }
  ],
  "security": [
    {
      "bearerAuth": []
    }
  ],
  "tags": [
    {
      "name": "meta",
      "description": "The contract, health and the caller."
    },
    {
      "name": "tokens",
      "description": "API tokens (admin)."
    },
    {
      "name": "templates",
      "description": "Templates, each a named application with versions."
    },
    {
      "name": "versions",
      "description": "Template versions and their state machine."
    },
    {
      "name": "operations",
      "description": "Durable long-running work and its progress."
    },
    {
      "name": "events",
      "description": "Server-sent event streams."
    },
    {
      "name": "audit",
      "description": "The append-only audit trail."
    },
    {
      "name": "registry",
      "description": "The delivery registry and credentials for source registries."
    },
    {
      "name": "clusters",
      "description": "Kubernetes clusters Caravan deploys to, each registered with a kubeconfig (admin)."
    },
    {
      "name": "environments",
      "description": "Environments, each one namespace of one cluster, with a tier, a policy and default values."
    },
    {
      "name": "installs",
      "description": "A template version installed into an environment, its upgrades, rollbacks and numbered records."
    }
  ],
  "paths": {
    "/openapi.json": {
      "get": {
        "operationId": "getOpenapiDocument",
        "tags": [
          "meta"
        ],
        "summary": "The contract, as served",
        "security": [],
        "responses": {
          "200": {
            "description": "This document, as JSON.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "additionalProperties": true
                }
              }
            }
          }
        }
      }
    },
    "/docs": {
      "get": {
        "operationId": "getApiReference",
        "tags": [
          "meta"
        ],
        "summary": "This reference, in a browser",
        "description": "The served contract (`/openapi.json`) rendered by Redoc, whose script\n(`/docs/redoc.standalone.js`) Caravan serves too: the page loads\nnothing from any other host, so it works offline. Its links are\nrelative, so it also works where Caravan is mounted under a prefix.\n",
        "security": [],
        "responses": {
          "200": {
            "description": "An HTML page.",
            "content": {
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        }
      }
    },
    "/docs/redoc.standalone.js": {
      "get": {
        "operationId": "getApiReferenceScript",
        "tags": [
          "meta"
        ],
        "summary": "The reference page's script",
        "security": [],
        "responses": {
          "200": {
            "description": "Redoc's standalone bundle, as its npm package ships it.",
            "content": {
              "text/javascript": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "operationId": "getMetrics",
        "tags": [
          "meta"
        ],
        "summary": "Metrics for Prometheus",
        "description": "Metrics in Prometheus' text format, for a token of any role (give\nPrometheus a `viewer` token in its scrape config). Counts are this\nprocess's since it started; the gauges of active operations and of\ncluster reachability are read from the store at each scrape, so\nevery replica reports the same values for them. A token limited to\nenvironments gets no sample labelled with another environment.\n- `caravan_http_requests_total{method,route,status}` and\n  `caravan_http_request_duration_seconds{method,route}`: `route` is\n  the route's template (`/v1/templates/:template`), never the\n  request's path; `unmatched` for a path no route has.\n- `caravan_operations_finished_total{kind,state}` and\n  `caravan_operation_duration_seconds{kind,state}` (from creation to\n  the final state); `caravan_operations_active{kind,state}`, pending\n  and running.\n- `caravan_publish_copied_bytes_total`,\n  `caravan_publish_copied_images_total`: what publishing copied into\n  the delivery registry.\n- `caravan_rollouts_total{environment,action,result}` and\n  `caravan_rollout_duration_seconds{environment,action,result}`:\n  installs, upgrades, rollbacks and uninstalls, from their start to\n  their end.\n- `caravan_cluster_reachable{cluster}`: 1 when the cluster's last\n  probe reached it, 0 when not (clusters not probed yet are left\n  out).\n- `caravan_store_query_duration_seconds{query}` and\n  `caravan_store_query_errors_total{query}`: every call of the store\n  (`templates.get`, `commit`, ...).\n",
        "responses": {
          "200": {
            "description": "The metrics, in the text exposition format 0.0.4.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/healthz": {
      "get": {
        "operationId": "getHealthz",
        "tags": [
          "meta"
        ],
        "summary": "Liveness",
        "security": [],
        "responses": {
          "200": {
            "description": "The process is alive.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          }
        }
      }
    },
    "/v1/readyz": {
      "get": {
        "operationId": "getReadyz",
        "tags": [
          "meta"
        ],
        "summary": "Readiness (store reachable)",
        "security": [],
        "responses": {
          "200": {
            "description": "Ready to serve.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          },
          "503": {
            "description": "Not ready; `checks` says what is not.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          }
        }
      }
    },
    "/v1/whoami": {
      "get": {
        "operationId": "whoami",
        "tags": [
          "meta"
        ],
        "summary": "The caller and its roles",
        "responses": {
          "200": {
            "description": "The caller.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Whoami"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/tokens": {
      "get": {
        "operationId": "listTokens",
        "tags": [
          "tokens"
        ],
        "summary": "List tokens (admin)",
        "parameters": [
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "$ref": "#/components/parameters/Limit"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of tokens.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TokenPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "post": {
        "operationId": "createToken",
        "tags": [
          "tokens"
        ],
        "summary": "Create a token (admin); its secret is returned once",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TokenCreate"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The token, with its secret (shown only now).",
            "headers": {
              "Location": {
                "$ref": "#/components/headers/Location"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TokenCreated"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/tokens/{token}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/TokenId"
        }
      ],
      "delete": {
        "operationId": "deleteToken",
        "tags": [
          "tokens"
        ],
        "summary": "Revoke a token (admin)",
        "description": "Tokens carry no ETag, so revoking takes no If-Match; revoking twice is a 404.\nThe last active admin token (not revoked, not expired) cannot be revoked:\nthat answers 409 `conflict`, since no one could manage tokens afterwards.\nNor can the token making the request revoke itself (409 `conflict`):\nrevoke it with another admin token, or with `caravan-server admin revoke-token`.\nCreate another admin token first. (Locked out anyway? `caravan-server\nadmin create-token --role admin` works on the database directly.)\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "responses": {
          "204": {
            "description": "Revoked."
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/templates": {
      "get": {
        "operationId": "listTemplates",
        "tags": [
          "templates"
        ],
        "summary": "List templates",
        "parameters": [
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "$ref": "#/components/parameters/Limit"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of templates, by name.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TemplatePage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "post": {
        "operationId": "createTemplate",
        "tags": [
          "templates"
        ],
        "summary": "Create a template (developer)",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TemplateCreate"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Created.",
            "headers": {
              "Location": {
                "$ref": "#/components/headers/Location"
              },
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Template"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/templates/{template}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/TemplateName"
        }
      ],
      "get": {
        "operationId": "getTemplate",
        "tags": [
          "templates"
        ],
        "summary": "Get a template",
        "responses": {
          "200": {
            "description": "The template.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Template"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "patch": {
        "operationId": "updateTemplate",
        "tags": [
          "templates"
        ],
        "summary": "Change a template's description or labels (developer)",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TemplatePatch"
              }
            },
            "application/merge-patch+json": {
              "schema": {
                "$ref": "#/components/schemas/TemplatePatch"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The updated template.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Template"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/IdempotencyKeyInProgress"
          },
          "412": {
            "$ref": "#/components/responses/PreconditionFailed"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "delete": {
        "operationId": "deleteTemplate",
        "tags": [
          "templates"
        ],
        "summary": "Delete a template that has no versions beyond drafts (developer)",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted, with its drafts."
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "412": {
            "$ref": "#/components/responses/PreconditionFailed"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/templates/{template}/versions": {
      "parameters": [
        {
          "$ref": "#/components/parameters/TemplateName"
        }
      ],
      "get": {
        "operationId": "listVersions",
        "tags": [
          "versions"
        ],
        "summary": "List a template's versions, in version order (1.0 before 1.1)",
        "parameters": [
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "name": "state",
            "in": "query",
            "description": "Only versions in this state.",
            "schema": {
              "$ref": "#/components/schemas/VersionState"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of versions.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/VersionPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "post": {
        "operationId": "createVersion",
        "tags": [
          "versions"
        ],
        "summary": "Create a draft version (developer)",
        "description": "A version number is never reused, even after its draft is deleted; a taken number answers 409 `version-exists`.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/VersionCreate"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The draft.",
            "headers": {
              "Location": {
                "$ref": "#/components/headers/Location"
              },
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Version"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/templates/{template}/versions/{version}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/TemplateName"
        },
        {
          "$ref": "#/components/parameters/VersionNumber"
        }
      ],
      "get": {
        "operationId": "getVersion",
        "tags": [
          "versions"
        ],
        "summary": "Get a version",
        "responses": {
          "200": {
            "description": "The version.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Version"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "patch": {
        "operationId": "updateVersion",
        "tags": [
          "versions"
        ],
        "summary": "Edit a draft (developer)",
        "description": "Only drafts can change; any other state answers 409 `version-immutable`.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/VersionPatch"
              }
            },
            "application/merge-patch+json": {
              "schema": {
                "$ref": "#/components/schemas/VersionPatch"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The updated draft.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Version"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "412": {
            "$ref": "#/components/responses/PreconditionFailed"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/templates/{template}/versions/{version}/diff": {
      "parameters": [
        {
          "$ref": "#/components/parameters/TemplateName"
        },
        {
          "$ref": "#/components/parameters/VersionNumber"
        }
      ],
      "get": {
        "operationId": "diffVersion",
        "tags": [
          "versions"
        ],
        "summary": "Field-level difference from another version to this one",
        "parameters": [
          {
            "name": "against",
            "in": "query",
            "required": true,
            "description": "The other version (the `from` side of the diff).",
            "schema": {
              "$ref": "#/components/schemas/VersionNumber"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "What changes going from `against` to this version.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/VersionDiff"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/templates/{template}/versions/{version}/publish": {
      "parameters": [
        {
          "$ref": "#/components/parameters/TemplateName"
        },
        {
          "$ref": "#/components/parameters/VersionNumber"
        }
      ],
      "post": {
        "operationId": "publishVersion",
        "tags": [
          "versions"
        ],
        "summary": "Publish a draft (developer); copies its images into the delivery registry",
        "description": "Moves the draft to `publishing` and starts a publish Operation. Without a configured delivery registry the operation ends `failed` and the version `failed`, with a reason that says so.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TransitionRequest"
              }
            }
          }
        },
        "responses": {
          "202": {
            "$ref": "#/components/responses/OperationAccepted"
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/templates/{template}/versions/{version}/retry": {
      "parameters": [
        {
          "$ref": "#/components/parameters/TemplateName"
        },
        {
          "$ref": "#/components/parameters/VersionNumber"
        }
      ],
      "post": {
        "operationId": "retryVersion",
        "tags": [
          "versions"
        ],
        "summary": "Retry a failed publish (developer); moves only what is still missing",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TransitionRequest"
              }
            }
          }
        },
        "responses": {
          "202": {
            "$ref": "#/components/responses/OperationAccepted"
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/templates/{template}/versions/{version}/release": {
      "parameters": [
        {
          "$ref": "#/components/parameters/TemplateName"
        },
        {
          "$ref": "#/components/parameters/VersionNumber"
        }
      ],
      "post": {
        "operationId": "releaseVersion",
        "tags": [
          "versions"
        ],
        "summary": "Mark a published version as released (tester)",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TransitionRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/VersionTransitioned"
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/templates/{template}/versions/{version}/deprecate": {
      "parameters": [
        {
          "$ref": "#/components/parameters/TemplateName"
        },
        {
          "$ref": "#/components/parameters/VersionNumber"
        }
      ],
      "post": {
        "operationId": "deprecateVersion",
        "tags": [
          "versions"
        ],
        "summary": "Deprecate a published or released version (tester)",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TransitionRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/VersionTransitioned"
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/templates/{template}/versions/{version}/restore": {
      "parameters": [
        {
          "$ref": "#/components/parameters/TemplateName"
        },
        {
          "$ref": "#/components/parameters/VersionNumber"
        }
      ],
      "post": {
        "operationId": "restoreVersion",
        "tags": [
          "versions"
        ],
        "summary": "Restore a deprecated version to the state it was deprecated from (tester)",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TransitionRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/VersionTransitioned"
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/operations": {
      "get": {
        "operationId": "listOperations",
        "tags": [
          "operations"
        ],
        "summary": "List operations, newest first",
        "parameters": [
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "name": "state",
            "in": "query",
            "description": "Only operations in this state.",
            "schema": {
              "$ref": "#/components/schemas/OperationState"
            }
          },
          {
            "name": "kind",
            "in": "query",
            "description": "Only operations of this kind.",
            "schema": {
              "$ref": "#/components/schemas/OperationKind"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of operations.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/OperationPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/operations/{operation}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/OperationId"
        }
      ],
      "get": {
        "operationId": "getOperation",
        "tags": [
          "operations"
        ],
        "summary": "Get an operation",
        "responses": {
          "200": {
            "description": "The operation.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Operation"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/operations/{operation}/cancel": {
      "parameters": [
        {
          "$ref": "#/components/parameters/OperationId"
        }
      ],
      "post": {
        "operationId": "cancelOperation",
        "tags": [
          "operations"
        ],
        "summary": "Cancel a pending or running operation",
        "description": "Cancelling a finished operation answers 409 `conflict`. The answer may still say `running` while the worker stops.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "responses": {
          "200": {
            "description": "The operation, cancelled or cancelling.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Operation"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/operations/{operation}/events": {
      "parameters": [
        {
          "$ref": "#/components/parameters/OperationId"
        }
      ],
      "get": {
        "operationId": "streamOperationEvents",
        "tags": [
          "operations",
          "events"
        ],
        "summary": "The operation's events as server-sent events, resumable",
        "description": "Each message is `id: <event id>`, `event: <type>`, `data: <OperationEvent as JSON>`.\nThe stream first replays the events after `Last-Event-ID` (all of them without it),\nthen follows live ones, and closes after the event that brings the\noperation to a final state (`succeeded`, `failed`, `cancelled`).\nComment lines (`: keep-alive`) may be sent to keep the connection open.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/LastEventId"
          }
        ],
        "responses": {
          "200": {
            "description": "The event stream. Each `data` line holds an OperationEvent.",
            "content": {
              "text/event-stream": {
                "schema": {
                  "type": "string",
                  "description": "A text/event-stream whose `data` lines are OperationEvent documents."
                },
                "x-caravan-event": {
                  "$ref": "#/components/schemas/OperationEvent"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/events": {
      "get": {
        "operationId": "streamEvents",
        "tags": [
          "events"
        ],
        "summary": "Every event the caller may see, as server-sent events, resumable",
        "description": "Like an operation's event stream, for all operations; it stays open until the client closes it. Without Last-Event-ID (or `?lastEventId=`) it starts with the events after the client connected, not the history; `Last-Event-ID: 0` replays every event kept. (An operation's own stream replays that operation from its first event.)",
        "parameters": [
          {
            "$ref": "#/components/parameters/LastEventId"
          }
        ],
        "responses": {
          "200": {
            "description": "The event stream. Each `data` line holds an OperationEvent.",
            "content": {
              "text/event-stream": {
                "schema": {
                  "type": "string",
                  "description": "A text/event-stream whose `data` lines are OperationEvent documents."
                },
                "x-caravan-event": {
                  "$ref": "#/components/schemas/OperationEvent"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/audit": {
      "get": {
        "operationId": "listAudit",
        "tags": [
          "audit"
        ],
        "summary": "The audit trail, newest first",
        "parameters": [
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "name": "subject",
            "in": "query",
            "description": "A subject as its resource path without `/v1/`: `templates/shop` (the\ntemplate and everything under it), `templates/shop/versions/1.0`,\n`tokens/<id>`, `operations/<id>`, `registry` (the delivery registry\nand source registries), `registry/sources/<host>`,\n`clusters/<name>`, `environments/<name>` (the environment and its\ninstalls) or `environments/<name>/installs/<install>`. Anything\nelse answers 400 `invalid-input`.\n",
            "schema": {
              "type": "string",
              "maxLength": 512
            }
          },
          {
            "name": "actor",
            "in": "query",
            "description": "Only entries by this actor id.",
            "schema": {
              "type": "string",
              "maxLength": 256
            }
          },
          {
            "name": "action",
            "in": "query",
            "description": "Only entries with this action, e.g. `version.release`.",
            "schema": {
              "type": "string",
              "maxLength": 128
            }
          },
          {
            "name": "since",
            "in": "query",
            "description": "Only entries at or after this instant.",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          {
            "name": "until",
            "in": "query",
            "description": "Only entries before this instant.",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of audit entries.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AuditPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/registry": {
      "get": {
        "operationId": "getRegistry",
        "tags": [
          "registry"
        ],
        "summary": "The delivery registry settings (never the password)",
        "responses": {
          "200": {
            "description": "The settings.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RegistrySettings"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "put": {
        "operationId": "putRegistry",
        "tags": [
          "registry"
        ],
        "summary": "Set the delivery registry (admin)",
        "description": "An absent `password` keeps the stored one, but only while `url` names\nthe same registry (scheme, host and port) it was given for: a new\n`url` without a `password` is 400 (`/password` required), since the\nstored password must not go to another host. An empty string removes\nit. `sourceAllowList` restricts where publishing fetches images from.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RegistrySettingsInput"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The settings now in force.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RegistrySettings"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "$ref": "#/components/responses/IdempotencyKeyInProgress"
          },
          "412": {
            "$ref": "#/components/responses/PreconditionFailed"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/registry/check": {
      "post": {
        "operationId": "checkRegistry",
        "tags": [
          "registry"
        ],
        "summary": "Prove push and pull rights against the delivery registry (admin)",
        "description": "An unreachable or refusing registry is an answer (`ok:false` with a reason), not an error.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "responses": {
          "200": {
            "description": "The outcome of the check.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RegistryCheck"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/registry/sources": {
      "get": {
        "operationId": "listSourceRegistryCredentials",
        "tags": [
          "registry"
        ],
        "summary": "Credentials for private source registries, by host (never the passwords)",
        "responses": {
          "200": {
            "description": "Every stored credential.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SourceRegistryCredentialList"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/registry/sources/{host}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/RegistryHost"
        }
      ],
      "put": {
        "operationId": "putSourceRegistryCredential",
        "tags": [
          "registry"
        ],
        "summary": "Set the credential used to pull from a source registry host (admin)",
        "description": "Creates or replaces the host's credential. With `If-Match` (the `etag`\nthe list shows), it replaces only that state of it: another answers\n412, and so does any ETag but `*` when no credential is stored yet.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SourceRegistryCredentialInput"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The stored credential, without its password.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SourceRegistryCredential"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "$ref": "#/components/responses/IdempotencyKeyInProgress"
          },
          "412": {
            "$ref": "#/components/responses/PreconditionFailed"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "delete": {
        "operationId": "deleteSourceRegistryCredential",
        "tags": [
          "registry"
        ],
        "summary": "Forget the credential of a source registry host (admin)",
        "description": "With `If-Match` (the `etag` the list shows), only that state of the credential is deleted; another answers 412.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "responses": {
          "204": {
            "description": "Forgotten."
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/IdempotencyKeyInProgress"
          },
          "412": {
            "$ref": "#/components/responses/PreconditionFailed"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/clusters": {
      "get": {
        "operationId": "listClusters",
        "tags": [
          "clusters"
        ],
        "summary": "List clusters, by name",
        "parameters": [
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "$ref": "#/components/parameters/Limit"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of clusters.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ClusterPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "post": {
        "operationId": "createCluster",
        "tags": [
          "clusters"
        ],
        "summary": "Register a cluster with its kubeconfig (admin)",
        "description": "Stores the kubeconfig encrypted and probes the cluster once; an\nunreachable cluster is still registered, and its `health` says why.\nThe kubeconfig must be self-contained: one that uses an exec plugin,\nan `auth-provider`, or file paths (`tokenFile`,\n`certificate-authority`, `client-certificate`, `client-key`) is\nrefused with 400 `invalid-input`, as is one without the named\n`context` (or, without `context`, without a current context).\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ClusterCreate"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The cluster, probed.",
            "headers": {
              "Location": {
                "$ref": "#/components/headers/Location"
              },
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Cluster"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/clusters/{cluster}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/ClusterName"
        }
      ],
      "get": {
        "operationId": "getCluster",
        "tags": [
          "clusters"
        ],
        "summary": "Get a cluster, with its last known health (never its kubeconfig)",
        "responses": {
          "200": {
            "description": "The cluster.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Cluster"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "patch": {
        "operationId": "updateCluster",
        "tags": [
          "clusters"
        ],
        "summary": "Change a cluster's kubeconfig, context or labels (admin)",
        "description": "A new kubeconfig is checked as on registration (exec plugins,\n`auth-provider` and file paths answer 400 `invalid-input`). The stored\ncredentials are never sent to another address: a patch whose result\nwould talk to another API server (a `context` naming another server\nof the stored kubeconfig) must carry the kubeconfig again, else 400\n`invalid-input`. A patch that changes the kubeconfig or the context\nprobes the cluster again.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ClusterPatch"
              }
            },
            "application/merge-patch+json": {
              "schema": {
                "$ref": "#/components/schemas/ClusterPatch"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The updated cluster.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Cluster"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/IdempotencyKeyInProgress"
          },
          "412": {
            "$ref": "#/components/responses/PreconditionFailed"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "delete": {
        "operationId": "deleteCluster",
        "tags": [
          "clusters"
        ],
        "summary": "Forget a cluster that no environment is bound to (admin)",
        "description": "Nothing on the cluster is touched. While an environment is bound to it, answers 409 `conflict`.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "responses": {
          "204": {
            "description": "Forgotten, with its kubeconfig."
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "412": {
            "$ref": "#/components/responses/PreconditionFailed"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/clusters/{cluster}/probe": {
      "parameters": [
        {
          "$ref": "#/components/parameters/ClusterName"
        }
      ],
      "post": {
        "operationId": "probeCluster",
        "tags": [
          "clusters"
        ],
        "summary": "Probe a cluster now (admin) -- reachability, server version, permissions",
        "description": "Synchronous. The outcome is stored as the cluster's `health` and\nreturned; an unreachable or refusing cluster is an answer\n(`health.state: unreachable` with a `message`), not an error.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "responses": {
          "200": {
            "description": "The cluster with its fresh health.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Cluster"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/IdempotencyKeyInProgress"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/environments": {
      "get": {
        "operationId": "listEnvironments",
        "tags": [
          "environments"
        ],
        "summary": "List environments, by name",
        "parameters": [
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "name": "cluster",
            "in": "query",
            "description": "Only environments bound to this cluster.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          },
          {
            "name": "tier",
            "in": "query",
            "description": "Only environments of this tier.",
            "schema": {
              "$ref": "#/components/schemas/EnvironmentTier"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of environments.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EnvironmentPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "post": {
        "operationId": "createEnvironment",
        "tags": [
          "environments"
        ],
        "summary": "Create an environment on a cluster's namespace (admin)",
        "description": "The cluster must exist (else 404 `not-found`); one namespace of one\ncluster belongs to at most one environment (else 409 `conflict`).\nNothing is written to the cluster yet: the namespace is created by\nthe first install when `createNamespace` is true.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/EnvironmentCreate"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Created.",
            "headers": {
              "Location": {
                "$ref": "#/components/headers/Location"
              },
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Environment"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/environments/{environment}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/EnvironmentName"
        }
      ],
      "get": {
        "operationId": "getEnvironment",
        "tags": [
          "environments"
        ],
        "summary": "Get an environment (secret default values are never returned)",
        "responses": {
          "200": {
            "description": "The environment.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Environment"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "patch": {
        "operationId": "updateEnvironment",
        "tags": [
          "environments"
        ],
        "summary": "Change an environment's tier, policy, defaults or labels (admin)",
        "description": "The cluster and namespace are fixed at creation. Each field given\nreplaces the stored one whole, except `secretDefaults`, merged by\nname (a value sets it, `null` removes it, names not given are kept).\nChanging `tier` without giving `policy.allowedStates` resets the\nallowed states to the new tier's default. The new values apply to\nlater installs, upgrades and rollbacks; nothing running changes.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/EnvironmentPatch"
              }
            },
            "application/merge-patch+json": {
              "schema": {
                "$ref": "#/components/schemas/EnvironmentPatch"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The updated environment.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Environment"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/IdempotencyKeyInProgress"
          },
          "412": {
            "$ref": "#/components/responses/PreconditionFailed"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "delete": {
        "operationId": "deleteEnvironment",
        "tags": [
          "environments"
        ],
        "summary": "Delete an environment that has no installs left (admin)",
        "description": "While the environment has an install that is not `uninstalled`,\nanswers 409 `conflict`. The records of its uninstalled installs go\nwith it; the namespace on the cluster is left alone.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "412": {
            "$ref": "#/components/responses/PreconditionFailed"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/environments/{environment}/installs": {
      "parameters": [
        {
          "$ref": "#/components/parameters/EnvironmentName"
        }
      ],
      "get": {
        "operationId": "listInstalls",
        "tags": [
          "installs"
        ],
        "summary": "List an environment's installs, by name",
        "parameters": [
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "name": "template",
            "in": "query",
            "description": "Only installs of this template.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of installs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/InstallPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "post": {
        "operationId": "createInstall",
        "tags": [
          "installs"
        ],
        "summary": "Install a template version into the environment (operator; developer and tester by tier)",
        "description": "Starts an `install` Operation that renders the version with the\nvalues, applies the objects with server-side apply, waits for the\nrollout until `timeoutSeconds`, and writes record 1. Allowed to\n`operator` (in its environments) and `admin`; to `developer` in\n`development` and `test` environments, and to `tester` in `test`\nones (else 403 `forbidden`).\n\nChecked before anything starts: the template and version exist (404\n`not-found`); the version's state is in the environment's\n`policy.allowedStates` (409 `policy-violation`, `rule:\nallowedStates`); the values fit the version's parameters and\ncomponents (400 `invalid-input`); the name is free (409 `conflict`;\nthe name of an `uninstalled` install is taken up again, its records\nnumbered on). Once started, a failure ends the Operation with\n`cluster-unreachable`, `kubernetes-error`, `field-conflict`,\n`rollout-failed` or `rollout-deadline-exceeded` as its `error`; with\n`atomic` the objects it applied are removed again.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/InstallCreate"
              }
            }
          }
        },
        "responses": {
          "202": {
            "$ref": "#/components/responses/InstallAccepted"
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "502": {
            "$ref": "#/components/responses/ClusterUnavailable"
          }
        }
      }
    },
    "/v1/environments/{environment}/installs/{install}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/EnvironmentName"
        },
        {
          "$ref": "#/components/parameters/InstallName"
        }
      ],
      "get": {
        "operationId": "getInstall",
        "tags": [
          "installs"
        ],
        "summary": "Get an install (its own values, without secret values)",
        "responses": {
          "200": {
            "description": "The install.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Install"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "patch": {
        "operationId": "updateInstall",
        "tags": [
          "installs"
        ],
        "summary": "Change an install's description or labels (operator)",
        "description": "Nothing on the cluster changes; values change with an upgrade.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/InstallPatch"
              }
            },
            "application/merge-patch+json": {
              "schema": {
                "$ref": "#/components/schemas/InstallPatch"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The updated install.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Install"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/IdempotencyKeyInProgress"
          },
          "412": {
            "$ref": "#/components/responses/PreconditionFailed"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      },
      "delete": {
        "operationId": "uninstallInstall",
        "tags": [
          "installs"
        ],
        "summary": "Uninstall (operator); the install and its records are kept",
        "description": "Starts an `uninstall` Operation that deletes the objects of the\ninstall's current record and writes an `uninstall` record; the\ninstall ends `uninstalled`. PersistentVolumeClaims made by stateful\ncomponents and the namespace are kept. While another operation runs\non the install, answers 409 `operation-in-progress`.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "responses": {
          "202": {
            "$ref": "#/components/responses/OperationAccepted"
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "412": {
            "$ref": "#/components/responses/PreconditionFailed"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "502": {
            "$ref": "#/components/responses/ClusterUnavailable"
          }
        }
      }
    },
    "/v1/environments/{environment}/installs/{install}/preview": {
      "parameters": [
        {
          "$ref": "#/components/parameters/EnvironmentName"
        },
        {
          "$ref": "#/components/parameters/InstallName"
        }
      ],
      "post": {
        "operationId": "previewInstallUpgrade",
        "tags": [
          "installs"
        ],
        "summary": "What an upgrade with this body would change (nothing is applied)",
        "description": "Takes the body of an upgrade and answers the difference: between the\nversions' app models, in the install's own values, and in the\nrendered objects compared with the objects of the install's current\nrecord (what Caravan last applied, not the live cluster; see\n`status` for drift). Secret values read `<redacted>`. Allowed to whoever\nmay upgrade the install. Checked like an upgrade (404, 400, 409\n`policy-violation`), without touching the cluster.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/InstallUpgrade"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The difference.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/InstallPreview"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/environments/{environment}/installs/{install}/upgrade": {
      "parameters": [
        {
          "$ref": "#/components/parameters/EnvironmentName"
        },
        {
          "$ref": "#/components/parameters/InstallName"
        }
      ],
      "post": {
        "operationId": "upgradeInstall",
        "tags": [
          "installs"
        ],
        "summary": "Upgrade an install to another version, or change its values (operator)",
        "description": "Starts an `upgrade` Operation that applies the new objects, removes\nthose of the current record that the new one no longer has, waits\nfor the rollout and writes the next record. Roles as for installing.\nChecked first: the version exists (404) and its state is allowed by\nthe environment's policy (409 `policy-violation`); the values fit\n(400); no other operation runs on the install (409\n`operation-in-progress`, naming it in `operation`); an `uninstalled`\ninstall cannot be upgraded (409 `conflict`). With `atomic`, a failed\nrollout is rolled back to the current record (a `rollback` record with\n`atomicRollback: true`), and the Operation still ends `failed`, with\n`result.rolledBackTo`.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/InstallUpgrade"
              }
            }
          }
        },
        "responses": {
          "202": {
            "$ref": "#/components/responses/OperationAccepted"
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "412": {
            "$ref": "#/components/responses/PreconditionFailed"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "502": {
            "$ref": "#/components/responses/ClusterUnavailable"
          }
        }
      }
    },
    "/v1/environments/{environment}/installs/{install}/status": {
      "parameters": [
        {
          "$ref": "#/components/parameters/EnvironmentName"
        },
        {
          "$ref": "#/components/parameters/InstallName"
        }
      ],
      "get": {
        "operationId": "getInstallStatus",
        "tags": [
          "installs"
        ],
        "summary": "Live health per component and drift of the applied objects",
        "description": "Reads the cluster now: the health of each component, and the objects\nof the current record that are missing or whose fields Caravan set\ndiffer from what it applied. An unreachable cluster answers 502\n`cluster-unreachable`; one that refuses to answer, 502\n`kubernetes-error`.\n",
        "responses": {
          "200": {
            "description": "The live status.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/InstallStatus"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "502": {
            "$ref": "#/components/responses/ClusterUnavailable"
          }
        }
      }
    },
    "/v1/environments/{environment}/installs/{install}/records": {
      "parameters": [
        {
          "$ref": "#/components/parameters/EnvironmentName"
        },
        {
          "$ref": "#/components/parameters/InstallName"
        }
      ],
      "get": {
        "operationId": "listInstallRecords",
        "tags": [
          "installs"
        ],
        "summary": "An install's records, newest first",
        "parameters": [
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "$ref": "#/components/parameters/Limit"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of records.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/InstallRecordPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/environments/{environment}/installs/{install}/records/{record}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/EnvironmentName"
        },
        {
          "$ref": "#/components/parameters/InstallName"
        },
        {
          "$ref": "#/components/parameters/RecordNumber"
        }
      ],
      "get": {
        "operationId": "getInstallRecord",
        "tags": [
          "installs"
        ],
        "summary": "One record, with the objects it applied (Secret data redacted)",
        "responses": {
          "200": {
            "description": "The record.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/InstallRecord"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/v1/environments/{environment}/installs/{install}/records/{record}/rollback": {
      "parameters": [
        {
          "$ref": "#/components/parameters/EnvironmentName"
        },
        {
          "$ref": "#/components/parameters/InstallName"
        },
        {
          "$ref": "#/components/parameters/RecordNumber"
        }
      ],
      "post": {
        "operationId": "rollbackInstall",
        "tags": [
          "installs"
        ],
        "summary": "Roll back to a record (operator); its exact objects are applied again",
        "description": "Starts a `rollback` Operation that applies the objects of the record\nagain (nothing is rendered anew), removes what later records added,\nand writes the next record with `rollbackOf` set; the install's\nvalues become the record's. Roles as for installing. Only a\n`succeeded` record of an install, upgrade or rollback can be rolled\nback to (else 409 `conflict`), and not on an `uninstalled` install.\nThe environment's policy is not checked again: a rollback restores\nwhat the environment accepted before. While another operation runs\non the install, answers 409 `operation-in-progress`.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RollbackRequest"
              }
            }
          }
        },
        "responses": {
          "202": {
            "$ref": "#/components/responses/OperationAccepted"
          },
          "400": {
            "$ref": "#/components/responses/InvalidInput"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "412": {
            "$ref": "#/components/responses/PreconditionFailed"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "502": {
            "$ref": "#/components/responses/ClusterUnavailable"
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token (`POST /v1/tokens`, or the bootstrap admin token)."
      }
    },
    "headers": {
      "Location": {
        "description": "Path of the created resource or of the started Operation.",
        "schema": {
          "type": "string"
        }
      },
      "ETag": {
        "description": "The resource's entity-tag, equal to its `etag` field (quotes included).",
        "schema": {
          "type": "string"
        }
      }
    },
    "parameters": {
      "Cursor": {
        "name": "cursor",
        "in": "query",
        "description": "The `nextCursor` of the previous page. Opaque.",
        "schema": {
          "type": "string",
          "maxLength": 1024
        }
      },
      "Limit": {
        "name": "limit",
        "in": "query",
        "description": "Page size.",
        "schema": {
          "type": "integer",
          "minimum": 1,
          "maximum": 200,
          "default": 50
        }
      },
      "IdempotencyKey": {
        "name": "Idempotency-Key",
        "in": "header",
        "description": "A unique key per logical write. A replay with the same key and body returns the\nfirst response; while the first is still being carried out, a replay answers 409\n`idempotency-key-in-progress` with `Retry-After`.\n",
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 255
        }
      },
      "IfMatch": {
        "name": "If-Match",
        "in": "header",
        "description": "The ETag last seen (a list, weak or bare ETags are accepted); a mismatch answers 412, a value over 256 characters 400.",
        "schema": {
          "type": "string",
          "maxLength": 256
        }
      },
      "LastEventId": {
        "name": "Last-Event-ID",
        "in": "header",
        "description": "The id of the last event received; the stream resumes after it. An id this server did not hand out, or over 256 characters, answers 400.",
        "schema": {
          "type": "string",
          "maxLength": 256
        }
      },
      "TemplateName": {
        "name": "template",
        "in": "path",
        "required": true,
        "schema": {
          "$ref": "#/components/schemas/Name"
        }
      },
      "VersionNumber": {
        "name": "version",
        "in": "path",
        "required": true,
        "schema": {
          "$ref": "#/components/schemas/VersionNumber"
        }
      },
      "OperationId": {
        "name": "operation",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 128
        }
      },
      "TokenId": {
        "name": "token",
        "in": "path",
        "required": true,
        "description": "The token's id (not its secret).",
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 128
        }
      },
      "RegistryHost": {
        "name": "host",
        "in": "path",
        "required": true,
        "description": "A registry host, with a port when not the default (`ghcr.io`, `registry.internal:5000`).",
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 253,
          "pattern": "^[A-Za-z0-9.-]+(:[0-9]{1,5})?$"
        }
      },
      "ClusterName": {
        "name": "cluster",
        "in": "path",
        "required": true,
        "schema": {
          "$ref": "#/components/schemas/Name"
        }
      },
      "EnvironmentName": {
        "name": "environment",
        "in": "path",
        "required": true,
        "schema": {
          "$ref": "#/components/schemas/Name"
        }
      },
      "InstallName": {
        "name": "install",
        "in": "path",
        "required": true,
        "schema": {
          "$ref": "#/components/schemas/Name"
        }
      },
      "RecordNumber": {
        "name": "record",
        "in": "path",
        "required": true,
        "description": "A record's number (1 for the first install).",
        "schema": {
          "type": "integer",
          "minimum": 1
        }
      }
    },
    "responses": {
      "OperationAccepted": {
        "description": "Accepted; the work goes on as this Operation.",
        "headers": {
          "Location": {
            "$ref": "#/components/headers/Location"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Operation"
            }
          }
        }
      },
      "InstallAccepted": {
        "description": "Accepted; the install exists (state `installing`) and the work goes on as this Operation.",
        "headers": {
          "Location": {
            "description": "Path of the install (`/v1/environments/{environment}/installs/{install}`); the Operation's id is in the body.",
            "schema": {
              "type": "string"
            }
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Operation"
            }
          }
        }
      },
      "ClusterUnavailable": {
        "description": "The environment's cluster could not be reached (`cluster-unreachable`)\nor refused a request (`kubernetes-error`, with the cluster's own\nanswer in `kubernetesStatus`). Writes that start an Operation answer\nthis only when the cluster is needed before the work can start;\nonce the Operation runs, these kinds end it as its `error` instead.\n",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "VersionTransitioned": {
        "description": "The version in its new state.",
        "headers": {
          "ETag": {
            "$ref": "#/components/headers/ETag"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Version"
            }
          }
        }
      },
      "InvalidInput": {
        "description": "The request is malformed or does not validate (`invalid-input`, with `errors`).",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "Unauthenticated": {
        "description": "No valid bearer token (`unauthenticated`).",
        "headers": {
          "WWW-Authenticate": {
            "description": "`Bearer`",
            "schema": {
              "type": "string"
            }
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "Forbidden": {
        "description": "The caller's roles do not allow this (`forbidden`).",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "NotFound": {
        "description": "No such resource (`not-found`).",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "Conflict": {
        "description": "The resource's state does not allow this: `conflict`, `version-exists`,\n`version-immutable`, `invalid-transition` or `registry-not-configured`;\nfor installs also `operation-in-progress` (another operation runs on\nthe install: `operation` names it), `policy-violation` (the\nenvironment's policy refuses: `rule` names the rule, e.g.\n`allowedStates`) or `field-conflict` (another field manager owns\nfields Caravan would set: `conflicts` lists them; retry with `force`);\nfor tokens, `conflict` when revoking the last active admin token.\nOr a request with the same `Idempotency-Key` is still being carried out\n(`idempotency-key-in-progress`, with `Retry-After`).\n",
        "headers": {
          "Retry-After": {
            "description": "With `idempotency-key-in-progress`, seconds to wait before sending the request again.",
            "schema": {
              "type": "string"
            }
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "PreconditionFailed": {
        "description": "`If-Match` does not match the current ETag (`precondition-failed`).",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "PayloadTooLarge": {
        "description": "The body is larger than the server accepts (`payload-too-large`).",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "UnsupportedMediaType": {
        "description": "The body is not JSON (`unsupported-media-type`).",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "IdempotencyKeyInProgress": {
        "description": "A request with the same `Idempotency-Key` is still being carried out (`idempotency-key-in-progress`); send it again after `Retry-After` seconds to get its answer.",
        "headers": {
          "Retry-After": {
            "description": "Seconds to wait before sending the request again.",
            "schema": {
              "type": "string"
            }
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "IdempotencyKeyReused": {
        "description": "The `Idempotency-Key` was used before with another request (`idempotency-key-reused`).",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "TooManyRequests": {
        "description": "Too many bad bearer tokens came from the caller's address\n(`too-many-requests`); send a valid token, or wait `Retry-After`\nseconds. A valid token is never answered this.\n",
        "headers": {
          "Retry-After": {
            "description": "Seconds until the address may try another token.",
            "schema": {
              "type": "string"
            }
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      }
    },
    "schemas": {
      "Name": {
        "description": "A DNS-1123 label.",
        "type": "string",
        "minLength": 1,
        "maxLength": 63,
        "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"
      },
      "VersionNumber": {
        "description": "`MAJOR.MINOR` or `MAJOR.MINOR.PATCH`, optionally with a pre-release suffix (`1.0`, `1.0.3`, `2.0.0-rc.1`).",
        "type": "string",
        "maxLength": 64,
        "pattern": "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))?(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?$"
      },
      "ActorRef": {
        "description": "Who did something.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "name"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          }
        }
      },
      "Role": {
        "type": "string",
        "enum": [
          "viewer",
          "developer",
          "tester",
          "operator",
          "admin"
        ]
      },
      "Labels": {
        "type": "object",
        "maxProperties": 64,
        "propertyNames": {
          "type": "string",
          "maxLength": 253
        },
        "additionalProperties": {
          "type": "string",
          "maxLength": 1024
        }
      },
      "Problem": {
        "description": "An RFC 9457 problem document. Extension members may appear. The `type`\nis `https://caravan.dev/problems/<kind>`, one kind per kind of error:\n\n| kind | status | meaning |\n|---|---|---|\n| `invalid-input` | 400 | The request is malformed or does not validate; `errors` says where. |\n| `unauthenticated` | 401 | No valid bearer token. |\n| `forbidden` | 403 | The caller's roles do not allow this. |\n| `not-found` | 404 | No such resource. |\n| `method-not-allowed` | 405 | The path exists, but not with this method; `Allow` lists the methods it has. |\n| `conflict` | 409 | The resource's state does not allow this. |\n| `version-exists` | 409 | The version number is taken (numbers are never reused). |\n| `version-immutable` | 409 | Only drafts can change. |\n| `invalid-transition` | 409 | The version state machine does not allow this move. |\n| `registry-not-configured` | 409 | No delivery registry is set. |\n| `idempotency-key-in-progress` | 409 | A request with the same `Idempotency-Key` is still being carried out; `Retry-After` says when to send it again. |\n| `operation-in-progress` | 409 | Another long operation runs on the same subject (an install); `operation` names it. Wait for it, then try again. |\n| `policy-violation` | 409 | The environment's policy refuses this; `rule` names the rule (e.g. `allowedStates`). |\n| `field-conflict` | 409 | Server-side apply met fields owned by another field manager; `conflicts` lists `{object, manager, field}`. Retry with `force` to take them over. |\n| `precondition-failed` | 412 | `If-Match` does not match the current ETag. |\n| `payload-too-large` | 413 | The body is larger than the server accepts. |\n| `unsupported-media-type` | 415 | The body is not JSON. |\n| `idempotency-key-reused` | 422 | The `Idempotency-Key` was used for another request. |\n| `too-many-requests` | 429 | Too many bad bearer tokens from the caller's address; `Retry-After` says when to try again. |\n| `registry-unreachable` | 502 | A registry could not be reached. |\n| `cluster-unreachable` | 502 | A cluster's API server could not be reached. |\n| `kubernetes-error` | 502 | A cluster refused a request; `kubernetesStatus` holds its answer (`code`, `reason`, `message`). |\n| `unavailable` | 503 | The server cannot serve this now. |\n\nThese kinds only appear as an Operation's `error`, with the status\nthat says how the work ended:\n\n| kind | status | meaning |\n|---|---|---|\n| `operation-cancelled` | 409 | Someone cancelled the operation. |\n| `operation-not-started` | 409 | The work could not begin (its preparation failed). |\n| `operation-failed` | 500 | The work failed on an unexpected error. |\n| `operation-abandoned` | 500 | Workers died running it too many times. |\n| `unknown-operation-kind` | 500 | No worker of this server knows the operation's kind. |\n| `registry-sync-failed` | 502 | Images could not be copied into the delivery registry; `images` lists why, per image. |\n| `rollout-failed` | 500 | A component failed to roll out (e.g. `CrashLoopBackOff`, `ImagePullBackOff`, `ProgressDeadlineExceeded`); `components` lists the failed ones. |\n| `operation-deadline-exceeded` | 504 | The work did not finish within its deadline. |\n| `rollout-deadline-exceeded` | 504 | The rollout was not ready by the operation's `deadline` (`timeoutSeconds`); `components` lists those not ready. |\n\nAn Operation's `error` may also carry `not-found`, `invalid-input`,\n`invalid-transition`, `registry-not-configured`, `policy-violation`,\n`field-conflict`, `cluster-unreachable`, `kubernetes-error` or\n`unavailable` when the work found its subject gone, invalid or not\nready, or the cluster refused it.\n",
        "type": "object",
        "additionalProperties": true,
        "required": [
          "type",
          "title",
          "status"
        ],
        "properties": {
          "type": {
            "type": "string",
            "format": "uri",
            "description": "`https://caravan.dev/problems/<kind>`."
          },
          "title": {
            "type": "string"
          },
          "status": {
            "type": "integer",
            "minimum": 400,
            "maximum": 599
          },
          "detail": {
            "type": "string"
          },
          "instance": {
            "type": "string"
          },
          "errors": {
            "description": "For `invalid-input`, every error with where it is.",
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/FieldError"
            }
          },
          "operation": {
            "description": "For `operation-in-progress`, the id of the operation that runs.",
            "type": "string"
          },
          "rule": {
            "description": "For `policy-violation`, the policy rule that refuses (`allowedStates`).",
            "type": "string"
          },
          "conflicts": {
            "description": "For `field-conflict`, every field owned by another manager.",
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/FieldConflict"
            }
          },
          "kubernetesStatus": {
            "$ref": "#/components/schemas/KubernetesStatus"
          },
          "components": {
            "description": "For `rollout-failed` and `rollout-deadline-exceeded`, the components that failed or were not ready.",
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ComponentStatus"
            }
          }
        }
      },
      "FieldConflict": {
        "description": "A field that server-side apply found owned by another field manager.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "object",
          "manager",
          "field"
        ],
        "properties": {
          "object": {
            "type": "string",
            "description": "The object, as `<Kind>/<name>` (`Deployment/shop-web`)."
          },
          "manager": {
            "type": "string",
            "description": "The field manager that owns the field (`kubectl-edit`)."
          },
          "field": {
            "type": "string",
            "description": "The field, as Kubernetes names it (`.spec.replicas`)."
          }
        }
      },
      "KubernetesStatus": {
        "description": "For `kubernetes-error`, what the cluster answered (its `Status` object, in part).",
        "type": "object",
        "additionalProperties": true,
        "properties": {
          "code": {
            "type": "integer"
          },
          "reason": {
            "type": "string",
            "description": "e.g. `Forbidden`, `Invalid`, `NotFound`."
          },
          "message": {
            "type": "string"
          }
        }
      },
      "FieldError": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "pointer",
          "message"
        ],
        "properties": {
          "pointer": {
            "type": "string",
            "description": "A JSON pointer (RFC 6901) into the request body (or `/query/<name>`, `/header/<name>`, `/path/<name>` for parameters)."
          },
          "message": {
            "type": "string"
          },
          "code": {
            "type": "string"
          }
        }
      },
      "Health": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "status"
        ],
        "properties": {
          "status": {
            "type": "string",
            "enum": [
              "ok",
              "unavailable"
            ]
          },
          "version": {
            "type": "string"
          },
          "checks": {
            "type": "object",
            "additionalProperties": {
              "type": "string",
              "enum": [
                "ok",
                "unavailable"
              ]
            }
          }
        }
      },
      "Whoami": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "name",
          "roles"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "roles": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Role"
            }
          },
          "environments": {
            "description": "When present, environment-scoped rights apply only to these.",
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        }
      },
      "Token": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "name",
          "roles",
          "createdAt",
          "createdBy"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "roles": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Role"
            }
          },
          "environments": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "createdBy": {
            "$ref": "#/components/schemas/ActorRef"
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time"
          },
          "lastUsedAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "TokenCreate": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name",
          "roles"
        ],
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 128
          },
          "roles": {
            "type": "array",
            "minItems": 1,
            "uniqueItems": true,
            "items": {
              "$ref": "#/components/schemas/Role"
            }
          },
          "environments": {
            "type": "array",
            "uniqueItems": true,
            "items": {
              "$ref": "#/components/schemas/Name"
            }
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "TokenCreated": {
        "description": "A new token with its secret. The secret is shown here once and never again.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "name",
          "roles",
          "createdAt",
          "createdBy",
          "secret"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "roles": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Role"
            }
          },
          "environments": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "createdBy": {
            "$ref": "#/components/schemas/ActorRef"
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time"
          },
          "lastUsedAt": {
            "type": "string",
            "format": "date-time"
          },
          "secret": {
            "type": "string",
            "description": "The bearer secret."
          }
        }
      },
      "TokenPage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Token"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "App": {
        "description": "The whole application, as data.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "components"
        ],
        "properties": {
          "components": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Component"
            }
          },
          "parameters": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Parameter"
            }
          }
        }
      },
      "Component": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name",
          "image"
        ],
        "properties": {
          "name": {
            "$ref": "#/components/schemas/Name",
            "description": "Identifies the component across versions."
          },
          "kind": {
            "type": "string",
            "enum": [
              "stateless",
              "stateful",
              "job",
              "cronjob"
            ],
            "default": "stateless"
          },
          "image": {
            "type": "string",
            "minLength": 1,
            "maxLength": 1024,
            "description": "An image reference (`registry/repo:tag` or `@sha256:...`)."
          },
          "replicas": {
            "type": "integer",
            "minimum": 0,
            "maximum": 1000
          },
          "schedule": {
            "type": "string",
            "description": "Cron schedule, for `cronjob` components."
          },
          "ports": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Port"
            }
          },
          "env": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/EnvVar"
            }
          },
          "configFiles": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ConfigFile"
            }
          },
          "volumes": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Volume"
            }
          },
          "dependsOn": {
            "description": "Names of components this one depends on; it receives `<ALIAS>_HOST` and `<ALIAS>_PORT` for each of their ports' aliases (a dependency whose ports have no alias gives its name in upper snake case, `API_HOST` for `api`).",
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "resources": {
            "$ref": "#/components/schemas/Resources"
          },
          "probes": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "readiness": {
                "$ref": "#/components/schemas/Probe"
              },
              "liveness": {
                "$ref": "#/components/schemas/Probe"
              }
            }
          },
          "command": {
            "description": "Replaces the image entrypoint.",
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "args": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "labels": {
            "description": "Added to the component's pods (never overriding Caravan's own `app.kubernetes.io/*` and `caravan.dev/*` labels).",
            "type": "object",
            "maxProperties": 64,
            "additionalProperties": {
              "type": "string",
              "maxLength": 63
            }
          },
          "annotations": {
            "description": "Added to the component's pods (scrape annotations, mesh injection); `caravan.dev/*` keys are Caravan's.",
            "type": "object",
            "maxProperties": 64,
            "additionalProperties": {
              "type": "string",
              "maxLength": 65536
            }
          }
        }
      },
      "Port": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "port"
        ],
        "properties": {
          "port": {
            "type": "integer",
            "minimum": 1,
            "maximum": 65535
          },
          "protocol": {
            "type": "string",
            "enum": [
              "http",
              "grpc",
              "tcp",
              "udp"
            ],
            "default": "tcp"
          },
          "expose": {
            "type": "string",
            "enum": [
              "internal",
              "external"
            ],
            "default": "internal",
            "description": "`external`: an http port gets an Ingress (one per component); grpc, tcp and udp ports get a LoadBalancer Service, `<install>-<component>-external`."
          },
          "alias": {
            "type": "string",
            "pattern": "^[A-Z][A-Z0-9_]*$",
            "description": "Names the injected connection variables (`<ALIAS>_HOST`, `<ALIAS>_PORT`)."
          }
        }
      },
      "EnvVar": {
        "description": "A value, or a reference to a declared parameter (exactly one of the two).",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name"
        ],
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 256
          },
          "value": {
            "type": "string"
          },
          "fromParameter": {
            "type": "string"
          }
        }
      },
      "ConfigFile": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "path",
          "content"
        ],
        "properties": {
          "path": {
            "type": "string",
            "minLength": 1,
            "description": "Absolute mount path of the file."
          },
          "content": {
            "type": "string"
          }
        }
      },
      "Volume": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name",
          "path",
          "size"
        ],
        "properties": {
          "name": {
            "$ref": "#/components/schemas/Name"
          },
          "path": {
            "type": "string",
            "minLength": 1,
            "description": "Absolute mount path."
          },
          "size": {
            "type": "string",
            "description": "A Kubernetes quantity (`10Gi`).",
            "pattern": "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$"
          },
          "accessMode": {
            "type": "string",
            "enum": [
              "ReadWriteOnce",
              "ReadOnlyMany",
              "ReadWriteMany"
            ],
            "default": "ReadWriteOnce"
          },
          "storageClass": {
            "type": "string"
          }
        }
      },
      "Resources": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "requests": {
            "$ref": "#/components/schemas/ResourceList"
          },
          "limits": {
            "$ref": "#/components/schemas/ResourceList"
          }
        }
      },
      "ResourceList": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "cpu": {
            "type": "string",
            "description": "A Kubernetes quantity (`100m`)."
          },
          "memory": {
            "type": "string",
            "description": "A Kubernetes quantity (`128Mi`)."
          }
        }
      },
      "Probe": {
        "description": "One of `http`, `tcp` or `exec`, plus timing.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "http": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "path",
              "port"
            ],
            "properties": {
              "path": {
                "type": "string"
              },
              "port": {
                "type": "integer",
                "minimum": 1,
                "maximum": 65535
              }
            }
          },
          "tcp": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "port"
            ],
            "properties": {
              "port": {
                "type": "integer",
                "minimum": 1,
                "maximum": 65535
              }
            }
          },
          "exec": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "command"
            ],
            "properties": {
              "command": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              }
            }
          },
          "initialDelaySeconds": {
            "type": "integer",
            "minimum": 0
          },
          "periodSeconds": {
            "type": "integer",
            "minimum": 1
          },
          "timeoutSeconds": {
            "type": "integer",
            "minimum": 1
          },
          "failureThreshold": {
            "type": "integer",
            "minimum": 1
          }
        }
      },
      "Parameter": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name"
        ],
        "properties": {
          "name": {
            "type": "string",
            "pattern": "^[A-Za-z][A-Za-z0-9_]*$",
            "maxLength": 128
          },
          "type": {
            "type": "string",
            "enum": [
              "string",
              "integer",
              "boolean"
            ],
            "default": "string"
          },
          "description": {
            "type": "string"
          },
          "default": {
            "type": [
              "string",
              "integer",
              "boolean"
            ]
          },
          "required": {
            "type": "boolean",
            "default": false
          },
          "secret": {
            "type": "boolean",
            "default": false,
            "description": "Write-only per install; stored encrypted; never returned."
          },
          "generate": {
            "type": "boolean",
            "default": false,
            "description": "A random value per install when none is given."
          }
        }
      },
      "Template": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name",
          "description",
          "labels",
          "etag",
          "createdAt",
          "createdBy",
          "updatedAt"
        ],
        "properties": {
          "name": {
            "$ref": "#/components/schemas/Name"
          },
          "description": {
            "type": "string"
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          },
          "etag": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "createdBy": {
            "$ref": "#/components/schemas/ActorRef"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "TemplateCreate": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name"
        ],
        "properties": {
          "name": {
            "$ref": "#/components/schemas/Name"
          },
          "description": {
            "type": "string",
            "maxLength": 4096
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          }
        }
      },
      "TemplatePatch": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "description": {
            "type": "string",
            "maxLength": 4096
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          }
        }
      },
      "TemplatePage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Template"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "VersionState": {
        "type": "string",
        "enum": [
          "draft",
          "publishing",
          "published",
          "released",
          "deprecated",
          "failed"
        ]
      },
      "VersionAction": {
        "description": "A move of the state machine; `synced` and `syncFailed` are made by Caravan itself.",
        "type": "string",
        "enum": [
          "publish",
          "synced",
          "syncFailed",
          "release",
          "deprecate",
          "restore",
          "retry"
        ]
      },
      "Version": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "template",
          "version",
          "description",
          "state",
          "app",
          "etag",
          "createdAt",
          "createdBy",
          "updatedAt",
          "images",
          "transitions",
          "failure"
        ],
        "properties": {
          "template": {
            "$ref": "#/components/schemas/Name"
          },
          "version": {
            "$ref": "#/components/schemas/VersionNumber"
          },
          "description": {
            "type": "string"
          },
          "state": {
            "$ref": "#/components/schemas/VersionState"
          },
          "app": {
            "$ref": "#/components/schemas/App",
            "description": "The app exactly as it was written (sent as an object or as YAML text):\ndefaults the contract declares (`kind`, `protocol`, `expose`,\n`accessMode`, parameter `type`/`required`/`secret`/`generate`) are not\nfilled in, so a field left out reads back left out. Diffs compare apps\nwith the defaults applied on both sides. Publishing only rewrites\neach component's `image` to the pinned delivery reference.\n"
          },
          "etag": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "createdBy": {
            "$ref": "#/components/schemas/ActorRef"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          },
          "images": {
            "description": "One entry per component image; pinned in the delivery registry once published.",
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/VersionImage"
            }
          },
          "transitions": {
            "description": "Every state change, oldest first.",
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/TransitionRecord"
            }
          },
          "failure": {
            "description": "Why publishing failed, while the version is `failed`.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/VersionFailure"
              },
              {
                "type": "null"
              }
            ]
          }
        }
      },
      "VersionImage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "component",
          "source"
        ],
        "properties": {
          "component": {
            "type": "string"
          },
          "source": {
            "type": "string",
            "description": "The image as the app model names it."
          },
          "reference": {
            "type": "string",
            "description": "The copy in the delivery registry, pinned by digest (once published)."
          },
          "digest": {
            "type": "string",
            "pattern": "^[a-z0-9]+:[a-f0-9]{32,}$"
          }
        }
      },
      "TransitionRecord": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "action",
          "from",
          "to",
          "actor",
          "at"
        ],
        "properties": {
          "action": {
            "$ref": "#/components/schemas/VersionAction"
          },
          "from": {
            "$ref": "#/components/schemas/VersionState"
          },
          "to": {
            "$ref": "#/components/schemas/VersionState"
          },
          "actor": {
            "$ref": "#/components/schemas/ActorRef"
          },
          "at": {
            "type": "string",
            "format": "date-time"
          },
          "reason": {
            "type": "string"
          }
        }
      },
      "VersionFailure": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "reason",
          "images"
        ],
        "properties": {
          "reason": {
            "type": "string"
          },
          "images": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "component",
                "image",
                "reason"
              ],
              "properties": {
                "component": {
                  "type": "string"
                },
                "image": {
                  "type": "string"
                },
                "reason": {
                  "type": "string"
                },
                "refused": {
                  "description": "Set when the registry settings' `sourceAllowList` refused a host this image's copy met.",
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "host",
                    "via",
                    "rule"
                  ],
                  "properties": {
                    "host": {
                      "type": "string",
                      "description": "The refused host (`host[:port]`)."
                    },
                    "via": {
                      "description": "Where the copy met it: the image's registry, the token service that registry names, or a redirect.",
                      "type": "string",
                      "enum": [
                        "image",
                        "token-realm",
                        "redirect"
                      ]
                    },
                    "rule": {
                      "type": "string",
                      "description": "The rule that refused it: the allow-list it matched none of."
                    }
                  }
                }
              }
            }
          }
        }
      },
      "VersionCreate": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "version",
          "app"
        ],
        "properties": {
          "version": {
            "$ref": "#/components/schemas/VersionNumber"
          },
          "description": {
            "type": "string",
            "maxLength": 4096
          },
          "app": {
            "description": "The app model, as an object or as a YAML/JSON document in a string.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/App"
              },
              {
                "type": "string",
                "maxLength": 1048576
              }
            ]
          }
        }
      },
      "VersionPatch": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "description": {
            "type": "string",
            "maxLength": 4096
          },
          "app": {
            "description": "The whole new app model (it replaces the old one), as an object or a YAML/JSON string.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/App"
              },
              {
                "type": "string",
                "maxLength": 1048576
              }
            ]
          }
        }
      },
      "VersionPage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Version"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "TransitionRequest": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "reason": {
            "type": "string",
            "maxLength": 4096
          }
        }
      },
      "VersionDiff": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "from",
          "to",
          "components",
          "parameters"
        ],
        "properties": {
          "from": {
            "$ref": "#/components/schemas/VersionNumber"
          },
          "to": {
            "$ref": "#/components/schemas/VersionNumber"
          },
          "components": {
            "$ref": "#/components/schemas/DiffSection"
          },
          "parameters": {
            "$ref": "#/components/schemas/DiffSection"
          }
        }
      },
      "DiffSection": {
        "description": "Entries (components or parameters) by name.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "added",
          "removed",
          "changed"
        ],
        "properties": {
          "added": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "removed": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "changed": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/DiffChange"
            }
          }
        }
      },
      "DiffChange": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name",
          "fields"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "fields": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/FieldChange"
            }
          }
        }
      },
      "FieldChange": {
        "description": "One changed field; `old` is absent when the field was added, `new` when it was removed.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "path"
        ],
        "properties": {
          "path": {
            "type": "string",
            "description": "A JSON pointer inside the entry (`/ports/0/port`)."
          },
          "old": {},
          "new": {}
        }
      },
      "Cluster": {
        "description": "A registered cluster. Its kubeconfig is write-only and never returned.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name",
          "server",
          "labels",
          "health",
          "etag",
          "createdAt",
          "createdBy",
          "updatedAt"
        ],
        "properties": {
          "name": {
            "$ref": "#/components/schemas/Name"
          },
          "server": {
            "type": "string",
            "description": "The API server URL, taken from the kubeconfig's context; it cannot be set on its own."
          },
          "context": {
            "type": "string",
            "description": "The kubeconfig context in use (absent = the kubeconfig's current context)."
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          },
          "health": {
            "$ref": "#/components/schemas/ClusterHealth"
          },
          "etag": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "createdBy": {
            "$ref": "#/components/schemas/ActorRef"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "ClusterHealth": {
        "description": "The outcome of the last probe (`unknown` before the first).",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "state",
          "permissions"
        ],
        "properties": {
          "state": {
            "type": "string",
            "enum": [
              "reachable",
              "unreachable",
              "unknown"
            ]
          },
          "checkedAt": {
            "type": "string",
            "format": "date-time"
          },
          "serverVersion": {
            "type": "string",
            "description": "The API server's version (`v1.33.1`)."
          },
          "message": {
            "type": "string",
            "description": "Why the cluster is unreachable, or what is missing."
          },
          "permissions": {
            "description": "What Caravan's credentials may do, per resource and verb it needs (empty when unreachable).",
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ClusterPermission"
            }
          }
        }
      },
      "ClusterPermission": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "resource",
          "verb",
          "allowed"
        ],
        "properties": {
          "resource": {
            "type": "string",
            "description": "A resource with its group (`deployments.apps`, `secrets`)."
          },
          "verb": {
            "type": "string",
            "description": "`get`, `list`, `create`, `patch`, `delete`, ..."
          },
          "allowed": {
            "type": "boolean"
          }
        }
      },
      "Kubeconfig": {
        "description": "A kubeconfig as YAML (or JSON), self-contained: credentials inline\n(token, client certificate and key data, or basic auth). Exec\nplugins, `auth-provider` and file paths (`tokenFile`,\n`certificate-authority`, `client-certificate`, `client-key`) are\nrefused with 400 `invalid-input`. Write-only; stored encrypted.\n",
        "type": "string",
        "writeOnly": true,
        "minLength": 1,
        "maxLength": 1048576
      },
      "ClusterCreate": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name",
          "kubeconfig"
        ],
        "properties": {
          "name": {
            "$ref": "#/components/schemas/Name"
          },
          "kubeconfig": {
            "$ref": "#/components/schemas/Kubeconfig"
          },
          "context": {
            "type": "string",
            "minLength": 1,
            "maxLength": 253,
            "description": "The context to use; the kubeconfig's current context when absent."
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          }
        }
      },
      "ClusterPatch": {
        "description": "A patch that would reach another API server must carry the kubeconfig again.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "kubeconfig": {
            "$ref": "#/components/schemas/Kubeconfig"
          },
          "context": {
            "type": "string",
            "minLength": 1,
            "maxLength": 253
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          }
        }
      },
      "ClusterPage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Cluster"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "EnvironmentTier": {
        "type": "string",
        "enum": [
          "development",
          "test",
          "production"
        ]
      },
      "EnvironmentPolicy": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "allowedStates"
        ],
        "properties": {
          "allowedStates": {
            "description": "The version states that may be installed or upgraded to here.",
            "type": "array",
            "uniqueItems": true,
            "items": {
              "$ref": "#/components/schemas/VersionState"
            }
          },
          "requiredApprovals": {
            "description": "Approvals a promotion into this environment needs.",
            "type": "integer",
            "minimum": 0,
            "maximum": 10
          }
        }
      },
      "EnvironmentPolicyInput": {
        "description": "`allowedStates` defaults by tier: `production` takes `[released]`,\n`development` and `test` take `[draft, published, released]`. Only\n`draft`, `published` and `released` may be listed (others answer 400\n`invalid-input`): deprecated versions take no new installs or upgrades.\n",
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "allowedStates": {
            "type": "array",
            "minItems": 1,
            "uniqueItems": true,
            "items": {
              "$ref": "#/components/schemas/VersionState"
            }
          },
          "requiredApprovals": {
            "type": "integer",
            "minimum": 0,
            "maximum": 10
          }
        }
      },
      "Environment": {
        "description": "One namespace of one cluster. Values sit in layers: an install's own\nvalues over the environment's `defaults` over the template's\ndefaults. Secret default values are never returned: `secretDefaults`\nnames them.\n",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name",
          "cluster",
          "namespace",
          "tier",
          "policy",
          "createNamespace",
          "defaults",
          "secretDefaults",
          "labels",
          "etag",
          "createdAt",
          "createdBy",
          "updatedAt"
        ],
        "properties": {
          "name": {
            "$ref": "#/components/schemas/Name"
          },
          "cluster": {
            "$ref": "#/components/schemas/Name"
          },
          "namespace": {
            "$ref": "#/components/schemas/Name"
          },
          "tier": {
            "$ref": "#/components/schemas/EnvironmentTier"
          },
          "policy": {
            "$ref": "#/components/schemas/EnvironmentPolicy"
          },
          "createNamespace": {
            "type": "boolean",
            "description": "Installs create the namespace when it is absent."
          },
          "defaults": {
            "$ref": "#/components/schemas/InstallValues"
          },
          "secretDefaults": {
            "description": "Names of the parameters with a secret default value (never the values).",
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "ingress": {
            "$ref": "#/components/schemas/EnvironmentIngress"
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          },
          "etag": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "createdBy": {
            "$ref": "#/components/schemas/ActorRef"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "EnvironmentCreate": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name",
          "cluster",
          "namespace",
          "tier"
        ],
        "properties": {
          "name": {
            "$ref": "#/components/schemas/Name"
          },
          "cluster": {
            "$ref": "#/components/schemas/Name"
          },
          "namespace": {
            "$ref": "#/components/schemas/Name"
          },
          "tier": {
            "$ref": "#/components/schemas/EnvironmentTier"
          },
          "policy": {
            "$ref": "#/components/schemas/EnvironmentPolicyInput"
          },
          "createNamespace": {
            "type": "boolean",
            "default": true
          },
          "defaults": {
            "$ref": "#/components/schemas/InstallValues"
          },
          "secretDefaults": {
            "$ref": "#/components/schemas/SecretValues"
          },
          "ingress": {
            "$ref": "#/components/schemas/EnvironmentIngress"
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          }
        }
      },
      "EnvironmentIngress": {
        "description": "How the Ingresses of this environment's installs are made (one for\neach component with an `external` http port): the ingress class that\nserves them, annotations for the ingress controller or cert-manager,\nand TLS for their hosts. Absent: Ingresses without a class (the\ncluster's default class serves them) and without TLS. Changes take\neffect at each install's next upgrade.\n",
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "className": {
            "description": "The IngressClass (`spec.ingressClassName`), e.g. `nginx`.",
            "type": "string",
            "maxLength": 253,
            "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"
          },
          "annotations": {
            "description": "Added to every Ingress (`cert-manager.io/cluster-issuer`,\n`nginx.ingress.kubernetes.io/proxy-body-size`); `caravan.dev/*` and\n`app.kubernetes.io/*` keys are Caravan's.\n",
            "type": "object",
            "maxProperties": 64,
            "propertyNames": {
              "type": "string",
              "maxLength": 317
            },
            "additionalProperties": {
              "type": "string",
              "maxLength": 65536
            }
          },
          "tls": {
            "description": "Serve the hosts over TLS. Each Ingress names the certificate's\nSecret `<ingress name>-tls` (cert-manager's ingress-shim fills it\nwhen an issuer annotation is set), or `secretName`, one Secret in\nthe namespace for every host (a wildcard certificate). An Ingress\nwithout hosts gets no TLS section.\n",
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "secretName": {
                "type": "string",
                "maxLength": 253,
                "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"
              }
            }
          }
        }
      },
      "EnvironmentPatch": {
        "description": "Cluster and namespace cannot change. Fields given replace the stored ones; `secretDefaults` merges by name (`null` removes one).",
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "tier": {
            "$ref": "#/components/schemas/EnvironmentTier"
          },
          "policy": {
            "$ref": "#/components/schemas/EnvironmentPolicyInput"
          },
          "createNamespace": {
            "type": "boolean"
          },
          "defaults": {
            "$ref": "#/components/schemas/InstallValues"
          },
          "secretDefaults": {
            "type": "object",
            "writeOnly": true,
            "maxProperties": 256,
            "propertyNames": {
              "$ref": "#/components/schemas/ParameterName"
            },
            "additionalProperties": {
              "oneOf": [
                {
                  "$ref": "#/components/schemas/ParameterValue"
                },
                {
                  "type": "null"
                }
              ]
            }
          },
          "ingress": {
            "description": "Replaces the stored ingress settings whole; `{}` removes them.",
            "allOf": [
              {
                "$ref": "#/components/schemas/EnvironmentIngress"
              }
            ]
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          }
        }
      },
      "EnvironmentPage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Environment"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "ParameterName": {
        "type": "string",
        "pattern": "^[A-Za-z][A-Za-z0-9_]*$",
        "maxLength": 128
      },
      "ParameterValue": {
        "description": "A value of a declared parameter, of its type.",
        "type": [
          "string",
          "integer",
          "boolean"
        ]
      },
      "SecretValues": {
        "description": "Secret parameter values by name. Write-only; stored encrypted; never returned.",
        "type": "object",
        "writeOnly": true,
        "maxProperties": 256,
        "propertyNames": {
          "$ref": "#/components/schemas/ParameterName"
        },
        "additionalProperties": {
          "$ref": "#/components/schemas/ParameterValue"
        }
      },
      "InstallValues": {
        "description": "Values of one install (or an environment's defaults): parameter\nvalues by name, and per-component settings by component name. A\nname the version does not declare answers 400 `invalid-input`.\n",
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "parameters": {
            "type": "object",
            "maxProperties": 256,
            "propertyNames": {
              "$ref": "#/components/schemas/ParameterName"
            },
            "additionalProperties": {
              "$ref": "#/components/schemas/ParameterValue"
            }
          },
          "components": {
            "type": "object",
            "maxProperties": 256,
            "propertyNames": {
              "$ref": "#/components/schemas/Name"
            },
            "additionalProperties": {
              "$ref": "#/components/schemas/ComponentValues"
            }
          }
        }
      },
      "ComponentValues": {
        "description": "Per-environment settings of one component, over the app model's.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "replicas": {
            "type": "integer",
            "minimum": 0,
            "maximum": 1000
          },
          "env": {
            "description": "Environment variables by name, over the component's (`LOG_LEVEL`).",
            "type": "object",
            "maxProperties": 256,
            "propertyNames": {
              "type": "string",
              "minLength": 1,
              "maxLength": 256,
              "pattern": "^[^=]+$"
            },
            "additionalProperties": {
              "type": "string"
            }
          },
          "hosts": {
            "description": "DNS names the component's external http ports answer on (their Ingress hosts).",
            "type": "array",
            "maxItems": 32,
            "uniqueItems": true,
            "items": {
              "type": "string",
              "maxLength": 253,
              "pattern": "^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"
            }
          },
          "resources": {
            "$ref": "#/components/schemas/Resources"
          }
        }
      },
      "InstallState": {
        "type": "string",
        "enum": [
          "installing",
          "deployed",
          "failed",
          "upgrading",
          "rolling-back",
          "uninstalling",
          "uninstalled"
        ]
      },
      "Install": {
        "description": "A template version installed into an environment.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name",
          "environment",
          "template",
          "version",
          "state",
          "values",
          "secretParameters",
          "record",
          "latestRecord",
          "labels",
          "etag",
          "createdAt",
          "createdBy",
          "updatedAt"
        ],
        "properties": {
          "name": {
            "$ref": "#/components/schemas/Name"
          },
          "environment": {
            "$ref": "#/components/schemas/Name"
          },
          "template": {
            "$ref": "#/components/schemas/Name"
          },
          "version": {
            "$ref": "#/components/schemas/VersionNumber"
          },
          "state": {
            "$ref": "#/components/schemas/InstallState"
          },
          "values": {
            "$ref": "#/components/schemas/InstallValues",
            "description": "The install's own values (not the environment's or the template's defaults), without secret parameter values."
          },
          "secretParameters": {
            "description": "Names of the secret parameters that have a value (given or generated), never the values.",
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "record": {
            "type": "integer",
            "minimum": 0,
            "description": "The newest finished record: what Caravan last applied; 0 before the first finishes."
          },
          "latestRecord": {
            "type": "integer",
            "minimum": 0,
            "description": "The newest record, running or finished; 0 before the first starts."
          },
          "operation": {
            "type": "string",
            "description": "The operation running on the install, while one runs."
          },
          "description": {
            "type": "string"
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          },
          "etag": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "createdBy": {
            "$ref": "#/components/schemas/ActorRef"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "InstallCreate": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name",
          "template",
          "version"
        ],
        "properties": {
          "name": {
            "$ref": "#/components/schemas/Name"
          },
          "template": {
            "$ref": "#/components/schemas/Name"
          },
          "version": {
            "$ref": "#/components/schemas/VersionNumber"
          },
          "values": {
            "$ref": "#/components/schemas/InstallValues"
          },
          "atomic": {
            "type": "boolean",
            "default": false,
            "description": "On a failed rollout, remove what was applied."
          },
          "timeoutSeconds": {
            "type": "integer",
            "minimum": 1,
            "maximum": 3600,
            "default": 300,
            "description": "The rollout deadline."
          },
          "force": {
            "type": "boolean",
            "default": false,
            "description": "Take over fields another field manager owns."
          },
          "description": {
            "type": "string",
            "maxLength": 4096
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          }
        }
      },
      "InstallPatch": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "description": {
            "type": "string",
            "maxLength": 4096
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          }
        }
      },
      "InstallUpgrade": {
        "description": "The body of an upgrade (and of its preview). `values` merge over the\nstored values: each parameter given replaces that parameter, each\ncomponent given replaces that component's settings; secret values\nnot given are kept. `resetValues` starts from no stored values\ninstead (generated secret values are kept).\n",
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "version": {
            "$ref": "#/components/schemas/VersionNumber",
            "description": "The version to upgrade to; absent = the installed one (a values-only upgrade)."
          },
          "values": {
            "$ref": "#/components/schemas/InstallValues"
          },
          "resetValues": {
            "type": "boolean",
            "default": false
          },
          "atomic": {
            "type": "boolean",
            "default": false,
            "description": "On a failed rollout, roll back to the current record."
          },
          "timeoutSeconds": {
            "type": "integer",
            "minimum": 1,
            "maximum": 3600,
            "default": 300,
            "description": "The rollout deadline."
          },
          "force": {
            "type": "boolean",
            "default": false,
            "description": "Take over fields another field manager owns."
          },
          "reason": {
            "type": "string",
            "maxLength": 4096
          }
        }
      },
      "RollbackRequest": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "reason": {
            "type": "string",
            "maxLength": 4096
          },
          "atomic": {
            "type": "boolean",
            "default": false,
            "description": "On a failed rollout, roll back to the current record again."
          },
          "timeoutSeconds": {
            "type": "integer",
            "minimum": 1,
            "maximum": 3600,
            "default": 300,
            "description": "The rollout deadline."
          },
          "force": {
            "type": "boolean",
            "default": false,
            "description": "Take over fields another field manager owns."
          }
        }
      },
      "InstallPage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Install"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "InstallPreview": {
        "description": "What an upgrade would change. Secret values read `<redacted>`.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "from",
          "to",
          "components",
          "parameters",
          "values",
          "objects"
        ],
        "properties": {
          "from": {
            "$ref": "#/components/schemas/VersionNumber"
          },
          "to": {
            "$ref": "#/components/schemas/VersionNumber"
          },
          "components": {
            "$ref": "#/components/schemas/DiffSection",
            "description": "Components added, removed and changed between the two versions' app models (as the version diff)."
          },
          "parameters": {
            "$ref": "#/components/schemas/DiffSection",
            "description": "Parameters added, removed and changed between the two versions."
          },
          "values": {
            "description": "How the install's own values change (paths are JSON pointers into InstallValues).",
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/FieldChange"
            }
          },
          "objects": {
            "$ref": "#/components/schemas/ObjectDiff"
          }
        }
      },
      "ObjectRef": {
        "description": "A Kubernetes object, by kind and name.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "apiVersion",
          "kind",
          "name"
        ],
        "properties": {
          "apiVersion": {
            "type": "string"
          },
          "kind": {
            "type": "string"
          },
          "namespace": {
            "type": "string"
          },
          "name": {
            "type": "string"
          }
        }
      },
      "ObjectDiff": {
        "description": "Rendered objects compared with those of the install's current record.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "added",
          "removed",
          "changed"
        ],
        "properties": {
          "added": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ObjectRef"
            }
          },
          "removed": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ObjectRef"
            }
          },
          "changed": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ObjectChange"
            }
          }
        }
      },
      "ObjectChange": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "apiVersion",
          "kind",
          "name",
          "fields"
        ],
        "properties": {
          "apiVersion": {
            "type": "string"
          },
          "kind": {
            "type": "string"
          },
          "namespace": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "fields": {
            "description": "Changed fields; paths are JSON pointers into the manifest (`/spec/replicas`).",
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/FieldChange"
            }
          }
        }
      },
      "ComponentStatus": {
        "description": "The rollout state of one component.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name",
          "kind",
          "state"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "kind": {
            "type": "string",
            "enum": [
              "stateless",
              "stateful",
              "job",
              "cronjob"
            ]
          },
          "state": {
            "type": "string",
            "enum": [
              "pending",
              "progressing",
              "ready",
              "failed"
            ]
          },
          "replicas": {
            "type": "integer",
            "minimum": 0,
            "description": "Pods wanted."
          },
          "updatedReplicas": {
            "type": "integer",
            "minimum": 0
          },
          "readyReplicas": {
            "type": "integer",
            "minimum": 0
          },
          "availableReplicas": {
            "type": "integer",
            "minimum": 0
          },
          "reason": {
            "type": "string",
            "description": "Why it is not ready or failed: `ProgressDeadlineExceeded`, `ImagePullBackOff`, `CrashLoopBackOff`, `Unschedulable`, ..."
          },
          "message": {
            "type": "string"
          }
        }
      },
      "InstallStatus": {
        "description": "The install as the cluster shows it now.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "environment",
          "install",
          "health",
          "components",
          "drift",
          "checkedAt"
        ],
        "properties": {
          "environment": {
            "$ref": "#/components/schemas/Name"
          },
          "install": {
            "$ref": "#/components/schemas/Name"
          },
          "record": {
            "type": "integer",
            "minimum": 1,
            "description": "The record whose objects were compared (absent before the first finishes)."
          },
          "health": {
            "description": "The worst of its components: `missing` when the workloads are gone, `unknown` when they could not be judged.",
            "type": "string",
            "enum": [
              "healthy",
              "progressing",
              "degraded",
              "missing",
              "unknown"
            ]
          },
          "components": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ComponentStatus"
            }
          },
          "drift": {
            "description": "Objects of the record that are missing, or whose fields Caravan set differ from what it applied.",
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/DriftEntry"
            }
          },
          "checkedAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "DriftEntry": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "apiVersion",
          "kind",
          "name",
          "state"
        ],
        "properties": {
          "apiVersion": {
            "type": "string"
          },
          "kind": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "state": {
            "type": "string",
            "enum": [
              "missing",
              "changed"
            ]
          },
          "fields": {
            "description": "For `changed`, JSON pointers of the differing fields (`/spec/replicas`).",
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        }
      },
      "InstallRecord": {
        "description": "One numbered install, upgrade, rollback or uninstall, with exactly\nwhat it applied. Secret values are never in it: `values` omits them\n(`secretParameters` names them) and Secret manifests read\n`<redacted>` for every data value.\n",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "number",
          "action",
          "template",
          "version",
          "values",
          "secretParameters",
          "outcome",
          "objects",
          "components",
          "operation",
          "startedAt",
          "createdBy"
        ],
        "properties": {
          "number": {
            "type": "integer",
            "minimum": 1
          },
          "action": {
            "type": "string",
            "enum": [
              "install",
              "upgrade",
              "rollback",
              "uninstall"
            ]
          },
          "template": {
            "$ref": "#/components/schemas/Name"
          },
          "version": {
            "$ref": "#/components/schemas/VersionNumber"
          },
          "values": {
            "$ref": "#/components/schemas/InstallValues"
          },
          "secretParameters": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "outcome": {
            "type": "string",
            "enum": [
              "running",
              "succeeded",
              "failed"
            ]
          },
          "rollbackOf": {
            "type": "integer",
            "minimum": 1,
            "description": "For a rollback, the record it restored."
          },
          "atomicRollback": {
            "type": "boolean",
            "description": "True when an atomic operation made this rollback after its rollout failed."
          },
          "objects": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/AppliedObject"
            }
          },
          "components": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ComponentStatus"
            }
          },
          "operation": {
            "type": "string",
            "description": "The operation that wrote the record."
          },
          "error": {
            "$ref": "#/components/schemas/Problem"
          },
          "reason": {
            "type": "string"
          },
          "startedAt": {
            "type": "string",
            "format": "date-time"
          },
          "finishedAt": {
            "type": "string",
            "format": "date-time"
          },
          "createdBy": {
            "$ref": "#/components/schemas/ActorRef"
          }
        }
      },
      "AppliedObject": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "apiVersion",
          "kind",
          "name",
          "manifest"
        ],
        "properties": {
          "apiVersion": {
            "type": "string"
          },
          "kind": {
            "type": "string"
          },
          "namespace": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "uid": {
            "type": "string",
            "description": "The object's uid as the cluster answered the apply."
          },
          "manifest": {
            "description": "The object as applied (Secret data values read `<redacted>`).",
            "type": "object",
            "additionalProperties": true
          }
        }
      },
      "InstallRecordPage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/InstallRecord"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "OperationState": {
        "type": "string",
        "enum": [
          "pending",
          "running",
          "succeeded",
          "failed",
          "cancelled"
        ]
      },
      "OperationKind": {
        "type": "string",
        "enum": [
          "publish",
          "install",
          "upgrade",
          "rollback",
          "uninstall"
        ]
      },
      "Operation": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "kind",
          "state",
          "subject",
          "steps",
          "createdAt",
          "updatedAt",
          "createdBy",
          "error",
          "result"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "kind": {
            "$ref": "#/components/schemas/OperationKind"
          },
          "state": {
            "$ref": "#/components/schemas/OperationState"
          },
          "subject": {
            "$ref": "#/components/schemas/OperationSubject"
          },
          "steps": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/OperationStep"
            }
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          },
          "startedAt": {
            "type": "string",
            "format": "date-time"
          },
          "finishedAt": {
            "type": "string",
            "format": "date-time"
          },
          "createdBy": {
            "$ref": "#/components/schemas/ActorRef"
          },
          "deadline": {
            "type": "string",
            "format": "date-time",
            "description": "When the operation must have ended; past it the engine fails it with\n`operation-deadline-exceeded`. For install, upgrade and rollback the\nrollout itself must be ready `timeoutSeconds` after the request was\naccepted (else `rollout-deadline-exceeded`); this deadline adds room to\nend after that, and with `atomic` room to return to the previous record.\n"
          },
          "error": {
            "description": "Why it failed (or was cancelled), else null.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/Problem"
              },
              {
                "type": "null"
              }
            ]
          },
          "result": {
            "description": "What the work produced, as far as it got; null until there is something to say.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/OperationResult"
              },
              {
                "type": "null"
              }
            ]
          }
        }
      },
      "OperationResult": {
        "description": "By kind: install, upgrade, rollback and uninstall give the `record`\nthey wrote and the `components` as they ended (and `rolledBackTo`\nwhen an atomic operation rolled itself back); publish gives the\npinned `images`.\n",
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "record": {
            "type": "integer",
            "minimum": 1,
            "description": "The number of the record the operation wrote."
          },
          "components": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ComponentStatus"
            }
          },
          "rolledBackTo": {
            "type": "integer",
            "minimum": 1,
            "description": "The record an atomic operation restored after its rollout failed."
          },
          "images": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/VersionImage"
            }
          }
        }
      },
      "OperationSubject": {
        "description": "What the operation works on.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "template": {
            "type": "string"
          },
          "version": {
            "type": "string"
          },
          "environment": {
            "type": "string"
          },
          "install": {
            "type": "string"
          },
          "record": {
            "type": "integer",
            "minimum": 1,
            "description": "For a rollback, the record rolled back to."
          }
        }
      },
      "OperationStep": {
        "description": "One step. Publish steps move bytes (`bytes`, `totalBytes`); rollout\nsteps name a `component` and count its pods (`ready` of `desired`)\nand move no bytes (`bytes` stays 0).\n",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name",
          "state",
          "bytes"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "state": {
            "$ref": "#/components/schemas/OperationState"
          },
          "bytes": {
            "type": "integer",
            "minimum": 0,
            "description": "Bytes moved so far."
          },
          "totalBytes": {
            "type": "integer",
            "minimum": 0
          },
          "component": {
            "type": "string",
            "description": "The component a rollout step waits for."
          },
          "ready": {
            "type": "integer",
            "minimum": 0,
            "description": "Pods of the component ready and updated so far (jobs: completions)."
          },
          "desired": {
            "type": "integer",
            "minimum": 0,
            "description": "Pods the component wants."
          },
          "message": {
            "type": "string"
          }
        }
      },
      "OperationPage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Operation"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "OperationEvent": {
        "description": "One event of an operation. `data` by type: `state` {state, error?};\n`step` the OperationStep (with `component`, `ready` and `desired` for\nrollout steps); `progress` {step, bytes, totalBytes?}; `log` {message, level?}.\n",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "operation",
          "type",
          "at",
          "data"
        ],
        "properties": {
          "id": {
            "type": "string",
            "description": "Monotonic; resume with it as Last-Event-ID."
          },
          "operation": {
            "type": "string"
          },
          "type": {
            "type": "string",
            "enum": [
              "state",
              "step",
              "progress",
              "log"
            ]
          },
          "at": {
            "type": "string",
            "format": "date-time"
          },
          "data": {
            "type": "object",
            "additionalProperties": true
          }
        }
      },
      "AuditEntry": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "at",
          "actor",
          "action",
          "subject"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "at": {
            "type": "string",
            "format": "date-time"
          },
          "actor": {
            "$ref": "#/components/schemas/ActorRef"
          },
          "action": {
            "type": "string",
            "description": "e.g. `template.create`, `version.release`, `token.delete`."
          },
          "subject": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "kind",
              "name"
            ],
            "properties": {
              "kind": {
                "type": "string",
                "description": "e.g. `template`, `version`, `token`, `registry`, `cluster`, `environment`, `install`."
              },
              "name": {
                "type": "string"
              },
              "template": {
                "type": "string"
              },
              "version": {
                "type": "string"
              },
              "environment": {
                "type": "string"
              },
              "install": {
                "type": "string"
              }
            }
          },
          "from": {
            "type": "string"
          },
          "to": {
            "type": "string"
          },
          "reason": {
            "type": "string"
          },
          "details": {
            "type": "object",
            "additionalProperties": true
          }
        }
      },
      "AuditPage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/AuditEntry"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "RegistrySettings": {
        "description": "The delivery registry. The password is never returned; `hasPassword` says whether one is stored.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "url",
          "prefix",
          "username",
          "hasPassword",
          "allowInsecureHttp",
          "sourceAllowList",
          "etag",
          "updatedAt"
        ],
        "properties": {
          "url": {
            "type": "string",
            "format": "uri"
          },
          "prefix": {
            "type": "string"
          },
          "username": {
            "type": [
              "string",
              "null"
            ]
          },
          "hasPassword": {
            "type": "boolean"
          },
          "caBundle": {
            "type": "string",
            "description": "PEM certificates trusted for this registry."
          },
          "allowInsecureHttp": {
            "type": "boolean"
          },
          "sourceAllowList": {
            "description": "The host patterns publishing may fetch source images from; empty allows any host.",
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/SourceHostPattern"
            }
          },
          "etag": {
            "type": "string"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "RegistrySettingsInput": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "url",
          "prefix"
        ],
        "properties": {
          "url": {
            "type": "string",
            "format": "uri",
            "maxLength": 2048
          },
          "prefix": {
            "type": "string",
            "maxLength": 255,
            "pattern": "^([a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*)?$",
            "description": "Repository path prefix for copied images (may be empty)."
          },
          "username": {
            "type": "string",
            "maxLength": 256
          },
          "password": {
            "type": "string",
            "writeOnly": true,
            "maxLength": 4096
          },
          "caBundle": {
            "type": "string",
            "maxLength": 65536
          },
          "allowInsecureHttp": {
            "type": "boolean",
            "default": false
          },
          "sourceAllowList": {
            "description": "Restricts where publishing fetches source images from. Every host\nthe copy of a source image meets must match a pattern: the image's\nregistry, the token service (realm) it names, and every host a\nredirect leads to (blob storage behind a registry included). A\nrefused host fails that image before anything is sent to it, and\nthe version's failed image names it (`refused`). The delivery\nregistry itself is always allowed. Absent or empty: any host.\n",
            "type": "array",
            "maxItems": 100,
            "default": [],
            "items": {
              "$ref": "#/components/schemas/SourceHostPattern"
            }
          }
        }
      },
      "SourceHostPattern": {
        "description": "`host` or `host:port`, lower case; a leading `*.` matches one or more\nlabels (`*.example.com` matches `r.example.com`, not `example.com`).\nWithout a port it matches the host on any port.\n",
        "type": "string",
        "maxLength": 261,
        "pattern": "^(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?$",
        "examples": [
          "*.example.com",
          "registry.internal:5000"
        ]
      },
      "RegistryCheck": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "ok",
          "push",
          "pull",
          "checkedAt"
        ],
        "properties": {
          "ok": {
            "type": "boolean"
          },
          "push": {
            "type": "boolean"
          },
          "pull": {
            "type": "boolean"
          },
          "reason": {
            "type": "string"
          },
          "checkedAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "SourceRegistryCredential": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "host",
          "username",
          "hasPassword",
          "etag",
          "updatedAt"
        ],
        "properties": {
          "host": {
            "type": "string"
          },
          "username": {
            "type": "string"
          },
          "hasPassword": {
            "type": "boolean"
          },
          "etag": {
            "type": "string",
            "description": "The entity-tag for `If-Match` on PUT and DELETE of this host (quotes included)."
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "SourceRegistryCredentialInput": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "username",
          "password"
        ],
        "properties": {
          "username": {
            "type": "string",
            "minLength": 1,
            "maxLength": 256
          },
          "password": {
            "type": "string",
            "writeOnly": true,
            "maxLength": 4096
          }
        }
      },
      "SourceRegistryCredentialList": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/SourceRegistryCredential"
            }
          }
        }
      }
    }
  }
};
