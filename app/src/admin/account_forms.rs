//! The administrator's islands for accounts and the
//! decisions on registration requests. Passwords the server generates are
//! shown once, here, and never again.

use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use super::api::{ResetAccountPassword, SaveAccount, SetAccountActive};
use super::rules::{self, AccountForm};
use crate::error::FieldErrors;
use crate::identity::Role;
use crate::identity::csrf_client::CsrfField;
use crate::registration::api::{ApproveRegistration, RejectRegistration};
use crate::registration::rules::LoginMode;
use crate::ui::Form;
use crate::ui::fields::{FormErrors, SelectField, TextField, action_error, field_error};

/// A generated password, to copy and pass on.
fn password_notice(password: String) -> impl IntoView {
    view! {
        <div class="result ok" role="status" data-testid="new-password">
            <p>"Password iniziale (mostrata solo ora: comunicarla alla persona in modo sicuro):"</p>
            <p class="mono password">{password}</p>
        </div>
    }
}

#[island]
pub fn AccountEditor(
    #[prop(optional)] existing: Option<AccountForm>,
    placements: Vec<(String, String)>,
    today: chrono::NaiveDate,
) -> impl IntoView {
    let start = existing.unwrap_or_default();
    let id = start.id;
    let editor = Form::<SaveAccount>::for_record(id);
    let action = editor.action;
    let username = editor.text("form[username]", start.username);
    let full_name = editor.text("form[full_name]", start.full_name);
    let cf = editor.text("form[codice_fiscale]", start.codice_fiscale);
    let email = editor.text("form[email]", start.email);
    let role = editor.text("form[role]", start.role);
    let placement = editor.text("form[placement]", start.placement);
    let login = editor.text(
        "form[login]",
        if start.login.is_empty() {
            "password".to_owned()
        } else {
            start.login
        },
    );
    let (local, server) = (editor.local, editor.server);
    let err = move |f| field_error(local.into(), server, f);
    let mut roles = vec![(String::new(), "— scegliere —".to_owned())];
    roles.extend(
        Role::ALL
            .iter()
            .map(|r| (r.key().to_owned(), r.label().to_owned())),
    );
    let logins = vec![
        (
            "password".to_owned(),
            "Password iniziale generata dal portale".to_owned(),
        ),
        (
            "spid".to_owned(),
            "Solo SPID o CIE (codice fiscale obbligatorio)".to_owned(),
        ),
    ];
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = AccountForm {
            id,
            username: username.get_untracked(),
            full_name: full_name.get_untracked(),
            codice_fiscale: cf.get_untracked(),
            email: email.get_untracked(),
            role: role.get_untracked(),
            placement: placement.get_untracked(),
            login: login.get_untracked(),
        };
        match rules::validate_account(&form, today) {
            Ok(_) => {
                local.set(FieldErrors::new());
                action.dispatch(SaveAccount {
                    form,
                    request_key: editor.request_key.get_untracked(),
                });
            }
            Err(e) => local.set(e),
        }
    };
    let saved = move || match action.value().get() {
        Some(Ok(saved)) => Some(match saved.password {
            Some(pw) => password_notice(pw).into_any(),
            None => view! {
                <p class="result ok" role="status">
                    "Account salvato."
                </p>
            }
            .into_any(),
        }),
        _ => None,
    };
    view! {
        <form
            action=SaveAccount::url()
            method="post"
            novalidate
            on:submit=on_submit
            data-testid="account-form"
        >
            <div class="form">
                <CsrfField />
                {id
                    .map(|id| {
                        view! { <input type="hidden" name="form[id]" value=id.to_string() /> }
                    })}
                {editor.key_field()}
                <FormErrors local=local server=server />
                {id
                    .is_none()
                    .then(|| {
                        view! {
                            <TextField
                                id="acc-username"
                                name="form[username]"
                                label="Nome utente"
                                value=username
                                error=err("username")
                                maxlength=100
                            />
                        }
                    })}
                <TextField
                    id="acc-name"
                    name="form[full_name]"
                    label="Nome e cognome"
                    value=full_name
                    error=err("full_name")
                />
                <TextField
                    id="acc-cf"
                    name="form[codice_fiscale]"
                    label="Codice fiscale (per SPID/CIE)"
                    value=cf
                    error=err("codice_fiscale")
                    maxlength=40
                />
                <TextField
                    id="acc-email"
                    name="form[email]"
                    label="E-mail"
                    value=email
                    error=err("email")
                    input_type="email"
                    maxlength=254
                />
                <SelectField
                    id="acc-role"
                    name="form[role]"
                    label="Ruolo"
                    value=role
                    options=roles
                    error=err("role")
                />
                <SelectField
                    id="acc-placement"
                    name="form[placement]"
                    label="Assegnazione"
                    value=placement
                    options=placements
                    error=err("placement")
                />
                {id
                    .is_none()
                    .then(|| {
                        view! {
                            <SelectField
                                id="acc-login"
                                name="form[login]"
                                label="Accesso"
                                value=login
                                options=logins
                                error=err("login")
                            />
                        }
                    })}
                <button type="submit" class="btn" disabled=move || action.pending().get()>
                    {if id.is_some() { "Salva le modifiche" } else { "Crea l'account" }}
                </button>
            </div>
        </form>
        {saved}
    }
}

