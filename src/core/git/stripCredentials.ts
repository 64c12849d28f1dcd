/**
 * Removes credentials from a remote URL before it goes into a manifest.
 *
 * - `https://user:token@host/x` and `https://token@host/x` → `https://host/x`: over HTTP(S)
 *   and FTP the user part is usually a token, so all of it goes.
 * - `ssh://git:secret@host/x` → `ssh://git@host/x`: for other schemes the user name is a login
 *   (`git`), so only a password is dropped.
 * - scp-like `git@host:org/repo.git` and local paths cannot carry a password: unchanged.
 */
export function stripCredentials(url: string): string {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s.exec(url);
  if (!match) {
    return url;
  }
  const [, scheme, authority, rest] = match;
  const at = authority.lastIndexOf('@');
  if (at < 0) {
    return url;
  }
  const userinfo = authority.slice(0, at);
  const host = authority.slice(at + 1);
  if (/^(https?|ftps?)$/i.test(scheme)) {
    return `${scheme}://${host}${rest}`;
  }
  const colon = userinfo.indexOf(':');
  const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
  return `${scheme}://${user}@${host}${rest}`;
}
