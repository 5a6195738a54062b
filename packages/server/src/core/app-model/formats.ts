/** The name formats of the app model, each with the words used to explain it. */

/** Kubernetes DNS-1123 label: component and volume names become object names. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_LABEL_MAX = 63;
export const DNS1123_LABEL_RULE = 'a DNS-1123 label: at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit';

/** Kubernetes DNS-1123 subdomain (storage class names). */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const DNS1123_SUBDOMAIN_MAX = 253;

/**
 * Environment variable names as POSIX shells accept them. Kubernetes allows
 * more, but a name a shell cannot read is a trap in an image's entrypoint script.
 */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const ENV_NAME_RULE = 'letters, digits and "_", not starting with a digit';

/** Port aliases become `<ALIAS>_HOST` and `<ALIAS>_PORT`: upper-case and env-var-safe. */
export const ALIAS = /^[A-Z][A-Z0-9_]*$/;
export const ALIAS_MAX = 58; // leaves room for "_HOST"/"_PORT" in a 63-character name
export const ALIAS_RULE = 'upper-case letters, digits and "_", starting with a letter';

/** Parameter names are identifiers (`dbPassword`), so install values can name them plainly. */
export const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
export const PARAMETER_NAME_MAX = 128;
export const PARAMETER_NAME_RULE = 'an identifier: letters, digits and "_", starting with a letter, at most 128 characters';

export function isDns1123Label(s: string): boolean {
  return s.length <= DNS1123_LABEL_MAX && DNS1123_LABEL.test(s);
}
