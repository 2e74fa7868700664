//! "Richiesta di registrazione" (/registrazione): a principal without an
//! account asks for one (no login). The form is an island, checked in the
//! browser with the shared rules and again by the server.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;
use leptos_meta::Title;

use super::api::SubmitRegistration;
use super::rules::{self, RegistrationForm};
use crate::identity::csrf_client::CsrfField;
use crate::ui::Form;
use crate::ui::fields::{FormErrors, TextField, field_error};
use crate::ui::server_today;

#[component]
pub fn RegistrationPage() -> impl IntoView {
    view! {
        <Title text="Richiesta di registrazione" />
        <h1>"Richiesta di registrazione"</h1>
        <p class="lead">
            "Il portale conosce in anticipo chi può accedere: solo il dirigente scolastico registrato "
            "per l'istituto, o una persona da lui delegata. Se è dirigente di un istituto e non ha ancora "
            "un account, invii questa richiesta: l'amministratore del portale la verifica e crea l'account."
        </p>
        <p>
            "Dopo l'approvazione accederà con SPID o CIE (con il proprio codice fiscale) oppure con la "
            "password iniziale che l'amministratore le comunicherà."
        </p>
        <RegistrationForm today=server_today() />
    }
}

#[island]
fn RegistrationForm(today: NaiveDate) -> impl IntoView {
    let form = Form::<SubmitRegistration>::new();
    let action = form.action;
    let istituto = form.text("form[istituto_codice]", String::new());
    let cf = form.text("form[codice_fiscale]", String::new());
    let name = form.text("form[full_name]", String::new());
    let email = form.text("form[email]", String::new());
    let phone = form.text("form[phone]", String::new());
    let (local, server) = (form.local, form.server);
    let err = move |field| field_error(local.into(), server, field);
    let checker = form;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = RegistrationForm {
            istituto_codice: istituto.get_untracked(),
            codice_fiscale: cf.get_untracked(),
            full_name: name.get_untracked(),
            email: email.get_untracked(),
            phone: phone.get_untracked(),
        };
        let rules = rules::validate(&form, today).map(|_| ());
        let request_key = checker.request_key.get_untracked();
        checker.check(SubmitRegistration { form, request_key }, rules);
    };
    let sent = move || matches!(action.value().get(), Some(Ok(_)));
    view! {
        <Show
            when=sent
            fallback=move || {
                view! {
                    <form
                        action=SubmitRegistration::url()
                        method="post"
                        novalidate
                        on:submit=on_submit
                        data-testid="registration"
                    >
                        <div class="form">
                            <CsrfField />
                            {form.key_field()}
                            <FormErrors local=local server=server />
                            <TextField
                                id="reg-istituto"
                                name="form[istituto_codice]"
                                label="Codice meccanografico dell'istituto"
                                value=istituto
                                error=err(rules::ISTITUTO)
                                maxlength=10
                                help="10 caratteri, ad esempio MIIC8AB00X."
                            />
                            <TextField
                                id="reg-cf"
                                name="form[codice_fiscale]"
                                label="Codice fiscale del dirigente scolastico"
                                value=cf
                                error=err(rules::CODICE_FISCALE)
                                maxlength=40
                            />
                            <TextField
                                id="reg-name"
                                name="form[full_name]"
                                label="Nome e cognome"
                                value=name
                                error=err(rules::FULL_NAME)
                                autocomplete="name"
                            />
                            <TextField
                                id="reg-email"
                                name="form[email]"
                                label="Indirizzo e-mail"
                                value=email
                                error=err(rules::EMAIL)
                                input_type="email"
                                autocomplete="email"
                                maxlength=254
                            />
                            <TextField
                                id="reg-phone"
                                name="form[phone]"
                                label="Telefono"
                                value=phone
                                error=err(rules::PHONE)
                                input_type="tel"
                                autocomplete="tel"
                                maxlength=32
                            />
                            <button
                                type="submit"
                                class="btn"
                                disabled=move || action.pending().get()
                            >
                                "Invia la richiesta"
                            </button>
                        </div>
                    </form>
                }
            }
        >
            <p class="result ok" role="status" data-testid="registration-sent">
                "Richiesta inviata. L'amministratore del portale la verificherà e le scriverà all'indirizzo "
                "e-mail indicato."
            </p>
        </Show>
    }
}
