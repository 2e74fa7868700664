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

/// "Salva rilevazione": the absences of `day_iso` (the survey day the
/// window opens today; `late` on the late-entry day), or the day's closure.
#[island]
pub fn AbsenceEntry(
    plesso_id: i32,
    day_iso: String,
    enrolled: Option<u32>,
    absent: String,
    ill: String,
    per_class: String,
) -> impl IntoView {
    use super::api::SaveAbsences;
    use super::entry::{self, Closure, EntryForm, Illness};
    use crate::ui::fields::{SelectField, TextAreaField};
    let form = Form::<SaveAbsences>::new();
    let action = form.action;
    let absent = form.text("form[absent]", absent);
    let ill = form.text("form[ill]", ill);
    let reason = form.text("form[reason]", String::new());
    let closed = form.ticked("form[closed]", false);
    let closed_reason = form.text("form[closed_reason]", String::new());
    let per_class = form.text("form[per_class]", per_class);
    let (local, server) = (form.local, form.server);
    let err = move |field| field_error(local.into(), server, field);
    let day = day_iso.clone();
    let current = move || EntryForm {
        plesso_id: plesso_id.to_string(),
        survey_day: day.clone(),
        absent: absent.get_untracked(),
        ill: ill.get_untracked(),
        reason: reason.get_untracked(),
        closed: closed.get_untracked().then(|| "on".to_owned()),
        closed_reason: closed_reason.get_untracked(),
        per_class: per_class.get_untracked(),
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = current();
        let rules = entry::validate(&input, enrolled).map(|_| ());
        form.check(SaveAbsences { form: input }, rules);
    };
    Effect::new(move |_| {
        if let Some(Ok(id)) = action.value().get() {
            let _ = window()
                .location()
                .assign(&format!("/assenze?registrata={id}#plesso-{plesso_id}"));
        }
    });
    let illnesses: Vec<(String, String)> = std::iter::once((String::new(), "non noto".to_owned()))
        .chain(
            Illness::ALL
                .iter()
                .map(|i| (i.key().to_owned(), i.key().to_owned())),
        )
        .collect();
    let closures: Vec<(String, String)> = std::iter::once((String::new(), "—".to_owned()))
        .chain(
            Closure::ALL
                .iter()
                .map(|c| (c.key().to_owned(), c.label().to_owned())),
        )
        .collect();
    crate::ui::adopt_ticked("abs-closed", closed);
    view! {
        <form
            action=SaveAbsences::url()
            method="post"
            novalidate
            on:submit=on_submit
            data-testid="absence-form"
        >
            <div class="form">
                <CsrfField />
                {form.key_field()}
                <input type="hidden" name="form[plesso_id]" value=plesso_id />
                <input type="hidden" name="form[survey_day]" value=day_iso />
                <FormErrors local=local server=server />
                <TextField
                    id="abs-absent"
                    name="form[absent]"
                    label="Alunni assenti"
                    value=absent
                    error=err(entry::ABSENT)
                    help="Tutti gli alunni assenti del plesso nel giorno di rilevazione."
                    maxlength=6
                />
                <TextField
                    id="abs-ill"
                    name="form[ill]"
                    label="Di cui assenti per malattia (se noto)"
                    value=ill
                    error=err(entry::ILL)
                    maxlength=6
                />
                <SelectField
                    id="abs-reason"
                    name="form[reason]"
                    label="Motivo prevalente della malattia (se noto)"
                    value=reason
                    options=illnesses
                    error=err(entry::REASON)
                />
                <TextAreaField
                    id="abs-per-class"
                    name="form[per_class]"
                    label="Assenti per classe (facoltativo)"
                    value=per_class
                    error=err(entry::PER_CLASS)
                    help="Una riga per classe: classe;assenti oppure classe;assenti;di cui per malattia (es. 2B;3;1). La somma deve essere uguale agli alunni assenti."
                    rows=4
                />
                <div class="checkbox">
                    <input
                        type="checkbox"
                        id="abs-closed"
                        name="form[closed]"
                        value="on"
                        checked=closed.get_untracked()
                        prop:checked=move || closed.get()
                        on:change:target=move |ev| closed.set(ev.target().checked())
                    />
                    <label for="abs-closed">"Giorno di chiusura (nessuna lezione)"</label>
                </div>
                <SelectField
                    id="abs-closed-reason"
                    name="form[closed_reason]"
                    label="Motivo della chiusura"
                    value=closed_reason
                    options=closures
                    error=err(entry::CLOSED_REASON)
                />
                <button type="submit" class="btn" disabled=move || action.pending().get()>
                    "Salva rilevazione"
                </button>
            </div>
        </form>
    }
}
