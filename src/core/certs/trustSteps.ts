/**
 * How to make browsers and devices trust the local CA, for this operating system first, then
 * for Firefox and phones, which keep their own stores. Commands name the file; nothing runs them.
 */
export function trustInstructions(caFile: string, platform: NodeJS.Platform = process.platform): string[] {
  const q = JSON.stringify(caFile);
  const steps: Record<string, string[]> = {
    darwin: [
      `macOS: sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ${q}`,
      '  (or open it in Keychain Access, then set "When using this certificate" to "Always Trust")',
    ],
    win32: [
      `Windows: certutil -user -addstore Root ${q}`,
      '  (or double-click it, Install Certificate, "Trusted Root Certification Authorities")',
    ],
    linux: [
      `Linux (Chrome, Chromium, Edge; certutil is in the libnss3-tools package on Debian and Ubuntu, nss-tools on Fedora): certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n "Ferrox development CA" -i ${q}`,
      `Linux (system, Debian/Ubuntu): sudo cp ${q} /usr/local/share/ca-certificates/ferrox-ca.crt && sudo update-ca-certificates`,
    ],
  };
  return [
    ...(steps[platform] ?? steps.linux),
    'Firefox: Settings > Privacy & Security > Certificates > View Certificates > Authorities > Import, then tick "Trust this CA to identify websites".',
    'Android: copy the file to the phone, then Settings > Security > Encryption & credentials > Install a certificate > CA certificate.',
    'iOS: AirDrop or mail the file, install the profile in Settings, then Settings > General > About > Certificate Trust Settings > turn on full trust.',
    "Trust this CA on your own devices only. It can sign only for local names (localhost, *.localhost, *.local, this machine's name, private addresses): browsers refuse anything it signs for a real site, so even its key (ca-key.pem) cannot impersonate your bank.",
  ];
}
