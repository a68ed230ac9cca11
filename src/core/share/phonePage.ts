import { createHash, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml, PAGE_CSP, renderPage, sendBody, sendError } from '../http';

/**
 * The phone's page of a shared server, where its QR code leads: the site's link, and over HTTPS
 * the local CA's certificate (never its key) as an iOS profile and as a plain certificate, with
 * each platform's steps; over plain HTTP, what will not work and how to share over HTTPS. Behind
 * the share gate, like every path of a shared server: only a client with the token gets it.
 */
export const PHONE_ROUTES = {
  page: '/__ferrox/phone',
  profile: '/__ferrox/ferrox-ca.mobileconfig',
  certificate: '/__ferrox/ferrox-ca.crt',
} as const;

/** `link` (a share link, with its token) turned into the phone page's link. */
export function phoneLink(link: string): string {
  const url = new URL(link);
  url.pathname = PHONE_ROUTES.page;
  return url.toString();
}

/** What the phone page needs of the server. */
export interface PhoneInfo {
  https: boolean;
  /** The CA certificate file (PEM) that issued the server's certificate, when it is the local CA's. */
  caFile?: string;
}

const FEATURES = 'the camera and microphone, geolocation, service workers, crypto.subtle, the clipboard and Web Share';

/** The CA's certificate, read whole and checked to be one certificate (a PEM file could hold anything else, such as a key). */
async function caCertificate(file: string): Promise<X509Certificate | undefined> {
  try {
    const pem = await fs.promises.readFile(file, 'utf8');
    const cert = new X509Certificate(pem);
    return cert.ca ? cert : undefined;
  } catch {
    return undefined;
  }
}

/** A stable UUID made from `seed`, so the same CA always gives the same profile. */
function uuidOf(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`.toUpperCase();
}

/** An iOS configuration profile (a property list) holding the CA's certificate as a root payload. */
export function mobileConfig(cert: X509Certificate): string {
  const der = cert.raw.toString('base64').replace(/.{1,64}/g, '\t\t\t$&\n');
  const fingerprint = cert.fingerprint256;
  const name = 'Ferrox development CA';
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>PayloadContent</key>
	<array>
		<dict>
			<key>PayloadCertificateFileName</key>
			<string>ferrox-ca.cer</string>
			<key>PayloadContent</key>
			<data>
${der}			</data>
			<key>PayloadDescription</key>
			<string>Lets this device trust the HTTPS of Ferrox's development servers.</string>
			<key>PayloadDisplayName</key>
			<string>${name}</string>
			<key>PayloadIdentifier</key>
			<string>dev.ferrox.ca.${uuidOf(`cert ${fingerprint}`)}</string>
			<key>PayloadType</key>
			<string>com.apple.security.root</string>
			<key>PayloadUUID</key>
			<string>${uuidOf(`cert ${fingerprint}`)}</string>
			<key>PayloadVersion</key>
			<integer>1</integer>
		</dict>
	</array>
	<key>PayloadDescription</key>
	<string>The certificate authority of Ferrox on the computer that shares this site. It can sign only for local names and private addresses.</string>
	<key>PayloadDisplayName</key>
	<string>${name}</string>
	<key>PayloadIdentifier</key>
	<string>dev.ferrox.profile.${uuidOf(`profile ${fingerprint}`)}</string>
	<key>PayloadRemovalDisallowed</key>
	<false/>
	<key>PayloadType</key>
	<string>Configuration</string>
	<key>PayloadUUID</key>
	<string>${uuidOf(`profile ${fingerprint}`)}</string>
	<key>PayloadVersion</key>
	<integer>1</integer>
</dict>
</plist>
`;
}

/** Answers the phone page's three paths; false for any other path (the request goes on). */
export async function answerPhonePage(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  info: PhoneInfo,
): Promise<boolean> {
  const routes = Object.values(PHONE_ROUTES) as string[];
  if (!routes.includes(pathname)) return false;
  const headOnly = req.method === 'HEAD';
  if (req.method !== 'GET' && !headOnly) {
    sendError(res, 405, 'Only GET is answered here.', false, { Allow: 'GET, HEAD' });
    return true;
  }
  const cert = info.https && info.caFile ? await caCertificate(info.caFile) : undefined;
  const own = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
  if (pathname === PHONE_ROUTES.profile || pathname === PHONE_ROUTES.certificate) {
    if (!cert) {
      sendError(
        res,
        404,
        'This server does not use the local CA over HTTPS: there is no certificate to trust.',
        headOnly,
      );
      return true;
    }
    if (pathname === PHONE_ROUTES.profile)
      sendBody(
        res,
        200,
        {
          ...own,
          'Content-Type': 'application/x-apple-aspen-config',
          'Content-Disposition': 'attachment; filename="ferrox-ca.mobileconfig"',
        },
        Buffer.from(mobileConfig(cert)),
        headOnly,
      );
    else
      sendBody(
        res,
        200,
        {
          ...own,
          'Content-Type': 'application/x-x509-ca-cert',
          'Content-Disposition': 'attachment; filename="ferrox-ca.crt"',
        },
        cert.raw,
        headOnly,
      );
    return true;
  }
  sendBody(
    res,
    200,
    { ...own, 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_CSP },
    Buffer.from(renderPhonePage(info, cert)),
    headOnly,
  );
  return true;
}

function renderPhonePage(info: PhoneInfo, cert: X509Certificate | undefined): string {
  const open = '<p><a class="button" href="/">Open the site</a></p>';
  let trust: string;
  if (cert) {
    trust = `<h2>Trust this server's HTTPS, once per phone</h2>
<h3>iPhone and iPad</h3>
<ol><li><a href="${PHONE_ROUTES.profile}">Download the profile</a>, and allow it.</li>
<li>Settings → Profile Downloaded → Install.</li>
<li>Settings → General → About → Certificate Trust Settings → turn on <b>Ferrox development CA</b>.</li></ol>
<h3>Android</h3>
<ol><li><a href="${PHONE_ROUTES.certificate}">Download the certificate</a>.</li>
<li>Settings → Security → Encryption &amp; credentials → Install a certificate → CA certificate → ferrox-ca.crt.</li></ol>
<h3>Others</h3>
<p>Import <a href="${PHONE_ROUTES.certificate}">ferrox-ca.crt</a> as a certificate authority.</p>
<p class="note">It can sign only for local names and private addresses, never for a real site. Its SHA-256 fingerprint, to compare with the one on the computer:<br><code>${escapeHtml(cert.fingerprint256)}</code></p>`;
  } else if (info.https) {
    trust = "<p>This server's certificate is not the local CA's (your own files): trust it the way you trust them.</p>";
  } else {
    trust = `<h2>Over http://, browsers hold some things back</h2>
<p>On a network address over plain HTTP, ${FEATURES} do not work: they need a secure context.</p>
<p>Share over HTTPS to have them: <code>ferrox --share --https</code>, or in VS Code the setting <code>ferrox.https</code>; this page then offers the certificate to trust.</p>`;
  }
  const style =
    'h2{font-size:1.05rem;margin:1.5rem 0 .5rem}h3{font-size:.95rem;margin:1rem 0 .25rem}ol{padding-left:1.25rem}li{margin:.25rem 0}' +
    '.button{display:inline-block;padding:.6rem 1.2rem;border-radius:8px;background:var(--link);color:#fff}.note{color:var(--muted);font-size:.85rem}code{word-break:break-all}';
  return renderPage('Ferrox on your phone', `<h1>Ferrox on your phone</h1>\n${open}\n${trust}`, style);
}
