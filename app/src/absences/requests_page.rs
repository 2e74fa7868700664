//! The two sides of a "Richiesta di informazioni": the operator's question
//! on an alert of a plesso, and the school's answer on its page. Islands
//! over plain forms (both work without JavaScript).

use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use super::requests_api::{AnswerRequest, RequestInfo, RequestView};
use crate::identity::csrf_client::CsrfField;

/// What was asked and, once answered, the answer.
#[component]
pub fn RequestSummary(r: RequestView) -> impl IntoView {
    let answer = match &r.answered_at {
        Some(at) => format!(
            "Risposta del {at}: classi coinvolte: {}; sintomi: {}; note: {}",
            r.classes.clone().unwrap_or_else(|| "—".into()),
            r.symptoms.clone().unwrap_or_else(|| "—".into()),
            r.note.clone().unwrap_or_else(|| "—".into()),
        ),
        None => "In attesa di risposta della scuola.".to_owned(),
    };
    view! {
        <div class="request" id=format!("richiesta-{}", r.id) data-testid="alert-request">
            <p>
                {format!(
                    "Richiesta di informazioni del {} ({}), allerta del {}: {}",
                    r.asked_at,
                    r.asked_by,
                    r.alert_day,
                    r.question,
                )}
            </p>
            <p data-testid="request-answer">{answer}</p>
        </div>
    }
}

/// The operator's question about alert `alert_id`.
#[island]
pub fn RequestInfoForm(alert_id: i32) -> impl IntoView {
    let action = ServerAction::<RequestInfo>::new();
    let question = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(RequestInfo {
            alert_id,
            question: question.get_untracked(),
        });
    };
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            let _ = window().location().reload();
        }
    });
    let id = format!("question-{alert_id}");
    view! {
        <form action=RequestInfo::url() method="post" on:submit=on_submit>
            <CsrfField />
            <input type="hidden" name="alert_id" value=alert_id />
            <label for=id.clone()>"Domanda alla scuola (classi, sintomi)"</label>
            <textarea
                id=id
                name="question"
                rows="2"
                maxlength="2000"
                prop:value=move || question.get()
                on:input:target=move |ev| question.set(ev.target().value())
            ></textarea>
            <button type="submit" class="btn btn-secondary" disabled=move || action.pending().get()>
                "Richiesta di informazioni"
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

/// The school's answer to request `id`.
#[island]
pub fn AnswerForm(id: i32) -> impl IntoView {
    let action = ServerAction::<AnswerRequest>::new();
    let classes = RwSignal::new(String::new());
    let symptoms = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(AnswerRequest {
            id,
            classes: classes.get_untracked(),
            symptoms: symptoms.get_untracked(),
            note: note.get_untracked(),
        });
    };
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            let _ = window().location().reload();
        }
    });
    let field = move |name: &'static str, label: &'static str, value: RwSignal<String>| {
        let input_id = format!("answer-{id}-{name}");
        view! {
            <div class="form-group">
                <label for=input_id.clone()>{label}</label>
                <input
                    id=input_id
                    name=name
                    type="text"
                    maxlength=2000
                    prop:value=move || value.get()
                    on:input:target=move |ev| value.set(ev.target().value())
                />
            </div>
        }
    };
    view! {
        <form
            action=AnswerRequest::url()
            method="post"
            on:submit=on_submit
            data-testid="answer-form"
        >
            <CsrfField />
            <input type="hidden" name="id" value=id />
            {field("classes", "Classi coinvolte", classes)}
            {field("symptoms", "Sintomi prevalenti", symptoms)}
            {field("note", "Altre informazioni", note)}
            <button type="submit" class="btn" disabled=move || action.pending().get()>
                "Invia risposta"
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
