//! Error redirects of plain form posts, kept honest.
//!
//! Without JavaScript a failed server-function call answers with a redirect
//! back to the form's page, the error in the query (`__path`, `__err`),
//! which the page then shows. Two things could go wrong with that, and
//! neither may: the redirect follows the request's `Referer`, so a foreign
//! one would send the browser (and the error) to another site; and anyone
//! can write a link with an `__err` of their choosing, whose text the page
//! would show on the portal's own domain. So a foreign `Referer` is removed
//! before the call, every error redirect is signed with a key of the portal
//! (`__firma`), and a page request whose error is not signed is sent to
//! the same page without it.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::guard::identity::host;
use app::identity::csrf::same_origin;

/// The parameters of a form error, as Leptos writes them, and ours.
const PATH_PARAM: &str = "__path";
const ERR_PARAM: &str = "__err";
const SIGNATURE_PARAM: &str = "__firma";

/// Any base to read a relative `Location` with.
const BASE: &str = "http://portale.invalid";

/// Removes a `Referer` that is not the portal's own, so the error redirect
/// of a call made from another site lands on the portal's home page.
pub fn drop_foreign_referer(mut req: Request, secure: bool, trust_proxy: bool) -> Request {
    let host = host(req.headers(), req.uri(), trust_proxy);
    let foreign = req
        .headers()
        .get(header::REFERER)
        .is_some_and(|v| !v.to_str().is_ok_and(|r| same_origin(r, &host, secure)));
    if foreign {
        req.headers_mut().remove(header::REFERER);
    }
    req
}

/// Signs the error in a server function's redirect; removes a stale
/// signature from a success redirect.
pub fn sign_error_redirect(key: &[u8], mut res: Response) -> Response {
    if !res.status().is_redirection() {
        return res;
    }
    let Some(location) = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
    else {
        return res;
    };
    let Some(signed) = with_signature(key, location) else {
        return res;
    };
    if let Ok(value) = HeaderValue::from_str(&signed) {
        res.headers_mut().insert(header::LOCATION, value);
    }
    res
}

/// For a page request carrying an error the portal did not sign: a 303 to
/// the same page without it. None for every other request.
pub fn refuse_unsigned_error(key: &[u8], req: &Request) -> Option<Response> {
    let query = req.uri().query()?;
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let (path, err, signature) = (value(PATH_PARAM), value(ERR_PARAM), value(SIGNATURE_PARAM));
    if path.is_none() && err.is_none() {
        return None;
    }
    let genuine = match (path, err, signature) {
        (Some(path), Some(err), Some(signature)) => verify(key, path, err, signature),
        _ => false,
    };
    if genuine {
        return None;
    }
    tracing::warn!("page request with an unsigned form error: sent to the clean page");
    let kept: Vec<&(String, String)> = pairs
        .iter()
        .filter(|(k, _)| ![PATH_PARAM, ERR_PARAM, SIGNATURE_PARAM].contains(&k.as_str()))
        .collect();
    let mut clean = req.uri().path().to_owned();
    if !kept.is_empty() {
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(kept.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .finish();
        clean.push('?');
        clean.push_str(&query);
    }
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(&clean) {
        res.headers_mut().insert(header::LOCATION, location);
    }
    *res.body_mut() = Body::empty();
    Some(res)
}

/// `location` with `__firma` set for its error (or removed when it has
/// none); None when there is nothing to change.
fn with_signature(key: &[u8], location: &str) -> Option<String> {
    let absolute = url::Url::parse(location).is_ok();
    let mut url = url::Url::parse(BASE).ok()?.join(location).ok()?;
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let err = value(ERR_PARAM);
    let had_signature = value(SIGNATURE_PARAM).is_some();
    if err.is_none() && !had_signature {
        return None;
    }
    let signature = err
        .as_deref()
        .map(|err| sign(key, value(PATH_PARAM).as_deref().unwrap_or_default(), err));
    {
        let mut query = url.query_pairs_mut();
        query.clear();
        for (k, v) in pairs.iter().filter(|(k, _)| k != SIGNATURE_PARAM) {
            query.append_pair(k, v);
        }
        if let Some(signature) = &signature {
            query.append_pair(SIGNATURE_PARAM, signature);
        }
    }
    if url.query() == Some("") {
        url.set_query(None);
    }
    Some(if absolute {
        url.to_string()
    } else {
        let mut local = url.path().to_owned();
        if let Some(q) = url.query() {
            local.push('?');
            local.push_str(q);
        }
        local
    })
}

fn mac(key: &[u8], path: &str, err: &str) -> Option<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).ok()?;
    mac.update(path.as_bytes());
    mac.update(&[0]);
    mac.update(err.as_bytes());
    Some(mac)
}

fn sign(key: &[u8], path: &str, err: &str) -> String {
    mac(key, path, err)
        .map(|m| URL_SAFE_NO_PAD.encode(m.finalize().into_bytes()))
        .unwrap_or_default()
}

/// Constant-time check of a signature.
fn verify(key: &[u8], path: &str, err: &str, signature: &str) -> bool {
    let Ok(given) = URL_SAFE_NO_PAD.decode(signature.as_bytes()) else {
        return false;
    };
    mac(key, path, err).is_some_and(|m| m.verify_slice(&given).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn a_signed_error_verifies_and_a_changed_one_does_not() {
        let signed = with_signature(KEY, "/accedi?__path=%2Fapi%2Faccedi&__err=eyJ4Ijox").unwrap();
        let url = url::Url::parse(BASE).unwrap().join(&signed).unwrap();
        let get = |n: &str| {
            url.query_pairs()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.into_owned())
                .unwrap()
        };
        assert!(verify(
            KEY,
            &get(PATH_PARAM),
            &get(ERR_PARAM),
            &get(SIGNATURE_PARAM)
        ));
        assert!(!verify(
            KEY,
            &get(PATH_PARAM),
            "eyJ4IjoyfQ",
            &get(SIGNATURE_PARAM)
        ));
        assert!(!verify(
            b"another key",
            &get(PATH_PARAM),
            &get(ERR_PARAM),
            &get(SIGNATURE_PARAM)
        ));
        assert!(signed.starts_with("/accedi?"), "{signed}");
    }

    #[test]
    fn absolute_locations_stay_absolute_and_success_drops_the_signature() {
        let signed = with_signature(KEY, "http://portale.test/deleghe?__path=a&__err=b").unwrap();
        assert!(signed.starts_with("http://portale.test/deleghe?__path=a&__err=b&__firma="));
        assert_eq!(
            with_signature(KEY, "/scuola?__firma=x").as_deref(),
            Some("/scuola")
        );
        assert_eq!(with_signature(KEY, "/scuola"), None);
    }
}
