//! Cross-site request forgery: the rules (pure) shared by the server's
//! middleware and the browser's client.
//!
//! Two independent checks on every state-changing request (POST, PUT, PATCH,
//! DELETE): its `Origin` (or, without one, its `Referer`) must be the
//! portal's own; and when a session exists, the session's token must come
//! back in the `x-csrf-token` header (server-function calls from WASM) or
//! the `csrf_token` form field (plain form posts without JavaScript).

/// Header carrying the token on server-function calls.
pub const HEADER: &str = "x-csrf-token";
/// Form field carrying the token on plain form posts.
pub const FIELD: &str = "csrf_token";
/// `<meta name=…>` through which pages hand the token to the browser code.
pub const META: &str = "csrf-token";

/// Whether `source` (an `Origin` value or a `Referer` URL) is the portal at
/// `host` (the request's `Host`): same scheme, host and port, a default port
/// written or not (`https://x:443` is `https://x`). Over https only an https
/// origin counts. Both sides are parsed as URLs, so user-info, suffix and
/// case tricks are judged as a browser would judge them.
pub fn same_origin(source: &str, host: &str, secure: bool) -> bool {
    let Ok(origin) = url::Url::parse(source) else {
        return false;
    };
    let scheme_ok = match origin.scheme() {
        "https" => true,
        "http" => !secure,
        _ => false,
    };
    if !scheme_ok || host.is_empty() || !origin.username().is_empty() {
        return false;
    }
    // The Host header read as the authority of the same scheme; anything
    // beyond host and port in it (a path, user-info) is no host at all.
    let Ok(own) = url::Url::parse(&format!("{}://{host}", origin.scheme())) else {
        return false;
    };
    let bare = own.username().is_empty()
        && own.password().is_none()
        && own.path() == "/"
        && own.query().is_none()
        && own.fragment().is_none();
    bare && origin.password().is_none()
        && origin.host().is_some()
        && origin.host() == own.host()
        && origin.port_or_known_default() == own.port_or_known_default()
}

/// Compares two tokens in constant time (`subtle`), so the time taken does
/// not tell how much of a guess was right. Lengths are not secret.
pub fn tokens_match(expected: &str, given: &str) -> bool {
    use subtle::ConstantTimeEq as _;
    !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
}

/// The raw value of field `name` in an `application/x-www-form-urlencoded`
/// body. Tokens are URL-safe base64, which forms never percent-encode.
pub fn form_field<'a>(body: &'a [u8], name: &str) -> Option<&'a str> {
    let text = std::str::from_utf8(body).ok()?;
    text.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_origin_is_accepted() {
        assert!(same_origin(
            "http://127.0.0.1:3000",
            "127.0.0.1:3000",
            false
        ));
        assert!(same_origin("https://scuole.ats.it", "scuole.ats.it", true));
        assert!(same_origin("https://Scuole.ATS.it", "scuole.ats.it", false));
        // A Referer is a full URL.
        assert!(same_origin(
            "http://localhost/accedi?x=1",
            "localhost",
            false
        ));
    }

    #[test]
    fn other_origins_are_refused() {
        assert!(!same_origin("http://evil.example", "127.0.0.1:3000", false));
        // Same host, other port: another origin.
        assert!(!same_origin(
            "http://127.0.0.1:3001",
            "127.0.0.1:3000",
            false
        ));
        // A suffix trick.
        assert!(!same_origin(
            "http://127.0.0.1:3000.evil.example",
            "127.0.0.1:3000",
            false
        ));
        assert!(!same_origin(
            "http://localhost@evil.example/",
            "localhost",
            false
        ));
        assert!(!same_origin("null", "localhost", false));
        assert!(!same_origin("", "localhost", false));
        assert!(!same_origin("http://localhost", "", false));
        // Over https, the http page of the same host does not count.
        assert!(!same_origin("http://scuole.ats.it", "scuole.ats.it", true));
        assert!(!same_origin("ftp://localhost", "localhost", false));
        // A Host header that is more than an authority.
        assert!(!same_origin("http://localhost", "localhost/x", false));
        assert!(!same_origin("http://localhost", "a@localhost", false));
        assert!(!same_origin("http://a@localhost", "localhost", false));
    }

    #[test]
    fn default_ports_compare_equal() {
        assert!(same_origin(
            "https://scuole.ats.it:443",
            "scuole.ats.it",
            true
        ));
        assert!(same_origin(
            "https://scuole.ats.it",
            "scuole.ats.it:443",
            true
        ));
        assert!(same_origin("http://localhost:80/x", "localhost", false));
        assert!(!same_origin(
            "https://scuole.ats.it:8443",
            "scuole.ats.it",
            true
        ));
        assert!(!same_origin("http://localhost:443", "localhost", false));
    }

    #[test]
    fn tokens_compare_exactly() {
        assert!(tokens_match("abc", "abc"));
        assert!(!tokens_match("abc", "abd"));
        assert!(!tokens_match("abc", "ab"));
        assert!(!tokens_match("", ""), "an empty token never matches");
    }

    #[test]
    fn finds_the_form_field() {
        let body = b"username=mario&csrf_token=Ab-_9&password=x%26y";
        assert_eq!(form_field(body, FIELD), Some("Ab-_9"));
        assert_eq!(form_field(body, "missing"), None);
        assert_eq!(form_field(b"csrf_tokenX=1", FIELD), None);
        assert_eq!(form_field(&[0xff, 0xfe], FIELD), None);
    }
}
