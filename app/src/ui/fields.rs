//! Form fields used inside islands: a label, the input (its value kept in a
//! signal, so nothing typed is lost on an error), a help line, and the
//! error in red beside the field, tied to the input for screen readers.

use leptos::prelude::*;

use crate::error::{AppError, FieldErrors};

/// Keeps what the page holds when the island comes alive.
///
/// On a slow connection the page shows (and takes input) seconds before its
/// WASM runs; hydration then sets each bound input from its signal, which
/// would wipe that text. The same holds for a page the server rendered in
/// answer to a refused plain post: its fields carry what was typed, while
/// the island's signals start from the defaults. Called while the island's
/// component runs, before its view hydrates, this looks at the element
/// `id`: if its value differs from the signal's, that value goes into
/// `value` once hydration is over (an effect: changing the signal during
/// hydration would make the view differ from the server's HTML), which
/// writes it back and updates everything derived from it. In the server
/// build, and for an element not in the page, it does nothing.
pub fn adopt_typed(id: &str, value: RwSignal<String>) {
    #[cfg(feature = "hydrate")]
    if let Some(shown) = shown_value(id)
        && shown != value.get_untracked()
    {
        Effect::new(move |_| value.set(shown.clone()));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, value);
}

/// [`adopt_typed`] for a checkbox: keeps the tick the page shows.
pub fn adopt_ticked(id: &str, checked: RwSignal<bool>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let input = document()
            .get_element_by_id(id)
            .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input
            && input.checked() != checked.get_untracked()
        {
            let now = input.checked();
            Effect::new(move |_| checked.set(now));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, checked);
}

/// The value input or select `id` shows now.
#[cfg(feature = "hydrate")]
fn shown_value(id: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    let element = document().get_element_by_id(id)?;
    if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        return Some(input.value());
    }
    if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return Some(area.value());
    }
    element
        .dyn_ref::<web_sys::HtmlSelectElement>()
        .map(|select| select.value())
}

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
    adopt_typed(&id, value);
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
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
            />
            {help
                .map(|text| {
                    view! {
                        <p id=help_id class="help">
                            {text}
                        </p>
                    }
                })}
            <p id=error_id class="field-error" aria-live="polite">
                {move || error.get()}
            </p>
        </div>
    }
}

/// A multi-line text bound to `value` (pasted lines, a note).
#[component]
pub fn TextAreaField(
    #[prop(into)] id: String,
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] help: Option<&'static str>,
    #[prop(optional)] rows: Option<u32>,
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
    adopt_typed(&id, value);
    view! {
        <div class="form-group" class:has-error=has_error>
            <label for=id.clone()>{label}</label>
            <textarea
                id=id
                name=name
                rows=rows.unwrap_or(4)
                maxlength=maxlength.unwrap_or(4000)
                aria-describedby=described
                aria-invalid=move || if has_error() { "true" } else { "false" }
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
            >
                {value.get_untracked()}
            </textarea>
            {help
                .map(|text| {
                    view! {
                        <p id=help_id class="help">
                            {text}
                        </p>
                    }
                })}
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
        <p
            class="form-errors"
            role="alert"
            data-testid="form-errors"
            hidden=move || message().is_none()
        >
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
    adopt_typed(id, value);
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
