/**
 * Builds request paths from a template, encoding every interpolated value as
 * one path segment, so a name can never add segments, a query or a fragment.
 */

/**
 * @example
 * path`v1/templates/${name}/versions/${version}` // 'v1/templates/shop/versions/1.0'
 * path`v1/registry/sources/${'a/b'}`             // 'v1/registry/sources/a%2Fb'
 */
export function path(strings: TemplateStringsArray, ...values: readonly (string | number)[]): string {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const text = String(value);
    // `.` and `..` survive encodeURIComponent and would be resolved away by URL parsing.
    if (text === '' || text === '.' || text === '..') {
      throw new TypeError(`Invalid path segment ${JSON.stringify(text)}`);
    }
    out += encodeURIComponent(text) + (strings[i + 1] ?? '');
  });
  return out;
}
