//! ID token verification with locally made keys and tokens: the checks the
//! end-to-end test cannot provoke from a well-behaved provider (a token
//! signed by another key, a wrong nonce, issuer or audience, an expired or
//! unsigned token, an HMAC token).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration, Utc};
use openidconnect::core::{
    CoreGenderClaim, CoreHmacKey, CoreJsonWebKeySet, CoreJwsSigningAlgorithm,
    CoreRsaPrivateSigningKey,
};
use openidconnect::{
    Audience, ClientId, IssuerUrl, JsonWebKeyId, Nonce, PrivateSigningKey, StandardClaims,
    SubjectIdentifier,
};
use serde_json::json;

use super::error::IdTokenProblem;
use super::provider::{ExtraClaims, SpidIdToken, SpidIdTokenClaims, verifier, verify_id_token};

const KEY_A: &str = include_str!("testdata/rsa-a.pem");
const KEY_B: &str = include_str!("testdata/rsa-b.pem");
const ISSUER: &str = "https://idp.example.it";
const CLIENT: &str = "portale-scuole";
const NONCE: &str = "n-0S6_WzA2Mj";

fn key(pem: &str, kid: &str) -> CoreRsaPrivateSigningKey {
    CoreRsaPrivateSigningKey::from_pem(pem, Some(JsonWebKeyId::new(kid.to_owned()))).unwrap()
}

/// The provider publishes key A under kid "k1".
fn provider_jwks() -> CoreJsonWebKeySet {
    CoreJsonWebKeySet::new(vec![key(KEY_A, "k1").as_verification_key()])
}

struct Claims {
    issuer: &'static str,
    audience: &'static str,
    nonce: &'static str,
    expires_in: Duration,
}

impl Default for Claims {
    fn default() -> Self {
        Claims {
            issuer: ISSUER,
            audience: CLIENT,
            nonce: NONCE,
            expires_in: Duration::minutes(5),
        }
    }
}

fn claims(c: Claims) -> SpidIdTokenClaims {
    let now = Utc::now();
    let extra: ExtraClaims =
        serde_json::from_value(json!({ "fiscalNumber": "TINIT-RSSMRA85T10A562S" })).unwrap();
    SpidIdTokenClaims::new(
        IssuerUrl::new(c.issuer.to_owned()).unwrap(),
        vec![Audience::new(c.audience.to_owned())],
        now + c.expires_in,
        now - Duration::minutes(1),
        StandardClaims::<CoreGenderClaim>::new(SubjectIdentifier::new("dirigente".to_owned())),
        extra,
    )
    .set_nonce(Some(Nonce::new(c.nonce.to_owned())))
}

/// Signs, then goes through the wire form, as a token endpoint's answer does.
fn token(
    claims: SpidIdTokenClaims,
    key: &impl PrivateSigningKey<VerificationKey = openidconnect::core::CoreJsonWebKey>,
    alg: CoreJwsSigningAlgorithm,
) -> SpidIdToken {
    let signed = SpidIdToken::new(claims, key, alg, None, None).unwrap();
    signed.to_string().parse().unwrap()
}

fn check(token: &SpidIdToken) -> Result<SpidIdTokenClaims, IdTokenProblem> {
    let client = ClientId::new(CLIENT.to_owned());
    let issuer = IssuerUrl::new(ISSUER.to_owned()).unwrap();
    verify_id_token(
        token,
        &verifier(&client, &issuer, &provider_jwks()),
        &Nonce::new(NONCE.to_owned()),
    )
}

const RS256: CoreJwsSigningAlgorithm = CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256;

#[test]
fn a_token_signed_by_the_provider_key_passes_and_keeps_the_fiscal_claim() {
    let verified = check(&token(claims(Claims::default()), &key(KEY_A, "k1"), RS256)).unwrap();
    assert_eq!(verified.subject().as_str(), "dirigente");
    assert_eq!(
        verified.additional_claims().claims.get("fiscalNumber"),
        Some(&json!("TINIT-RSSMRA85T10A562S"))
    );
}

#[test]
fn a_token_signed_by_another_key_is_refused() {
    // Same kid as the provider's key: the signature itself must fail.
    let forged = token(claims(Claims::default()), &key(KEY_B, "k1"), RS256);
    assert_eq!(check(&forged).unwrap_err(), IdTokenProblem::Signature);
    // A kid the provider never published: no key to verify with.
    let unknown = token(claims(Claims::default()), &key(KEY_B, "k2"), RS256);
    assert_eq!(check(&unknown).unwrap_err(), IdTokenProblem::Signature);
}

#[test]
fn a_wrong_nonce_is_refused() {
    let t = token(
        claims(Claims {
            nonce: "another-nonce",
            ..Claims::default()
        }),
        &key(KEY_A, "k1"),
        RS256,
    );
    assert_eq!(check(&t).unwrap_err(), IdTokenProblem::Nonce);
}

#[test]
fn a_wrong_issuer_or_audience_is_refused() {
    let iss = token(
        claims(Claims {
            issuer: "https://evil.example",
            ..Claims::default()
        }),
        &key(KEY_A, "k1"),
        RS256,
    );
    assert_eq!(check(&iss).unwrap_err(), IdTokenProblem::Issuer);
    let aud = token(
        claims(Claims {
            audience: "another-client",
            ..Claims::default()
        }),
        &key(KEY_A, "k1"),
        RS256,
    );
    assert_eq!(check(&aud).unwrap_err(), IdTokenProblem::Audience);
}

#[test]
fn an_expired_token_is_refused() {
    let t = token(
        claims(Claims {
            expires_in: Duration::seconds(-30),
            ..Claims::default()
        }),
        &key(KEY_A, "k1"),
        RS256,
    );
    assert_eq!(check(&t).unwrap_err(), IdTokenProblem::Expired);
}

#[test]
fn hmac_and_unsigned_tokens_are_refused() {
    // HS256 keyed with what could be the client secret: not an allowed algorithm.
    let hmac = token(
        claims(Claims::default()),
        &CoreHmacKey::new("client-secret"),
        CoreJwsSigningAlgorithm::HmacSha256,
    );
    assert_eq!(check(&hmac).unwrap_err(), IdTokenProblem::Signature);
    // alg "none": the good token's payload with its signature removed.
    let good = token(claims(Claims::default()), &key(KEY_A, "k1"), RS256).to_string();
    let payload = good.split('.').nth(1).unwrap();
    let header = "eyJhbGciOiJub25lIn0"; // base64url of {"alg":"none"}
    let unsigned: SpidIdToken = format!("{header}.{payload}.").parse().unwrap();
    assert_eq!(check(&unsigned).unwrap_err(), IdTokenProblem::Signature);
}