/// "Disattiva"/"Riattiva" and "Nuova password" for one account.
#[island]
pub fn AccountActions(id: i32, active: bool) -> impl IntoView {
    let toggle = ServerAction::<SetAccountActive>::new();
    let reset = ServerAction::<ResetAccountPassword>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = toggle.value().get() {
            let _ = window().location().reload();
        }
    });
    let error = move || {
        let a = toggle.value().get().and_then(|r| r.err());
        let b = reset.value().get().and_then(|r| r.err());
        a.or(b).map(|e| e.to_string())
    };
    let password = move || {
        reset
            .value()
            .get()
            .and_then(|r| r.ok())
            .map(password_notice)
    };
    view! {
        <div class="row-actions">
            <button
                type="button"
                class="btn btn-light on-white"
                on:click=move |_| {
                    toggle
                        .dispatch(SetAccountActive {
                            id,
                            active: !active,
                        });
                }
            >
                {if active { "Disattiva" } else { "Riattiva" }}
            </button>
            <button
                type="button"
                class="btn btn-light on-white"
                on:click=move |_| {
                    reset.dispatch(ResetAccountPassword { id });
                }
            >
                "Nuova password"
            </button>
            <p class="field-error" aria-live="polite">
                {error}
            </p>
            {password}
        </div>
    }
}

/// Approve (initial password or SPID/CIE only) or reject with a reason.
#[island]
pub fn RequestDecision(id: i32) -> impl IntoView {
    let approve = ServerAction::<ApproveRegistration>::new();
    let reject = ServerAction::<RejectRegistration>::new();
    let reason = RwSignal::new(String::new());
    let local = RwSignal::new(FieldErrors::new());
    let server = action_error(reject.value());
    let reason_id = format!("reason-{id}");
    Effect::new(move |_| {
        if let Some(Ok(())) = reject.value().get() {
            let _ = window().location().reload();
        }
    });
    let approve_error = move || {
        approve
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.to_string())
    };
    let approved = move || {
        approve.value().get().and_then(|r| r.ok()).map(|o| view! {
            <div class="result ok" role="status" data-testid="approved">
                <p>{format!("Account creato per {}: nome utente {}.", o.full_name, o.username)}</p>
                {o.password.map(password_notice)}
            </div>
        })
    };
    let on_reject = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match crate::registration::rules::check_reason(&reason.get_untracked()) {
            Ok(text) => {
                local.set(FieldErrors::new());
                reject.dispatch(RejectRegistration { id, reason: text });
            }
            Err(e) => local.set(e),
        }
    };
    view! {
        <div class="decision">
            <Show when=move || approved().is_none() fallback=approved>
                <form
                    action=ApproveRegistration::url()
                    method="post"
                    on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        approve
                            .dispatch(ApproveRegistration {
                                id,
                                mode: LoginMode::Password,
                            });
                    }
                >
                    <CsrfField />
                    <button type="submit" class="btn">
                        "Approva con password iniziale"
                    </button>
                    <button
                        type="button"
                        class="btn btn-light on-white"
                        on:click=move |_| {
                            approve
                                .dispatch(ApproveRegistration {
                                    id,
                                    mode: LoginMode::Spid,
                                });
                        }
                    >
                        "Approva (solo SPID/CIE)"
                    </button>
                    <p class="field-error" aria-live="polite">
                        {approve_error}
                    </p>
                </form>
                <form action=RejectRegistration::url() method="post" novalidate on:submit=on_reject>
                    <CsrfField />
                    <TextField
                        id=reason_id.clone()
                        name="reason"
                        label="Motivo del rifiuto"
                        value=reason
                        error=field_error(local.into(), server, crate::registration::rules::REASON)
                        maxlength=1000
                    />
                    <button type="submit" class="btn btn-danger">
                        "Respingi"
                    </button>
                </form>
            </Show>
        </div>
    }
}
