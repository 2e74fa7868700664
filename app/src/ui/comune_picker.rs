//! Comune picker: a text field with suggestions from the server (the ATS's
//! chief comuni first) and a hidden field carrying the chosen Belfiore code.
//! A native `<datalist>` keeps it accessible and light; without JavaScript
//! the field still shows the chief comuni.

use leptos::prelude::*;

use super::comuni::search_comuni;

#[component]
pub fn ComunePicker(
    /// Id of the visible input (the label points at it).
    id: &'static str,
    label: &'static str,
    /// Form name of the hidden input with the Belfiore code.
    name: &'static str,
    /// The chosen Belfiore code, empty while nothing is chosen.
    selected: RwSignal<String>,
    /// Error shown in red beside the field.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let options = Resource::new(
        move || crate::places::name_part(&text.get()).to_owned(),
        |query| async move { search_comuni(query).await.unwrap_or_default() },
    );
    // A typed text equal to a suggestion chooses it; anything else clears.
    Effect::new(move |_| {
        let typed = text.get();
        let typed = typed.trim();
        let code = options
            .get()
            .and_then(|opts| {
                opts.into_iter()
                    .find(|o| o.label.eq_ignore_ascii_case(typed))
            })
            .map(|o| o.belfiore)
            .unwrap_or_default();
        selected.set(code);
    });
    let list_id = format!("{id}-elenco");
    let help_id = format!("{id}-aiuto");
    let error_id = format!("{id}-errore");
    crate::ui::adopt_typed(id, text);
    view! {
        <div class="form-group" class:has-error=move || error.get().is_some()>
            <label for=id>{label}</label>
            <input
                id=id
                type="text"
                list=list_id.clone()
                autocomplete="off"
                aria-describedby=format!("{help_id} {error_id}")
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                value=text.get_untracked()
                prop:value=move || text.get()
                on:input:target=move |ev| text.set(ev.target().value())
            />
            <datalist id=list_id>
                <Transition fallback=|| ()>
                    {move || {
                        options
                            .get()
                            .map(|opts| {
                                opts.into_iter()
                                    .map(|o| view! { <option value=o.label></option> })
                                    .collect_view()
                            })
                    }}
                </Transition>
            </datalist>
            <input type="hidden" name=name prop:value=move || selected.get() />
            <p id=help_id class="help">
                "Digitare le prime lettere e scegliere dall'elenco (i comuni principali dell'ATS sono in testa)."
            </p>
            <p id=error_id class="field-error" aria-live="polite">
                {move || error.get()}
            </p>
        </div>
    }
}
