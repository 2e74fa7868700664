//! Form fields used inside islands: a label, the input (its value kept in a
//! signal, so nothing typed is lost on an error), a help line, and the
//! error in red beside the field, tied to the input for screen readers.

use leptos::prelude::*;

use crate::error::{AppError, FieldErrors};

/// A text input bound to `value`; `name` is what the form posts.
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] help: Option<&'static str>,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
) -> impl IntoView {
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let described = if help.is_some() {
        format!("{help_id} {error_id}")
    } else {
        error_id.clone()
    };
    let has_error = move || error.get().is_some();
    view! {
        <div class="form-group" class:has-error=has_error>
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=input_type.unwrap_or("text")
                autocomplete=autocomplete.unwrap_or("off")
                maxlength=maxlength.unwrap_or(200)
                aria-describedby=described
                aria-invalid=move || if has_error() { "true" } else { "false" }
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
            />
            {help.map(|text| view! { <p id=help_id class="help">{text}</p> })}
            <p id=error_id class="field-error" aria-live="polite">
                {move || error.get()}
            </p>
        </div>
    }
}

/// The message for `field`: the browser's own check first, else the
/// server's answer to the last submission.
pub fn field_error(
    local: Signal<FieldErrors>,
    server: Signal<Option<AppError>>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        local
            .get()
            .get(field)
            .map(str::to_owned)
            .or_else(|| match server.get() {
                Some(AppError::Validation(errors)) => errors.get(field).map(str::to_owned),
                _ => None,
            })
    })
}

/// The error of a server action's last answer, if it failed.
pub fn action_error<T>(
    value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
) -> Signal<Option<AppError>>
where
    T: Clone + Send + Sync + 'static,
{
    Signal::derive(move || match value.get() {
        Some(Err(e)) => Some(e),
        _ => None,
    })
}

/// The banner above a form: "ERRORE! Salvataggio non riuscito…" for field
/// errors, the server's sentence for any other refusal.
#[component]
pub fn FormErrors(
    #[prop(into)] local: Signal<FieldErrors>,
    #[prop(into)] server: Signal<Option<AppError>>,
) -> impl IntoView {
    let message = move || {
        if !local.get().is_empty() {
            return Some(crate::error::SAVE_FAILED.to_owned());
        }
        server.get().map(|e| e.to_string())
    };
    view! {
        <p class="form-errors" role="alert" data-testid="form-errors" hidden=move || message().is_none()>
            {message}
        </p>
    }
}

/// A select bound to `value`; `options` are (value, label) pairs.
#[component]
pub fn SelectField(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    options: Vec<(String, String)>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let has_error = move || error.get().is_some();
    view! {
        <div class="form-group" class:has-error=has_error>
            <label for=id>{label}</label>
            <select
                id=id
                name=name
                aria-describedby=error_id.clone()
                aria-invalid=move || if has_error() { "true" } else { "false" }
                on:change:target=move |ev| value.set(ev.target().value())
            >
                {options
                    .into_iter()
                    .map(|(v, l)| {
                        let selected = value.get_untracked() == v;
                        view! {
                            <option value=v selected=selected>
                                {l}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <p id=error_id class="field-error" aria-live="polite">
                {move || error.get()}
            </p>
        </div>
    }
}
