//! The interactive parts of "Registro assenze" (islands): the entry of
//! iscritti e classi, checked in the browser with the shared rules and
//! again by the server, and the ATS's sentinel designation button. Without
//! JavaScript both post themselves.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use super::api::{SaveEnrolment, SetSentinel};
use super::enrolment::{self, EnrolmentForm};
use crate::identity::csrf_client::CsrfField;
use crate::ui::Form;
use crate::ui::fields::{FormErrors, TextField, field_error};

/// The "Aggiungi" form of plesso `plesso_id`; `today` is the server's day.
#[island]
pub fn EnrolmentEntry(plesso_id: i32, today: NaiveDate) -> impl IntoView {
    let form = Form::<SaveEnrolment>::new();
    let action = form.action;
    let pupils = form.text("form[pupils]", String::new());
    let classes = form.text("form[classes]", String::new());
    let valid_from = form.text(
        "form[valid_from]",
        crate::validation::dates::format_date_it(today),
    );
    let (local, server) = (form.local, form.server);
    let err = move |field| field_error(local.into(), server, field);
    let current = move || EnrolmentForm {
        plesso_id: plesso_id.to_string(),
        pupils: pupils.get_untracked(),
        classes: classes.get_untracked(),
        valid_from: valid_from.get_untracked(),
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = current();
        let rules = enrolment::validate(&input, today).map(|_| ());
        let request_key = form.request_key.get_untracked();
        form.check(
            SaveEnrolment {
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
                .assign(&format!("/assenze?salvato={id}#plesso-{plesso_id}"));
        }
    });
    view! {
        <form
            action=SaveEnrolment::url()
            method="post"
            novalidate
            on:submit=on_submit
            data-testid="enrolment-form"
        >
            <div class="form">
                <CsrfField />
                {form.key_field()}
                <input type="hidden" name="form[plesso_id]" value=plesso_id />
                <FormErrors local=local server=server />
                <TextField
                    id="enr-pupils"
                    name="form[pupils]"
                    label="Numero di iscritti (6-19 anni)"
                    value=pupils
                    error=err(enrolment::PUPILS)
                    help="Tutti gli alunni iscritti al plesso nella fascia 6-19 anni."
                    maxlength=6
                />
                <TextField
                    id="enr-classes"
                    name="form[classes]"
                    label="Numero di classi"
                    value=classes
                    error=err(enrolment::CLASSES)
                    maxlength=4
                />
                <TextField
                    id="enr-from"
                    name="form[valid_from]"
                    label="In vigore dal"
                    value=valid_from
                    error=err(enrolment::VALID_FROM)
                    help="gg/mm/aaaa: il giorno da cui valgono questi numeri."
                    maxlength=10
                />
                <button type="submit" class="btn" disabled=move || action.pending().get()>
                    "Salva"
                </button>
            </div>
        </form>
    }
}

/// The ATS designates the plesso as "scuola sentinella", or withdraws it.
#[island]
pub fn SentinelToggle(plesso_id: i32, active: bool, name: String) -> impl IntoView {
    let action = ServerAction::<SetSentinel>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(SetSentinel {
            plesso_id,
            active: !active,
        });
    };
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            let _ = window().location().reload();
        }
    });
    let label = if active {
        "Revoca scuola sentinella"
    } else {
        "Designa scuola sentinella"
    };
    view! {
        <form action=SetSentinel::url() method="post" on:submit=on_submit>
            <CsrfField />
            <input type="hidden" name="plesso_id" value=plesso_id />
            <input type="hidden" name="active" value=if active { "false" } else { "true" } />
            <button
                type="submit"
                class="btn btn-secondary"
                aria-label=format!("{label}: {name}")
                disabled=move || action.pending().get()
            >
                {label}
            </button>
            {move || {
                action
                    .value()
                    .get()
                    .and_then(Result::err)
                    .map(|e| {
                        view! {
                            <p class="field-error" role="alert">
                                {e.to_string()}
                            </p>
                        }
                    })
            }}
        </form>
    }
}
