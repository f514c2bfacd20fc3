import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'dp_session';
export const LOGIN_COOKIE = 'dp_login';

/** One cookie of the request (RFC 6265 §5.4), or undefined; the first wins when repeated. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    return /^[A-Za-z0-9_-]{1,128}$/.test(value) ? value : undefined;
  }
  return undefined;
}

/**
 * Sets an HttpOnly, SameSite=Lax cookie (Secure when PUBLIC_URL is https). Lax, not Strict: the
 * login callback is a top-level navigation coming from the identity provider's site.
 */
export function setCookie(res: Response, name: string, value: string, o: { secure: boolean; maxAgeSeconds: number; path: string }): void {
  res.cookie(name, value, { httpOnly: true, sameSite: 'lax', secure: o.secure, path: o.path, maxAge: o.maxAgeSeconds * 1000 });
}

export function clearCookie(res: Response, name: string, o: { secure: boolean; path: string }): void {
  res.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure: o.secure, path: o.path });
}
