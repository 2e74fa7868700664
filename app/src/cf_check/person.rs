//! The person's data typed beside the code on "Verifica codice fiscale":
//! surname, name, birth date, sex and comune, checked against the code.

use leptos::prelude::*;

use crate::codice_fiscale::report::{PersonInput, person_fields};
use crate::ui::ComunePicker;

/// The optional personal data typed beside the code.
#[derive(Clone, Copy, Default)]
pub(super) struct PersonSignals {
    pub surname: RwSignal<String>,
    pub name: RwSignal<String>,
    pub birth_date: RwSignal<String>,
    pub sex: RwSignal<String>,
    pub belfiore: RwSignal<String>,
}

impl PersonSignals {
    pub fn input(&self) -> PersonInput {
        PersonInput {
            surname: self.surname.get(),
            name: self.name.get(),
            birth_date: self.birth_date.get(),
            sex: self.sex.get(),
            belfiore: self.belfiore.get(),
        }
    }
}

#[component]
pub(super) fn PersonFieldset(
    person: PersonSignals,
    error_for: impl Fn(&'static str) -> Signal<Option<String>> + Copy + Send + 'static,
) -> impl IntoView {
    let text_field = move |id: &'static str,
                           label: &'static str,
                           name: &'static str,
                           value: RwSignal<String>,
                           help: &'static str| {
        let error = error_for(name);
        crate::ui::adopt_typed(id, value);
        view! {
            <div class="form-group" class:has-error=move || error.get().is_some()>
                <label for=id>{label}</label>
                <input
                    id=id
                    name=name
                    type="text"
                    autocomplete="off"
                    aria-describedby=format!("{id}-aiuto {id}-errore")
                    aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                    value=value.get_untracked()
                    prop:value=move || value.get()
                    on:input:target=move |ev| value.set(ev.target().value())
                />
                <p id=format!("{id}-aiuto") class="help">
                    {help}
                </p>
                <p id=format!("{id}-errore") class="field-error" aria-live="polite">
                    {move || error.get()}
                </p>
            </div>
        }
    };
    let sex_error = error_for(person_fields::SEX);
    crate::ui::adopt_typed("cf-sesso", person.sex);
    view! {
        <fieldset class="fieldset">
            <legend>"Controllo di coerenza con i dati anagrafici (facoltativo)"</legend>
            {text_field(
                "cf-cognome",
                "Cognome",
                person_fields::SURNAME,
                person.surname,
                "Come registrato all'anagrafe.",
            )}
            {text_field(
                "cf-nome",
                "Nome",
                person_fields::NAME,
                person.name,
                "Tutti i nomi, come registrati.",
            )}
            {text_field(
                "cf-nascita",
                "Data di nascita",
                person_fields::BIRTH_DATE,
                person.birth_date,
                "Nel formato gg/mm/aaaa, ad esempio 05/03/2015.",
            )}
            <div class="form-group" class:has-error=move || sex_error.get().is_some()>
                <label for="cf-sesso">"Sesso"</label>
                <select
                    id="cf-sesso"
                    name=person_fields::SEX
                    prop:value=move || person.sex.get()
                    on:change:target=move |ev| person.sex.set(ev.target().value())
                >
                    <option value="" selected=person.sex.get_untracked().is_empty()>
                        "—"
                    </option>
                    <option value="M" selected=person.sex.get_untracked() == "M">
                        "Maschio"
                    </option>
                    <option value="F" selected=person.sex.get_untracked() == "F">
                        "Femmina"
                    </option>
                </select>
                <p class="field-error" aria-live="polite">
                    {move || sex_error.get()}
                </p>
            </div>
            <ComunePicker
                id="cf-comune"
                label="Comune di nascita"
                name=person_fields::BELFIORE
                selected=person.belfiore
                error=error_for(person_fields::BELFIORE)
            />
        </fieldset>
    }
}
