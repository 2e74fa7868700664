//! SPID / CIE configuration from the environment. Without
//! `PORTALE_OIDC_ISSUER` the login is off; with it, the other required
//! variables must be there too, or the server refuses to start.

use std::fmt;

/// Default name of the claim carrying the fiscal number (SPID attribute).
pub const DEFAULT_FISCAL_CLAIM: &str = "fiscalNumber";
/// Default scopes; `openid` is always requested.
pub const DEFAULT_SCOPES: &str = "openid profile";

#[derive(Clone, PartialEq, Eq)]
pub struct OidcConfig {
    /// Issuer URL; its `/.well-known/openid-configuration` is read.
    pub issuer: String,
    pub client_id: String,
    /// None: public client, authenticated by PKCE alone.
    pub client_secret: Option<String>,
    /// This portal's `/auth/spid/callback`, as registered at the provider.
    pub redirect_url: String,
    /// Requested scopes besides `openid`.
    pub scopes: Vec<String>,
    /// Claim (ID token or userinfo) holding the fiscal number.
    pub fiscal_claim: String,
}

/// The secret never reaches logs or panics.
impl fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "***"))
            .field("redirect_url", &self.redirect_url)
            .field("scopes", &self.scopes)
            .field("fiscal_claim", &self.fiscal_claim)
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OidcConfigError {
    #[error("{0} è obbligatoria quando PORTALE_OIDC_ISSUER è impostata")]
    Missing(&'static str),
    #[error("{name} deve essere un indirizzo http(s) assoluto, trovato {value:?}")]
    Url { name: &'static str, value: String },
}

impl OidcConfig {
    /// Reads `PORTALE_OIDC_*`; `Ok(None)` when SPID / CIE login is off.
    pub fn from_env() -> Result<Option<Self>, OidcConfigError> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// As [`from_env`](Self::from_env), from any variable source (tests).
    pub fn from_vars(
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, OidcConfigError> {
        let var = |name: &str| {
            get(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let Some(issuer) = var("PORTALE_OIDC_ISSUER") else {
            return Ok(None);
        };
        let issuer = http_url("PORTALE_OIDC_ISSUER", issuer)?;
        let client_id = var("PORTALE_OIDC_CLIENT_ID")
            .ok_or(OidcConfigError::Missing("PORTALE_OIDC_CLIENT_ID"))?;
        let redirect_url = var("PORTALE_OIDC_REDIRECT_URL")
            .ok_or(OidcConfigError::Missing("PORTALE_OIDC_REDIRECT_URL"))?;
        let redirect_url = http_url("PORTALE_OIDC_REDIRECT_URL", redirect_url)?;
        let scopes = var("PORTALE_OIDC_SCOPES").unwrap_or_else(|| DEFAULT_SCOPES.to_owned());
        Ok(Some(OidcConfig {
            issuer,
            client_id,
            client_secret: var("PORTALE_OIDC_CLIENT_SECRET"),
            redirect_url,
            scopes: scopes
                .split([' ', ','])
                .filter(|s| !s.is_empty() && *s != "openid")
                .map(str::to_owned)
                .collect(),
            fiscal_claim: var("PORTALE_OIDC_FISCAL_CLAIM")
                .unwrap_or_else(|| DEFAULT_FISCAL_CLAIM.to_owned()),
        }))
    }

    /// Whether the state cookie must be `Secure` (the portal is on https).
    pub fn secure_cookie(&self) -> bool {
        self.redirect_url.starts_with("https://")
    }
}

fn http_url(name: &'static str, value: String) -> Result<String, OidcConfigError> {
    let ok = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
    if ok {
        Ok(value)
    } else {
        Err(OidcConfigError::Url { name, value })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn without_issuer_spid_is_off() {
        assert_eq!(
            OidcConfig::from_vars(vars(&[("PORTALE_OIDC_CLIENT_ID", "x")])),
            Ok(None)
        );
    }

    #[test]
    fn defaults_are_public_client_profile_scope_and_fiscal_number() {
        let cfg = OidcConfig::from_vars(vars(&[
            ("PORTALE_OIDC_ISSUER", "https://idp.example.it"),
            ("PORTALE_OIDC_CLIENT_ID", "portale"),
            (
                "PORTALE_OIDC_REDIRECT_URL",
                "https://scuole.example.it/auth/spid/callback",
            ),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(cfg.client_secret, None);
        assert_eq!(cfg.scopes, vec!["profile"]);
        assert_eq!(cfg.fiscal_claim, "fiscalNumber");
        assert!(cfg.secure_cookie());
    }

    #[test]
    fn scopes_drop_openid_and_split_on_spaces_or_commas() {
        let cfg = OidcConfig::from_vars(vars(&[
            ("PORTALE_OIDC_ISSUER", "http://127.0.0.1:9000"),
            ("PORTALE_OIDC_CLIENT_ID", "portale"),
            ("PORTALE_OIDC_CLIENT_SECRET", "s3cret"),
            (
                "PORTALE_OIDC_REDIRECT_URL",
                "http://127.0.0.1:3000/auth/spid/callback",
            ),
            ("PORTALE_OIDC_SCOPES", "openid fiscalNumber,profile"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(cfg.scopes, vec!["fiscalNumber", "profile"]);
        assert!(!cfg.secure_cookie());
        assert!(!format!("{cfg:?}").contains("s3cret"));
    }

    #[test]
    fn issuer_without_client_or_with_a_bad_url_is_refused() {
        let missing =
            OidcConfig::from_vars(vars(&[("PORTALE_OIDC_ISSUER", "https://idp.example.it")]));
        assert_eq!(
            missing,
            Err(OidcConfigError::Missing("PORTALE_OIDC_CLIENT_ID"))
        );
        let bad = OidcConfig::from_vars(vars(&[
            ("PORTALE_OIDC_ISSUER", "idp.example.it"),
            ("PORTALE_OIDC_CLIENT_ID", "portale"),
        ]));
        assert!(matches!(
            bad,
            Err(OidcConfigError::Url {
                name: "PORTALE_OIDC_ISSUER",
                ..
            })
        ));
    }
}
