//! Reading the cookies of a request, through the `cookie` crate: the one
//! parser behind the session cookie and the SPID state cookie, so quoting,
//! spacing and look-alike names are handled the same way for both.

use axum::http::{HeaderMap, header};
use cookie::Cookie;

/// The value of cookie `name` in one `Cookie` header value. An empty value
/// counts as none: it is what a removed cookie leaves behind.
pub fn cookie_in<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    Cookie::split_parse(header)
        .filter_map(Result::ok)
        .filter(|c| c.name() == name)
        .find_map(|c| c.value_raw().filter(|v| !v.is_empty()))
}

/// The value of cookie `name` across the request's `Cookie` headers.
pub fn request_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| cookie_in(v, name))
}

/// Whether a `Set-Cookie` value already carries `Secure`. A value the parser
/// refuses counts as not secure, so the caller adds the attribute anyway.
pub fn sets_secure(set_cookie: &str) -> bool {
    Cookie::parse(set_cookie)
        .ok()
        .and_then(|c| c.secure())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn finds_the_named_cookie_among_others() {
        assert_eq!(
            cookie_in("a=1; portale_sessione=tok; b=2", "portale_sessione"),
            Some("tok")
        );
        assert_eq!(
            cookie_in("a=1;portale_sessione=tok", "portale_sessione"),
            Some("tok")
        );
        assert_eq!(cookie_in("xportale_sessione=tok", "portale_sessione"), None);
        assert_eq!(
            cookie_in("portale_sessione=; portale_sessione=t2", "portale_sessione"),
            Some("t2")
        );
        assert_eq!(cookie_in("", "a"), None);
        assert_eq!(cookie_in("garbage", "a"), None);
    }

    #[test]
    fn reads_every_cookie_header() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("a=1"));
        headers.append(header::COOKIE, HeaderValue::from_static("b=2; c=3"));
        assert_eq!(request_cookie(&headers, "c"), Some("3"));
        assert_eq!(request_cookie(&headers, "d"), None);
    }

    #[test]
    fn secure_attribute_is_recognised() {
        assert!(sets_secure("a=1; Path=/; Secure"));
        assert!(sets_secure("a=1; secure; HttpOnly"));
        assert!(!sets_secure("a=1; Path=/secure"));
        assert!(!sets_secure("a=1; HttpOnly"));
    }
}
