// A throwaway certificate for Unbound's DoH endpoint: EC P-256, valid two days, for the endpoint's
// IP literal only (RFC 6125: an IP address is matched against an iPAddress subjectAltName).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DAEMON_ENV } from './daemon-process';

export interface CertFiles {
  certFile: string;
  keyFile: string;
}

export function makeSelfSignedCert(dir: string, ipAddresses: readonly string[]): CertFiles {
  const certFile = join(dir, 'doh-cert.pem');
  const keyFile = join(dir, 'doh-key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=zonecut interop DoH',
      '-addext',
      `subjectAltName=${ipAddresses.map((a) => `IP:${a}`).join(',')}`,
    ],
    { env: DAEMON_ENV, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return { certFile, keyFile };
}
