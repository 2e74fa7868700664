//! The OpenID provider seen from the portal (the relying party): discovery
//! of its metadata and keys (cached, refreshed when a key is unknown), the
//! authorization URL (code flow, PKCE S256, random state and nonce), the
//! code exchange, the ID token checks and the userinfo fallback.

use std::sync::Arc;
use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreIdTokenVerifier, CoreJsonWebKey, CoreJsonWebKeySet,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreProviderMetadata,
    CoreRevocableToken, CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken,
    EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdToken, IdTokenClaims,
    IdTokenFields, IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, RequestTokenError, Scope, StandardErrorResponse, StandardTokenResponse,
    TokenResponse, UserInfoClaims,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::RwLock;

use super::config::OidcConfig;
use super::error::{IdTokenProblem, OidcError};
use super::pending::PendingLogin;

/// Every claim of a token, so the fiscal-number claim's name can be configured.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExtraClaims {
    #[serde(flatten)]
    pub claims: serde_json::Map<String, Value>,
}

impl AdditionalClaims for ExtraClaims {}

type Fields = IdTokenFields<
    ExtraClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type Tokens = StandardTokenResponse<Fields, CoreTokenType>;
pub type SpidIdToken = IdToken<
    ExtraClaims,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
pub type SpidIdTokenClaims = IdTokenClaims<ExtraClaims, CoreGenderClaim>;
type SpidClient = Client<
    ExtraClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    Tokens,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Signature algorithms accepted on ID tokens: asymmetric only (no `none`,
/// no HMAC with the client secret), whatever the provider advertises.
pub const ALLOWED_ALGS: [CoreJwsSigningAlgorithm; 9] = [
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha384,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha512,
    CoreJwsSigningAlgorithm::RsaSsaPssSha256,
    CoreJwsSigningAlgorithm::RsaSsaPssSha384,
    CoreJwsSigningAlgorithm::RsaSsaPssSha512,
    CoreJwsSigningAlgorithm::EcdsaP256Sha256,
    CoreJwsSigningAlgorithm::EcdsaP384Sha384,
    CoreJwsSigningAlgorithm::EdDsa,
];

/// Metadata is read again after this long (new endpoints, rotated keys).
const METADATA_TTL: Duration = Duration::from_secs(3600);
const HTTP_TIMEOUT: Duration = Duration::from_secs(10);

/// Where to send the person, and what the callback will need.
#[derive(Debug)]
pub struct AuthRequest {
    pub url: String,
    pub state: String,
    pub login: PendingLogin,
}

struct Discovered {
    client: SpidClient,
    issuer: IssuerUrl,
    jwks: CoreJsonWebKeySet,
    fetched: Instant,
}

pub struct Provider {
    config: OidcConfig,
    http: reqwest::Client,
    cache: RwLock<Option<Arc<Discovered>>>,
}

impl Provider {
    pub fn new(config: OidcConfig) -> Result<Self, OidcError> {
        let http = reqwest::Client::builder()
            // The provider's answers are read as they are: following
            // redirects would let metadata point the portal anywhere.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(HTTP_TIMEOUT)
            .build()
            .map_err(|e| OidcError::Internal(format!("HTTP client: {e}")))?;
        Ok(Provider {
            config,
            http,
            cache: RwLock::new(None),
        })
    }

    pub fn config(&self) -> &OidcConfig {
        &self.config
    }

    /// The provider's metadata and keys, from cache unless stale or `refresh`.
    async fn discovered(&self, refresh: bool) -> Result<Arc<Discovered>, OidcError> {
        if !refresh
            && let Some(d) = self.cache.read().await.as_ref()
            && d.fetched.elapsed() < METADATA_TTL
        {
            return Ok(d.clone());
        }
        let unavailable = |what: &str, e: &dyn std::fmt::Display| {
            OidcError::ProviderUnavailable(format!("{what}: {e}"))
        };
        let issuer =
            IssuerUrl::new(self.config.issuer.clone()).map_err(|e| unavailable("issuer", &e))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| unavailable("discovery", &error_chain(&e)))?;
        let redirect = RedirectUrl::new(self.config.redirect_url.clone())
            .map_err(|e| unavailable("redirect URL", &e))?;
        let issuer = metadata.issuer().clone();
        let jwks = metadata.jwks().clone();
        let client = SpidClient::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            self.config.client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(redirect);
        let fresh = Arc::new(Discovered {
            client,
            issuer,
            jwks,
            fetched: Instant::now(),
        });
        *self.cache.write().await = Some(fresh.clone());
        Ok(fresh)
    }

    /// A new authorization request: fresh state, nonce and PKCE verifier.
    pub async fn authorization_request(&self, return_to: String) -> Result<AuthRequest, OidcError> {
        let d = self.discovered(false).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = d.client.authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        );
        for scope in &self.config.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
        Ok(AuthRequest {
            url: url.to_string(),
            state: state.secret().clone(),
            login: PendingLogin {
                nonce: nonce.secret().clone(),
                pkce_verifier: verifier.secret().clone(),
                return_to,
            },
        })
    }

    /// Exchanges the code, verifies the ID token and returns the value of
    /// the fiscal-number claim (from the ID token, else from userinfo).
    pub async fn fiscal_claim(
        &self,
        code: String,
        login: &PendingLogin,
    ) -> Result<Option<Value>, OidcError> {
        let d = self.discovered(false).await?;
        let tokens = d
            .client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| OidcError::ProviderUnavailable(format!("token endpoint: {e}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(login.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| OidcError::TokenExchange(describe_token_error(&e)))?;
        let id_token = tokens
            .id_token()
            .ok_or(OidcError::IdTokenRejected(IdTokenProblem::Missing))?;
        let nonce = Nonce::new(login.nonce.clone());
        let client_id = ClientId::new(self.config.client_id.clone());
        let verified = verify_id_token(id_token, &verifier(&client_id, &d.issuer, &d.jwks), &nonce);
        let (d, claims) = match verified {
            Ok(claims) => (d, claims),
            // An unknown key may be a rotated one: read the keys once more.
            Err(IdTokenProblem::Signature) => {
                let d = self.discovered(true).await?;
                let claims =
                    verify_id_token(id_token, &verifier(&client_id, &d.issuer, &d.jwks), &nonce)
                        .map_err(OidcError::IdTokenRejected)?;
                (d, claims)
            }
            Err(problem) => return Err(OidcError::IdTokenRejected(problem)),
        };
        if let Some(value) = claims
            .additional_claims()
            .claims
            .get(&self.config.fiscal_claim)
        {
            return Ok(Some(value.clone()));
        }
        if d.client.user_info_url().is_none() {
            return Ok(None);
        }
        // The userinfo answer must be about the same subject as the ID token.
        let info: UserInfoClaims<ExtraClaims, CoreGenderClaim> = d
            .client
            .user_info(
                tokens.access_token().clone(),
                Some(claims.subject().clone()),
            )
            .map_err(|e| OidcError::TokenExchange(format!("userinfo: {e}")))?
            .request_async(&self.http)
            .await
            .map_err(|e| OidcError::TokenExchange(describe_userinfo_error(&e)))?;
        Ok(info
            .additional_claims()
            .claims
            .get(&self.config.fiscal_claim)
            .cloned())
    }
}

/// The ID token checks: signature by one of the provider's keys with an
/// allowed algorithm, issuer, audience (this client), expiry and nonce.
pub fn verifier<'a>(
    client_id: &ClientId,
    issuer: &IssuerUrl,
    jwks: &CoreJsonWebKeySet,
) -> CoreIdTokenVerifier<'a> {
    CoreIdTokenVerifier::new_public_client(client_id.clone(), issuer.clone(), jwks.clone())
        .set_allowed_algs(ALLOWED_ALGS)
}

