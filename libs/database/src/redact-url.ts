/**
 * A connection URL as shown in messages and logs: the password, if any, replaced by `***`.
 * A string the URL parser refuses (a bad port, say) is masked from the first `:` after the user
 * name up to the last `@`, so a password holding `@` or `/` does not leak either.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/(\/\/[^:@/]*):.*@/, '$1:***@');
  }
}
