//! The administrator's registry forms (islands): ATS, istituto, plesso.
//! Each is checked in the browser with the shared rules, then by the server;
//! on success the page reloads to show the saved data.

use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use super::api::{SaveAts, SaveIstituto, SavePlesso};
use super::rules::{self, AtsForm, IstitutoForm, PlessoForm};
use crate::error::FieldErrors;
use crate::identity::csrf_client::CsrfField;
use crate::ui::Form;
use crate::ui::fields::{FormErrors, SelectField, TextField, field_error};

/// After a successful save: back to the section, which shows the result.
fn reload_on_success<T: Clone + Send + Sync + 'static>(
    value: impl Get<Value = Option<Result<T, crate::error::AppError>>> + Send + Sync + 'static,
    to: &'static str,
) {
    Effect::new(move |_| {
        if let Some(Ok(_)) = value.get() {
            let _ = window().location().assign(to);
        }
    });
}

fn id_field(id: Option<i32>) -> impl IntoView {
    id.map(|id| view! { <input type="hidden" name="form[id]" value=id.to_string() /> })
}

#[island]
pub fn AtsEditor(#[prop(optional)] existing: Option<AtsForm>) -> impl IntoView {
    let start = existing.unwrap_or_default();
    let id = start.id;
    let editor = Form::<SaveAts>::for_record(id);
    let action = editor.action;
    let code = editor.text("form[code]", start.code);
    let name = editor.text("form[name]", start.name);
    let provinces = editor.text("form[provinces]", start.provinces);
    let chief = editor.text("form[chief_comuni]", start.chief_comuni);
    let (local, server) = (editor.local, editor.server);
    let err = move |f| field_error(local.into(), server, f);
    reload_on_success(action.value(), "/amministrazione/ats?salvata=1");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = AtsForm {
            id,
            code: code.get_untracked(),
            name: name.get_untracked(),
            provinces: provinces.get_untracked(),
            chief_comuni: chief.get_untracked(),
        };
        match rules::validate_ats(&form) {
            Ok(_) => {
                local.set(FieldErrors::new());
                action.dispatch(SaveAts {
                    form,
                    request_key: editor.request_key.get_untracked(),
                });
            }
            Err(e) => local.set(e),
        }
    };
    view! {
        <form
            action=SaveAts::url()
            method="post"
            novalidate
            on:submit=on_submit
            data-testid="ats-form"
        >
            <div class="form">
                <CsrfField />
                {id_field(id)}
                {editor.key_field()}
                <FormErrors local=local server=server />
                <TextField
                    id="ats-code"
                    name="form[code]"
                    label="Codice"
                    value=code
                    error=err("code")
                    maxlength=20
                />
                <TextField
                    id="ats-name"
                    name="form[name]"
                    label="Nome"
                    value=name
                    error=err("name")
                />
                <TextField
                    id="ats-provinces"
                    name="form[provinces]"
                    label="Province (sigle)"
                    value=provinces
                    error=err("provinces")
                    help="Separate da virgole, ad esempio MI, LO."
                />
                <TextField
                    id="ats-chief"
                    name="form[chief_comuni]"
                    label="Comuni capofila (codici ISTAT)"
                    value=chief
                    error=err("chief_comuni")
                    help="6 cifre, separati da virgole: mostrati per primi nella scelta del comune."
                />
                <button type="submit" class="btn" disabled=move || action.pending().get()>
                    {if id.is_some() { "Salva le modifiche" } else { "Crea l'ATS" }}
                </button>
            </div>
        </form>
    }
}