pub fn verify_id_token(
    token: &SpidIdToken,
    verifier: &CoreIdTokenVerifier<'_>,
    nonce: &Nonce,
) -> Result<SpidIdTokenClaims, IdTokenProblem> {
    use openidconnect::ClaimsVerificationError as E;
    token.claims(verifier, nonce).cloned().map_err(|e| match e {
        E::SignatureVerification(_) => IdTokenProblem::Signature,
        E::InvalidIssuer(_) => IdTokenProblem::Issuer,
        E::InvalidAudience(_) => IdTokenProblem::Audience,
        E::Expired(_) => IdTokenProblem::Expired,
        E::InvalidNonce(_) => IdTokenProblem::Nonce,
        _ => IdTokenProblem::Other,
    })
}

/// A token-endpoint failure for the log: the provider's error code or the
/// transport error, never the response body (it could hold tokens).
fn describe_token_error<RE: std::error::Error + 'static>(
    e: &RequestTokenError<RE, StandardErrorResponse<CoreErrorResponseType>>,
) -> String {
    match e {
        RequestTokenError::ServerResponse(r) => format!("provider error {}", r.error().as_ref()),
        RequestTokenError::Request(re) => format!("request: {}", error_chain(re)),
        RequestTokenError::Parse(pe, _body) => format!("unreadable response at {}", pe.path()),
        RequestTokenError::Other(_) => "unexpected response".to_owned(),
    }
}

/// A userinfo failure for the log, without the body or claim values.
fn describe_userinfo_error<RE: std::error::Error + 'static>(
    e: &openidconnect::UserInfoError<RE>,
) -> String {
    use openidconnect::UserInfoError as E;
    match e {
        E::ClaimsVerification(_) => "userinfo: subject or signature refused".to_owned(),
        E::Parse(pe) => format!("userinfo: unreadable response at {}", pe.path()),
        E::Request(re) => format!("userinfo request: {}", error_chain(re)),
        E::Response(status, _, _) => format!("userinfo: HTTP {status}"),
        _ => "userinfo: unexpected response".to_owned(),
    }
}

/// An error and its sources, one line (transport errors hide the cause).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}
