//! "Modulo di delega" (/deleghe/{id}/stampa): the delegation's data filled
//! into a form laid out for an A4 sheet, with signature lines. The print
//! stylesheet hides the portal's header, menu and footer.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::api::{PrintData, delegation_for_print};
use crate::ui::RefusalNotice;
use crate::validation::dates::format_date_it;

#[component]
pub fn DelegationPrintPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let data = Resource::new_blocking(id, delegation_for_print);
    view! {
        <Title text="Modulo di delega" />
        <Suspense fallback=|| {
            view! { <p>"Caricamento…"</p> }
        }>
            {move || {
                data.get()
                    .map(|result| match result {
                        Ok(data) => view! { <PrintSheet data /> }.into_any(),
                        Err(err) => {
                            view! {
                                <h1>"Modulo di delega"</h1>
                                <RefusalNotice err />
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn PrintSheet(data: PrintData) -> impl IntoView {
    let d = data.delegation;
    let modules = d
        .modules
        .iter()
        .map(|m| view! { <li>{m.label()}</li> })
        .collect_view();
    let state = match d.revoked_on {
        Some(on) => format!("revocata il {}", format_date_it(on)),
        None => d.state.label().to_owned(),
    };
    view! {
        <div class="no-print print-tools">
            <A href="/deleghe">"Torna alle deleghe"</A>
            <PrintButton />
        </div>
        <article class="print-sheet" data-testid="print-sheet">
            <header class="print-head">
                <p class="print-org">{data.ats_name} " · Portale Scuole"</p>
                <h1>"Modulo di delega"</h1>
                <p class="print-ref">
                    "Delega n. " <strong>{d.id}</strong> " registrata il "
                    {format_date_it(d.created_on)} " · stato: " {state}
                </p>
            </header>
            <p>
                "La/Il sottoscritta/o "
                <strong data-field="principal">{data.principal_name}</strong>
                ", Dirigente scolastico dell'istituto "
                <strong data-field="istituto">{data.istituto_name}</strong>
                " (codice meccanografico " <strong>{data.istituto_codice}</strong> "),"
            </p>
            <p class="print-center">
                <strong>"DELEGA"</strong>
            </p>
            <dl class="data print-data">
                <dt>"Nome e cognome"</dt>
                <dd data-field="delegate">{d.delegate_name}</dd>
                <dt>"Codice fiscale"</dt>
                <dd class="mono" data-field="codice_fiscale">
                    {d.codice_fiscale}
                </dd>
                <dt>"E-mail"</dt>
                <dd>{d.email}</dd>
            </dl>
            <p>"a operare per conto dell'istituto sul Portale Scuole per i seguenti moduli:"</p>
            <ul data-field="modules">{modules}</ul>
            <p>
                "dal " <strong data-field="start">{format_date_it(d.start_date)}</strong> " al "
                <strong data-field="end">{format_date_it(d.end_date)}</strong>
                ", salvo revoca. Le operazioni della persona delegata sono registrate come svolte per conto "
                "del dirigente scolastico, che resta responsabile del trattamento dei dati."
            </p>
            <div class="signatures">
                <div class="signature">
                    <span class="signature-line"></span>
                    <span>"Luogo e data"</span>
                </div>
                <div class="signature">
                    <span class="signature-line"></span>
                    <span>"Firma del dirigente scolastico"</span>
                </div>
                <div class="signature">
                    <span class="signature-line"></span>
                    <span>"Firma della persona delegata, per accettazione"</span>
                </div>
            </div>
        </article>
    }
}

/// "Stampa": opens the browser's print dialog (needs JavaScript; the
/// browser's own menu works in any case).
#[island]
fn PrintButton() -> impl IntoView {
    view! {
        <button
            type="button"
            class="btn"
            on:click=move |_| {
                let _ = window().print();
            }
        >
            "Stampa"
        </button>
    }
}
