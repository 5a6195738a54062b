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

/**
 * Kubernetes label and annotation keys (qualified names): an optional prefix,
 * a DNS-1123 subdomain of at most 253 characters, and "/", then a name of at
 * most 63 letters, digits, "-", "_" and ".", starting and ending with a letter
 * or digit. Label values are empty or such a name. The rules are those of
 * k8s.io/apimachinery `validation.IsQualifiedName` and `IsValidLabelValue`.
 */
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const QUALIFIED_NAME_PART_MAX = 63;
export const LABEL_VALUE_MAX = 63;

/** Why `key` is not a Kubernetes label or annotation key, or undefined when it is one. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'it has more than one "/"';
  const name = parts[parts.length - 1]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix === '') return 'the prefix before "/" is empty';
    if (!(DNS1123_SUBDOMAIN.test(prefix) && prefix.length <= DNS1123_SUBDOMAIN_MAX)) return `the prefix "${prefix}" must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")`;
  }
  if (name === '') return 'the name is empty';
  if (name.length > QUALIFIED_NAME_PART_MAX) return `the name after the prefix is at most ${QUALIFIED_NAME_PART_MAX} characters`;
  if (!QUALIFIED_NAME_PART.test(name)) return 'the name must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  return undefined;
}

/** Why `value` is not a Kubernetes label value, or undefined when it is one (the empty string is). */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > LABEL_VALUE_MAX) return `a label value is at most ${LABEL_VALUE_MAX} characters`;
  if (value !== '' && !QUALIFIED_NAME_PART.test(value)) return 'a label value must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  return undefined;
}

/** Key prefixes Caravan sets itself on every object it renders; a component may not set them. */
export const RESERVED_KEY_PREFIXES = ['app.kubernetes.io', 'caravan.dev'] as const;

export function isReservedKey(key: string): boolean {
  const slash = key.indexOf('/');
  return slash > 0 && (RESERVED_KEY_PREFIXES as readonly string[]).includes(key.slice(0, slash));
}

/** The most a Kubernetes object's annotations may hold, keys and values together (apimachinery `TotalAnnotationSizeLimitB`). */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;
