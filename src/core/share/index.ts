/**
 * share/: a server shared on the network, in one room. The access token (made here, checked in
 * constant time, never kept in a URL: redirected away, redacted from logs, stripped before a
 * backend), the gate every request of a shared server passes, the cookie a right token link sets,
 * the grants that let pages open on this machine keep a server that starts being shared, and
 * the options sharing sets. Knows nothing of the pipeline that calls it.
 */
export { cookieName, readCookie } from './cookie';
export { AccessGate, type Credentials, type TokenRedirect } from './gate';
export { GRANT_TTL_MS, ShareGrants } from './grants';
export { newAccessToken, shareOptions, type ShareableOptions } from './shareOptions';
export { hasToken, redactToken, tokenIn, urlWithoutToken, withoutToken } from './tokenInUrls';
export { answerPhonePage, mobileConfig, phoneLink, PHONE_ROUTES, type PhoneInfo } from './phonePage';
