/**
 * The desk's nkey signer (relay/nats-auth.ts): node:crypto's Ed25519 signs the server's nonce exactly
 * as the NATS client's own nkeyAuthenticator does (Ed25519 signatures are deterministic), names the
 * seed's public key, and refuses text that is not a user seed. A real nats-server accepting it is
 * test/integration/relay-nats-permissions.test.ts.
 */
import { createAccount, createUser } from '@nats-io/nkeys';
import { nkeyAuthenticator } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { natsAuthOptions, seedAuthenticator } from '../../../electron/core/relay/nats-auth.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
/** One character in the middle changed: the checksum no longer matches. */
const typo = (seed: string) => seed.slice(0, 20) + (seed[20] === 'A' ? 'B' : 'A') + seed.slice(21);

describe('seedAuthenticator', () => {
  it('signs the nonce as the NATS client does, with the seed’s public key', () => {
    for (let i = 0; i < 5; i++) {
      const pair = createUser();
      const seed = text(pair.getSeed());
      const nonce = `nonce-${i}-${'x'.repeat(i * 7)}`;
      const ours = seedAuthenticator(seed)(nonce);
      expect(ours).toEqual(nkeyAuthenticator(pair.getSeed())(nonce));
      expect(ours).toMatchObject({ nkey: pair.getPublicKey() });
    }
  });

  it.each([
    ['a password', 'correct horse battery staple'],
    ['an account seed', text(createAccount().getSeed())],
    ['a public key', createUser().getPublicKey()],
    ['a seed with a typo', typo(text(createUser().getSeed()))],
  ])('refuses %s', (_name, credential) => {
    expect(() => seedAuthenticator(credential)).toThrow(/not a user nkey seed/);
  });
});

describe('natsAuthOptions', () => {
  it('signs with a seed, and sends anything else as a password', () => {
    const seed = text(createUser().getSeed());
    expect(natsAuthOptions(seed, 'desk-1001')).toHaveProperty('authenticator');
    expect(natsAuthOptions('pw1001', 'desk1001')).toEqual({ user: 'desk1001', pass: 'pw1001' });
  });
});
