//! "Segna come inizio focolaio" (island over a plain form): the operator
//! saves the outbreak start being analysed for the series, so the lab
//! offers it next time. Without JavaScript the browser posts it and the
//! server brings it back to the same view.

use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use super::lab_api::{MarkOutbreak, lab_url};
use crate::identity::csrf_client::CsrfField;
use crate::ui::Form;
use crate::ui::fields::{FormErrors, field_error};

/// The mark of `start` (dd/mm/yyyy) on series `series`; `from` and `to`
/// are the period shown, kept for the way back.
#[island]
pub fn MarkOutbreakForm(series: String, start: String, from: String, to: String) -> impl IntoView {
    let form = Form::<MarkOutbreak>::new();
    let action = form.action;
    let (local, server) = (form.local, form.server);
    let error = field_error(local.into(), server, "start");
    let input = MarkOutbreak {
        series: series.clone(),
        start: start.clone(),
        from: from.clone(),
        to: to.clone(),
    };
    let back = lab_url(&series, &from, &to, &start);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.check(input.clone(), Ok(()));
    };
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            let _ = window().location().assign(&back);
        }
    });
    view! {
        <form
            action=MarkOutbreak::url()
            method="post"
            on:submit=on_submit
            class="filters"
            data-testid="mark-outbreak"
        >
            <CsrfField />
            {form.key_field()}
            <FormErrors local=local server=server />
            <input type="hidden" name="series" value=series />
            <input type="hidden" name="start" value=start.clone() />
            <input type="hidden" name="from" value=from />
            <input type="hidden" name="to" value=to />
            <button
                type="submit"
                class="btn btn-secondary"
                aria-describedby="mark-outbreak-error"
                disabled=move || action.pending().get()
            >
                "Segna come inizio focolaio"
            </button>
            <span class="hint">
                {format!(" Salva il {start} come inizio del focolaio per questa serie.")}
            </span>
            <p id="mark-outbreak-error" class="field-error" aria-live="polite">
                {move || error.get()}
            </p>
        </form>
    }
}
