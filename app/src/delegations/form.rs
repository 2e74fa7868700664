//! The interactive parts of "Deleghe" (islands): the "Nuova delega" form,
//! checked in the browser with the shared rules before it is sent and again
//! by the server, and the "Revoca" button with its confirmation.

use chrono::NaiveDate;
use leptos::prelude::*;

use leptos::server_fn::ServerFn as _;

use super::api::{CreateDelegation, RevokeDelegation};
use super::rules::{self, DelegationForm};
use crate::identity::Module;
use crate::identity::csrf_client::CsrfField;
use crate::ui::Form;
use crate::ui::fields::{FormErrors, TextField, field_error};

/// "Nuova delega". `today` is the server's day, so both sides apply the
/// same "not before today" rule.
#[island]
pub fn NewDelegationForm(today: NaiveDate) -> impl IntoView {
    let form = Form::<CreateDelegation>::new();
    let action = form.action;
    let cf = form.text("form[codice_fiscale]", String::new());
    let name = form.text("form[full_name]", String::new());
    let email = form.text("form[email]", String::new());
    let start = form.text(
        "form[start_date]",
        crate::validation::dates::format_date_it(today),
    );
    let end = form.text("form[end_date]", String::new());
    let ticked: Vec<(Module, RwSignal<bool>)> = Module::ALL
        .into_iter()
        .map(|m| (m, form.ticked(&format!("form[{}]", m.key()), false)))
        .collect();
    let (local, server) = (form.local, form.server);
    let err = move |field| field_error(local.into(), server, field);

    let ticked_for_form = ticked.clone();
    let current = move || {
        let on = |m: Module| {
            ticked_for_form
                .iter()
                .find(|(x, _)| *x == m)
                .is_some_and(|(_, s)| s.get_untracked())
                .then(|| "on".to_owned())
        };
        DelegationForm {
            codice_fiscale: cf.get_untracked(),
            full_name: name.get_untracked(),
            email: email.get_untracked(),
            vaccinations: on(Module::Vaccinations),
            cases: on(Module::Cases),
            removals: on(Module::Removals),
            absences: on(Module::Absences),
            start_date: start.get_untracked(),
            end_date: end.get_untracked(),
        }
    };
    // The browser checks with the shared rules, then sends; without
    // JavaScript the form posts itself to the same server function.
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = current();
        let rules = rules::validate(&input, today).map(|_| ());
        let request_key = form.request_key.get_untracked();
        form.check(
            CreateDelegation {
                form: input,
                request_key,
            },
            rules,
        );
    };
    Effect::new(move |_| {
        if let Some(Ok(id)) = action.value().get() {
            let _ = window()
                .location()
                .assign(&format!("/deleghe?nuova={id}#delega-{id}"));
        }
    });
    let modules_error = err(rules::MODULES);

    view! {
        <form
            action=CreateDelegation::url()
            method="post"
            novalidate
            on:submit=on_submit
            data-testid="new-delegation"
        >
            <div class="form">
                <CsrfField />
                {form.key_field()}
                <FormErrors local=local server=server />
                <TextField
                    id="del-cf"
                    name="form[codice_fiscale]"
                    label="Codice fiscale della persona delegata"
                    value=cf
                    error=err(rules::CODICE_FISCALE)
                    maxlength=40
                    help="16 caratteri; la persona accederà con SPID o CIE."
                />
                <TextField
                    id="del-name"
                    name="form[full_name]"
                    label="Nome e cognome"
                    value=name
                    error=err(rules::FULL_NAME)
                    autocomplete="name"
                />
                <TextField
                    id="del-email"
                    name="form[email]"
                    label="Indirizzo e-mail"
                    value=email
                    error=err(rules::EMAIL)
                    input_type="email"
                    autocomplete="email"
                    maxlength=254
                />
                <fieldset
                    class="fieldset"
                    class:has-error=move || modules_error.get().is_some()
                    aria-describedby="del-modules-error"
                >
                    <legend>"Moduli delegati"</legend>
                    {ticked
                        .into_iter()
                        .map(|(module, checked)| {
                            let id = format!("del-mod-{}", module.key());
                            let label_for = id.clone();
                            crate::ui::adopt_ticked(&id, checked);
                            view! {
                                <div class="checkbox">
                                    <input
                                        type="checkbox"
                                        id=id
                                        name=format!("form[{}]", module.key())
                                        value="on"
                                        checked=checked.get_untracked()
                                        prop:checked=move || checked.get()
                                        on:change:target=move |ev| {
                                            checked.set(ev.target().checked())
                                        }
                                    />
                                    <label for=label_for>{module.label()}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                    <p id="del-modules-error" class="field-error" aria-live="polite">
                        {move || modules_error.get()}
                    </p>
                </fieldset>
                <TextField
                    id="del-start"
                    name="form[start_date]"
                    label="Valida dal"
                    value=start
                    error=err(rules::START_DATE)
                    help="gg/mm/aaaa, non prima di oggi."
                    maxlength=10
                />
                <TextField
                    id="del-end"
                    name="form[end_date]"
                    label="Valida fino al"
                    value=end
                    error=err(rules::END_DATE)
                    help="gg/mm/aaaa, non prima della data di inizio."
                    maxlength=10
                />
                <button type="submit" class="btn" disabled=move || action.pending().get()>
                    "Registra la delega"
                </button>
            </div>
        </form>
    }
}

/// "Revoca" for one delegation: a first click asks for confirmation, the
/// second sends. Without JavaScript the form posts at once (the page says so).
#[island]
pub fn RevokeButton(id: i32, delegate_name: String) -> impl IntoView {
    let action = ServerAction::<RevokeDelegation>::new();
    let confirming = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if confirming.get_untracked() {
            action.dispatch(RevokeDelegation { id });
        } else {
            confirming.set(true);
        }
    };
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            let _ = window().location().assign("/deleghe?revocata=1");
        }
    });
    let error = move || match action.value().get() {
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    };
    let question = format!("Revocare la delega a {delegate_name}? La revoca ha effetto immediato.");
    view! {
        <form action=RevokeDelegation::url() method="post" class="revoke" on:submit=on_submit>
            <CsrfField />
            <input type="hidden" name="id" value=id.to_string() />
            <p class="confirm" role="alert" hidden=move || !confirming.get()>
                {question}
            </p>
            <button type="submit" class="btn btn-danger" data-testid="revoke">
                {move || if confirming.get() { "Conferma la revoca" } else { "Revoca" }}
            </button>
            <button
                type="button"
                class="btn btn-light on-white"
                hidden=move || !confirming.get()
                on:click=move |_| confirming.set(false)
            >
                "Annulla"
            </button>
            <p class="field-error" aria-live="polite">
                {error}
            </p>
        </form>
    }
}
