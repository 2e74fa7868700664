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
/// `host` (the request's `Host`). Over https only an https origin counts.
pub fn same_origin(source: &str, host: &str, secure: bool) -> bool {
    let (scheme, rest) = match source.split_once("://") {
        Some(parts) => parts,
        None => return false,
    };
    let scheme_ok = match scheme.to_ascii_lowercase().as_str() {
        "https" => true,
        "http" => !secure,
        _ => false,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    scheme_ok && !host.is_empty() && authority.eq_ignore_ascii_case(host)
}

/// Compares two tokens in time independent of where they differ.
pub fn tokens_match(expected: &str, given: &str) -> bool {
    let (a, b) = (expected.as_bytes(), given.as_bytes());
    if a.len() != b.len() || a.is_empty() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
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
