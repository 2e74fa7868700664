//! The few pages the SPID / CIE routes answer with themselves (outcomes a
//! person must read before going on): plain server-rendered HTML in the
//! portal's style, in Italian, never cached.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::error::OidcError;

/// Where a person may try again.
const RETRY_LINK: (&str, &str) = ("/auth/spid", "Ricomincia l'accesso con SPID o CIE");
const HOME_LINK: (&str, &str) = ("/", "Torna alla pagina iniziale");

/// The page for a failed login; the message says what to do next.
pub fn error_page(err: &OidcError) -> Response {
    let links: &[(&str, &str)] = match err {
        OidcError::NotConfigured => &[HOME_LINK],
        _ => &[RETRY_LINK, HOME_LINK],
    };
    page(err.status(), err.title(), &[err.to_string()], links)
}

/// A verified person whose codice fiscale belongs to no active account.
/// Nothing is created; the page says who can register them.
pub fn not_registered_page(codice_fiscale: &str) -> Response {
    page(
        StatusCode::FORBIDDEN,
        "Codice fiscale non registrato",
        &[
            format!(
                "La sua identità digitale è stata verificata: codice fiscale {codice_fiscale}."
            ),
            "Il suo codice fiscale non risulta registrato nel Portale Scuole: il dirigente scolastico può chiedere la registrazione all'ATS del proprio territorio (o all'amministratore del portale), indicando nome, cognome, codice fiscale e istituto. I delegati e i referenti di plesso sono registrati dal proprio dirigente scolastico; gli operatori ATS dall'amministratore del portale.".to_owned(),
            "Non è stato creato alcun account. Dopo la registrazione potrà accedere di nuovo con SPID o CIE.".to_owned(),
        ],
        &[HOME_LINK],
    )
}

fn page(
    status: StatusCode,
    title: &str,
    paragraphs: &[String],
    links: &[(&str, &str)],
) -> Response {
    let title = escape(title);
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>", escape(p)))
        .collect();
    let links: String = links
        .iter()
        .map(|(href, label)| {
            format!(
                r#"<li><a href="{}">{}</a></li>"#,
                escape(href),
                escape(label)
            )
        })
        .collect();
    let html = format!(
        r##"<!DOCTYPE html>
<html lang="it">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>{title} · Portale Scuole</title>
<link rel="stylesheet" href="/pkg/portale-scuole.css"/>
</head>
<body>
<a class="skip-link" href="#contenuto">Vai al contenuto principale</a>
<header class="site-header"><div class="header-center"><div class="container header-brand"><a class="brand" href="/"><span class="brand-title">Portale Scuole</span></a></div></div></header>
<main id="contenuto" class="container" tabindex="-1">
<h1>{title}</h1>
{body}
<ul class="spid-links">{links}</ul>
</main>
</body>
</html>
"##
    );
    let mut resp = (status, html).into_response();
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(
            escape(r#"<a href="x">l'&</a>"#),
            "&lt;a href=&quot;x&quot;&gt;l&#39;&amp;&lt;/a&gt;"
        );
    }
}
