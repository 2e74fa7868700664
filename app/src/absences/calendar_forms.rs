//! The school calendar's forms with fields (islands): the ATS's closed day
//! and school-year dates, the plesso's closures. Checked in the browser
//! with the shared rules and again by the server; without JavaScript they
//! post themselves and a refusal comes back beside the fields.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use super::calendar_api::{AddClosedDay, AddPlessoClosure, SaveSchoolYear};
use super::closures::{self, ClosedDayForm, ClosureForm, YearForm};
use crate::identity::csrf_client::CsrfField;
use crate::ui::Form;
use crate::ui::fields::{FormErrors, TextField, field_error};

fn go_to(to: String) {
    let _ = window().location().assign(&to);
}

/// "Aggiungi giorno di chiusura" for ATS `ats_id`.
#[island]
pub fn ClosedDayEntry(ats_id: i32) -> impl IntoView {
    let form = Form::<AddClosedDay>::new();
    let action = form.action;
    let day = form.text("form[day]", String::new());
    let reason = form.text("form[reason]", String::new());
    let (local, server) = (form.local, form.server);
    let err = move |field| field_error(local.into(), server, field);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = ClosedDayForm {
            ats_id: ats_id.to_string(),
            day: day.get_untracked(),
            reason: reason.get_untracked(),
        };
        let rules = closures::validate_closed_day(&input).map(|_| ());
        form.check(AddClosedDay { form: input }, rules);
    };
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            go_to(format!(
                "/assenze/calendario?ats={ats_id}&aggiornato=1#calendario"
            ));
        }
    });
    view! {
        <form
            action=AddClosedDay::url()
            method="post"
            novalidate
            on:submit=on_submit
            data-testid="closed-day-form"
        >
            <div class="form">
                <CsrfField />
                {form.key_field()}
                <input type="hidden" name="form[ats_id]" value=ats_id />
                <FormErrors local=local server=server />
                <TextField
                    id="cal-day"
                    name="form[day]"
                    label="Giorno"
                    value=day
                    error=err(closures::DAY)
                    help="gg/mm/aaaa"
                    maxlength=10
                />
                <TextField
                    id="cal-reason"
                    name="form[reason]"
                    label="Motivo"
                    value=reason
                    error=err(closures::REASON)
                    help="Ad esempio: Santo patrono, elezioni."
                    maxlength=200
                />
                <button type="submit" class="btn" disabled=move || action.pending().get()>
                    "Aggiungi giorno di chiusura"
                </button>
            </div>
        </form>
    }
}

/// "Salva date": a school year of ATS `ats_id`, starting from `first_day`
/// and `last_day` (dd/mm/yyyy, those in force or empty).
#[island]
pub fn SchoolYearEntry(ats_id: i32, first_day: String, last_day: String) -> impl IntoView {
    let form = Form::<SaveSchoolYear>::new();
    let action = form.action;
    let first = form.text("form[first_day]", first_day);
    let last = form.text("form[last_day]", last_day);
    let (local, server) = (form.local, form.server);
    let err = move |field| field_error(local.into(), server, field);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = YearForm {
            ats_id: ats_id.to_string(),
            first_day: first.get_untracked(),
            last_day: last.get_untracked(),
        };
        let rules = closures::validate_year(&input).map(|_| ());
        form.check(SaveSchoolYear { form: input }, rules);
    };
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            go_to(format!(
                "/assenze/calendario?ats={ats_id}&aggiornato=1#calendario"
            ));
        }
    });
    view! {
        <form
            action=SaveSchoolYear::url()
            method="post"
            novalidate
            on:submit=on_submit
            data-testid="school-year-form"
        >
            <div class="form">
                <CsrfField />
                {form.key_field()}
                <input type="hidden" name="form[ats_id]" value=ats_id />
                <FormErrors local=local server=server />
                <TextField
                    id="cal-first"
                    name="form[first_day]"
                    label="Inizio anno scolastico"
                    value=first
                    error=err(closures::FIRST_DAY)
                    help="gg/mm/aaaa: il primo giorno di lezione."
                    maxlength=10
                />
                <TextField
                    id="cal-last"
                    name="form[last_day]"
                    label="Fine anno scolastico"
                    value=last
                    error=err(closures::LAST_DAY)
                    help="gg/mm/aaaa: l'ultimo giorno di lezione."
                    maxlength=10
                />
                <button type="submit" class="btn" disabled=move || action.pending().get()>
                    "Salva date"
                </button>
            </div>
        </form>
    }
}

/// "Registra chiusura" of plesso `plesso_id`; `today` is the server's day.
#[island]
pub fn ClosureEntry(plesso_id: i32, today: NaiveDate) -> impl IntoView {
    let form = Form::<AddPlessoClosure>::for_record(Some(plesso_id));
    let action = form.action;
    let from = form.text("form[from]", String::new());
    let to = form.text("form[to]", String::new());
    let reason = form.text("form[reason]", String::new());
    let (local, server) = (form.local, form.server);
    let err = move |field| field_error(local.into(), server, field);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = ClosureForm {
            id: Some(plesso_id),
            plesso_id: plesso_id.to_string(),
            from: from.get_untracked(),
            to: to.get_untracked(),
            reason: reason.get_untracked(),
        };
        let rules = closures::validate_closure(&input, today).map(|_| ());
        form.check(AddPlessoClosure { form: input }, rules);
    };
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            go_to(format!("/assenze?chiusura=1#chiusure-{plesso_id}"));
        }
    });
    let id = |field: &str| format!("clo-{plesso_id}-{field}");
    view! {
        <form
            action=AddPlessoClosure::url()
            method="post"
            novalidate
            on:submit=on_submit
            data-testid="closure-form"
        >
            <div class="form">
                <CsrfField />
                {form.key_field()}
                <input type="hidden" name="form[id]" value=plesso_id />
                <input type="hidden" name="form[plesso_id]" value=plesso_id />
                <FormErrors local=local server=server />
                <TextField
                    id=id("from")
                    name="form[from]"
                    label="Dal"
                    value=from
                    error=err(closures::FROM)
                    help="gg/mm/aaaa: il primo giorno di chiusura."
                    maxlength=10
                />
                <TextField
                    id=id("to")
                    name="form[to]"
                    label="Al"
                    value=to
                    error=err(closures::TO)
                    help="gg/mm/aaaa: l'ultimo giorno (vuoto per un giorno solo)."
                    maxlength=10
                />
                <TextField
                    id=id("reason")
                    name="form[reason]"
                    label="Motivo"
                    value=reason
                    error=err(closures::REASON)
                    help="festività, sciopero, chiusura o un altro motivo."
                    maxlength=200
                />
                <button type="submit" class="btn" disabled=move || action.pending().get()>
                    "Registra chiusura"
                </button>
            </div>
        </form>
    }
}