#[island]
pub fn IstitutoEditor(
    #[prop(optional)] existing: Option<IstitutoForm>,
    ats: Vec<(String, String)>,
) -> impl IntoView {
    let start = existing.unwrap_or_default();
    let id = start.id;
    let editor = Form::<SaveIstituto>::for_record(id);
    let action = editor.action;
    let codice = editor.text("form[codice]", start.codice);
    let name = editor.text("form[name]", start.name);
    let ats_id = editor.text(
        "form[ats_id]",
        start.ats_id.map(|a| a.to_string()).unwrap_or_default(),
    );
    let belfiore = editor.text("form[comune_belfiore]", start.comune_belfiore);
    let (local, server) = (editor.local, editor.server);
    let err = move |f| field_error(local.into(), server, f);
    reload_on_success(action.value(), "/amministrazione/scuole?salvato=1");
    let mut choices = vec![(String::new(), "— scegliere —".to_owned())];
    choices.extend(ats);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = IstitutoForm {
            id,
            codice: codice.get_untracked(),
            name: name.get_untracked(),
            ats_id: ats_id.get_untracked().parse().ok(),
            comune_belfiore: belfiore.get_untracked(),
        };
        match rules::validate_istituto(&form) {
            Ok(_) => {
                local.set(FieldErrors::new());
                action.dispatch(SaveIstituto {
                    form,
                    request_key: editor.request_key.get_untracked(),
                });
            }
            Err(e) => local.set(e),
        }
    };
    view! {
        <form
            action=SaveIstituto::url()
            method="post"
            novalidate
            on:submit=on_submit
            data-testid="istituto-form"
        >
            <div class="form">
                <CsrfField />
                {id_field(id)}
                {editor.key_field()}
                <FormErrors local=local server=server />
                <TextField
                    id="ist-codice"
                    name="form[codice]"
                    label="Codice meccanografico"
                    value=codice
                    error=err("codice")
                    maxlength=10
                />
                <TextField
                    id="ist-name"
                    name="form[name]"
                    label="Denominazione"
                    value=name
                    error=err("name")
                />
                <SelectField
                    id="ist-ats"
                    name="form[ats_id]"
                    label="ATS"
                    value=ats_id
                    options=choices
                    error=err("ats_id")
                />
                <TextField
                    id="ist-belfiore"
                    name="form[comune_belfiore]"
                    label="Comune (codice catastale)"
                    value=belfiore
                    error=err("comune_belfiore")
                    maxlength=4
                    help="Ad esempio F205 per Milano."
                />
                <button type="submit" class="btn" disabled=move || action.pending().get()>
                    {if id.is_some() { "Salva le modifiche" } else { "Crea l'istituto" }}
                </button>
            </div>
        </form>
    }
}

#[island]
pub fn PlessoEditor(
    #[prop(optional)] existing: Option<PlessoForm>,
    istituti: Vec<(String, String)>,
    types: Vec<(String, String)>,
) -> impl IntoView {
    let start = existing.unwrap_or_default();
    let id = start.id;
    let editor = Form::<SavePlesso>::for_record(id);
    let action = editor.action;
    let codice = editor.text("form[codice]", start.codice);
    let istituto_id = editor.text(
        "form[istituto_id]",
        start.istituto_id.map(|a| a.to_string()).unwrap_or_default(),
    );
    let name = editor.text("form[name]", start.name);
    let belfiore = editor.text("form[comune_belfiore]", start.comune_belfiore);
    let address = editor.text("form[address]", start.address);
    let school_type = editor.text("form[school_type]", start.school_type);
    let (local, server) = (editor.local, editor.server);
    let err = move |f| field_error(local.into(), server, f);
    reload_on_success(action.value(), "/amministrazione/scuole?salvato=1");
    let mut ist_choices = vec![(String::new(), "— scegliere —".to_owned())];
    ist_choices.extend(istituti);
    let mut type_choices = vec![(String::new(), "— scegliere —".to_owned())];
    type_choices.extend(types);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = PlessoForm {
            id,
            codice: codice.get_untracked(),
            istituto_id: istituto_id.get_untracked().parse().ok(),
            name: name.get_untracked(),
            comune_belfiore: belfiore.get_untracked(),
            address: address.get_untracked(),
            school_type: school_type.get_untracked(),
        };
        match rules::validate_plesso(&form) {
            Ok(_) => {
                local.set(FieldErrors::new());
                action.dispatch(SavePlesso {
                    form,
                    request_key: editor.request_key.get_untracked(),
                });
            }
            Err(e) => local.set(e),
        }
    };
    view! {
        <form
            action=SavePlesso::url()
            method="post"
            novalidate
            on:submit=on_submit
            data-testid="plesso-form"
        >
            <div class="form">
                <CsrfField />
                {id_field(id)}
                {editor.key_field()}
                <FormErrors local=local server=server />
                <TextField
                    id="ple-codice"
                    name="form[codice]"
                    label="Codice meccanografico"
                    value=codice
                    error=err("codice")
                    maxlength=10
                />
                <SelectField
                    id="ple-istituto"
                    name="form[istituto_id]"
                    label="Istituto"
                    value=istituto_id
                    options=ist_choices
                    error=err("istituto_id")
                />
                <TextField
                    id="ple-name"
                    name="form[name]"
                    label="Denominazione"
                    value=name
                    error=err("name")
                />
                <SelectField
                    id="ple-type"
                    name="form[school_type]"
                    label="Tipo di scuola"
                    value=school_type
                    options=type_choices
                    error=err("school_type")
                />
                <TextField
                    id="ple-address"
                    name="form[address]"
                    label="Indirizzo"
                    value=address
                    error=err("address")
                    maxlength=300
                />
                <TextField
                    id="ple-belfiore"
                    name="form[comune_belfiore]"
                    label="Comune (codice catastale)"
                    value=belfiore
                    error=err("comune_belfiore")
                    maxlength=4
                />
                <button type="submit" class="btn" disabled=move || action.pending().get()>
                    {if id.is_some() { "Salva le modifiche" } else { "Crea il plesso" }}
                </button>
            </div>
        </form>
    }
}
