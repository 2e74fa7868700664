//! "Accedi": the password login form. Works without JavaScript (the form
//! posts, the server redirects); with it, a successful login reloads the
//! page so the header, the cookie and the anti-forgery token change together.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::identity::csrf_client::CsrfField;
use crate::identity::login::{Login, PASSWORD, USERNAME};
use crate::identity::user_menu::use_session_info;

#[component]
pub fn LoginPage() -> impl IntoView {
    // Without JavaScript a refused login comes back as this page, the
    // username kept (never the password).
    let form = crate::ui::Form::<Login>::new();
    let action = form.action;
    let username = form.text(USERNAME, String::new()).get_untracked();
    Effect::new(move |_| {
        if let Some(Ok(next)) = action.value().get() {
            let _ = window().location().assign(&next);
        }
    });
    let error = move || match action.value().get() {
        Some(Err(err)) => Some(err.to_string()),
        _ => None,
    };
    let already = use_session_info().map(|info| {
        view! {
            <p class="callout" data-testid="already-logged-in">
                "Ha già effettuato l'accesso come "
                {info.full_name}
                " ("
                {info.role.label()}
                "). "
                <A href="/scuola">"Vai a La mia scuola"</A>
                "."
            </p>
        }
    });

    view! {
        <Title text="Accedi" />
        <h1>"Accedi"</h1>
        <p>
            "Accesso riservato a dirigenti scolastici, delegati, referenti di plesso, operatori ATS e "
            "amministratori. Le credenziali sono fornite dall'amministratore del portale."
        </p>
        {already}
        <ActionForm action=action>
            <div class="form">
                <CsrfField />
                <p
                    id="login-error"
                    class="form-errors"
                    role="alert"
                    hidden=move || error().is_none()
                >
                    {error}
                </p>
                <div class="form-group">
                    <label for="login-username">"Nome utente"</label>
                    <input
                        id="login-username"
                        name=USERNAME
                        type="text"
                        value=username
                        autocomplete="username"
                        autocapitalize="none"
                        spellcheck="false"
                        maxlength="100"
                        required
                    />
                </div>
                <div class="form-group">
                    <label for="login-password">"Password"</label>
                    <input
                        id="login-password"
                        name=PASSWORD
                        type="password"
                        autocomplete="current-password"
                        maxlength="256"
                        required
                    />
                </div>
                <button type="submit" class="btn" disabled=move || action.pending().get()>
                    "Accedi"
                </button>
            </div>
        </ActionForm>
        <h2>"Accesso con identità digitale"</h2>
        <p>
            "Con SPID o CIE si accede con il proprio codice fiscale, se registrato nel portale "
            "dall'amministratore o tramite richiesta di registrazione approvata."
        </p>
        // A plain link: the login starts on the server (/auth/spid), which
        // answers with an explanatory page when SPID/CIE is not configured.
        <p>
            <a class="btn btn-secondary" href="/auth/spid?ritorno=/scuola" rel="external">
                "Entra con SPID / CIE"
            </a>
        </p>
    }
}
