// A real OpenID provider (npm `oidc-provider`, pinned in ../package.json)
// for the SPID / CIE login tests: server/tests/oidc.rs starts it on a free
// loopback port. NOT a SPID gateway: it only issues, like one, the
// `fiscalNumber` claim ("TINIT-" + codice fiscale) to its test users.
//
//   PORT=4000 REDIRECT_URI=http://127.0.0.1:3000/auth/spid/callback \
//     node end2end/oidc-provider/provider.mjs
//
// Environment:
//   PORT           port on 127.0.0.1 (issuer http://127.0.0.1:PORT)   required
//   REDIRECT_URI   the portal's callback, registered for both clients  required
//   CLIENT_SECRET  secret of client "portale"        (default "segreto-di-prova")
//   ID_TOKEN_CLAIMS=1  put scope claims in the ID token too (default: the
//                  ID token has only `sub`, claims come from userinfo)
//
// Clients: "portale" (confidential, client_secret_basic, ID token RS256) and
// "portale-pubblico" (public, PKCE only, ID token ES256). PKCE is required
// for both. Login uses oidc-provider's development forms (devInteractions):
// any password, the login name is the user id below.
// Prints "ready <issuer>" on stdout once listening.

import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number.parseInt(process.env.PORT ?? '', 10);
const redirectUri = process.env.REDIRECT_URI;
if (!Number.isInteger(port) || port <= 0 || !redirectUri) {
  console.error('PORT e REDIRECT_URI sono obbligatorie');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;

// Test users. Codes worked out by hand (check letter: odd/even tables mod 26):
// RSSMRA85T10A562S Mario Rossi 10/12/1985 San Giuliano Terme;
// BNCLRA90A41F205I Laura Bianchi 01/01/1990 Milano.
const USERS = {
  dirigente: { given_name: 'Mario', family_name: 'Rossi', fiscalNumber: 'TINIT-RSSMRA85T10A562S' },
  // The demo principal of the portal (server/src/seed_accounts.rs): Giulia
  // Bianchi, 12/03/1971, Milano -> BNC GLI 71 C 52 F205, check letter O.
  'dirigente.demo': { given_name: 'Giulia', family_name: 'Bianchi', fiscalNumber: 'TINIT-BNCGLI71C52F205O' },
  sconosciuto: { given_name: 'Laura', family_name: 'Bianchi', fiscalNumber: 'TINIT-BNCLRA90A41F205I' },
  senzacf: { given_name: 'Anna', family_name: 'Verdi' },
  cfnonvalido: { given_name: 'Mario', family_name: 'Rossi', fiscalNumber: 'TINIT-RSSMRA85T10A562X' },
};

const signingKey = (type, options, kid, alg) => ({
  ...generateKeyPairSync(type, options).privateKey.export({ format: 'jwk' }),
  kid,
  alg,
  use: 'sig',
});

const clientDefaults = {
  redirect_uris: [redirectUri],
  grant_types: ['authorization_code'],
  response_types: ['code'],
};

const provider = new Provider(issuer, {
  clients: [
    {
      ...clientDefaults,
      client_id: 'portale',
      client_secret: process.env.CLIENT_SECRET || 'segreto-di-prova',
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    },
    {
      ...clientDefaults,
      client_id: 'portale-pubblico',
      token_endpoint_auth_method: 'none',
      id_token_signed_response_alg: 'ES256',
    },
  ],
  jwks: {
    keys: [
      signingKey('rsa', { modulusLength: 2048 }, 'rsa-1', 'RS256'),
      signingKey('ec', { namedCurve: 'P-256' }, 'ec-1', 'ES256'),
    ],
  },
  pkce: { required: () => true },
  // A claims key that is not a standard scope becomes a scope of its own.
  claims: {
    openid: ['sub'],
    profile: ['given_name', 'family_name'],
    fiscalNumber: ['fiscalNumber'],
  },
  conformIdTokenClaims: process.env.ID_TOKEN_CLAIMS !== '1',
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['solo-per-i-test'] },
  async findAccount(_ctx, id) {
    const user = Object.hasOwn(USERS, id) ? USERS[id] : undefined;
    if (!user) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...user }) };
  },
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
