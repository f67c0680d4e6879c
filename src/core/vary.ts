/** RFC 9110 `token` characters: a header name in `Vary` must be one. */
function isTokenChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    "!#$%&'*+-.^_`|~".includes(String.fromCharCode(code))
  );
}

/** Whether `name` can stand in a `Vary` field: a header name (a token), or `*`. */
export function isVaryName(name: unknown): name is string {
  if (typeof name !== 'string' || name.length === 0) return false;
  for (let i = 0; i < name.length; i++) if (!isTokenChar(name.charCodeAt(i))) return false;
  return name === '*' || !name.includes('*');
}

/**
 * Adds header names to a `Vary` field value (RFC 9110 section 12.5.5), keeping what is
 * there: names compare case-insensitively and appear once, in first-seen order; `*`
 * (varies on anything) absorbs every name.
 */
export function mergeVary(existing: string | undefined, names: readonly string[]): string {
  const merged: string[] = [];
  const seen = new Set<string>();
  const add = (name: string): void => {
    const key = name.toLowerCase();
    if (key.length === 0 || seen.has(key)) return;
    seen.add(key);
    merged.push(name);
  };
  if (existing !== undefined) for (const name of existing.split(',')) add(name.trim());
  for (const name of names) add(name);
  return seen.has('*') ? '*' : merged.join(', ');
}
