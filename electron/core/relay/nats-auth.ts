/**
 * How a desk (or the relay) proves its NATS identity: the nkey seed (`SU...`, kept in the keychain,
 * printed once by `relay --print-nats-conf`) signs the server's nonce. The seed never crosses the wire.
 *
 * The signature is made by node:crypto's Ed25519 rather than the client's nkeyAuthenticator
 * (tweetnacl in plain JavaScript): measured here, 22 ms per signature against a few microseconds,
 * which matters when one process holds hundreds of desks (the bench's reconnect storm).
 */
import { createPrivateKey, sign } from 'node:crypto';
import { fromSeed } from '@nats-io/nkeys';
import type { Authenticator } from '@nats-io/transport-node';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** PKCS#8 DER header of an Ed25519 private key; the 32-byte raw seed follows. */
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');

function base32Decode(text: string): Buffer {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    value = (value << 5) | BASE32.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** The authenticator for a user seed; throws a sentence when the text is not a user's nkey seed. */
export function seedAuthenticator(seed: string): Authenticator {
  const text = seed.trim();
  let publicKey: string;
  try {
    // Checks the prefix and checksum, and gives the public key the server knows the user by.
    publicKey = fromSeed(new TextEncoder().encode(text)).getPublicKey();
  } catch {
    publicKey = '';
  }
  if (!text.startsWith('SU') || !publicKey.startsWith('U')) {
    throw new Error('the NATS credential is not a user nkey seed (SU..., as relay --print-nats-conf printed it)');
  }
  // Bytes 0-1 are the seed and user prefixes, 2-33 the raw Ed25519 seed, then a checksum.
  const raw = base32Decode(text).subarray(2, 34);
  const key = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, raw]), format: 'der', type: 'pkcs8' });
  return (nonce?: string) => ({
    nkey: publicKey,
    sig: nonce ? sign(null, Buffer.from(nonce), key).toString('base64') : '',
  });
}

/**
 * The connection options for a NATS credential: an nkey seed (what `relay --print-nats-conf` makes)
 * signs the nonce; anything else is taken as a password for `user` (a hand-written config).
 */
export function natsAuthOptions(credential: string, user?: string): { authenticator: Authenticator } | { user?: string; pass: string } {
  return credential.trim().startsWith('SU') ? { authenticator: seedAuthenticator(credential) } : { user, pass: credential };
}
