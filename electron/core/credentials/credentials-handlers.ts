/** Channels of Content Credentials: an image's manifests (checked now), the raw store, and the signer. */
import type { Handlers } from '../../shared';
import type { CredentialsService } from './credentials-service';

type CredentialChannels =
  | 'credentials:get'
  | 'credentials:raw'
  | 'credentials:signer'
  | 'credentials:load-signer'
  | 'credentials:reset-signer'
  | 'credentials:set-options';

export function credentialHandlers(credentials: CredentialsService): Pick<Handlers, CredentialChannels> {
  return {
    'credentials:get': ({ hash }) => credentials.check(hash),
    'credentials:raw': async ({ hash }) => ({ json: await credentials.raw(hash) }),
    'credentials:signer': () => credentials.signerView(),
    'credentials:load-signer': (req) => credentials.loadSigner(req),
    'credentials:reset-signer': () => credentials.resetSigner(),
    'credentials:set-options': (o) => credentials.setOptions(o),
  };
}
