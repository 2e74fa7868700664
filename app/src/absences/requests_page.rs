//! The two sides of a "Richiesta di informazioni": the operator's question
//! on an alert of a plesso, and the school's answer on its page. Islands
//! over plain forms (both work without JavaScript).

use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use super::requests_api::{AnswerRequest, RequestInfo, RequestView};
use crate::identity::csrf_client::CsrfField;
use crate::ui::fields::{FormErrors, TextAreaField, TextField};
use crate::ui::form::{Form, RECORD_FIELD};

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
    let form = Form::<RequestInfo>::for_record(Some(alert_id));
    let action = form.action;
    let question = form.text("question", String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = RequestInfo {
            alert_id,
            question: question.get_untracked(),
        };
        form.check(input, Ok(()));
    };
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            let _ = window().location().reload();
        }
    });
    view! {
        <form action=RequestInfo::url() method="post" novalidate on:submit=on_submit>
            <CsrfField />
            {form.key_field()}
            <input type="hidden" name=RECORD_FIELD value=alert_id />
            <input type="hidden" name="alert_id" value=alert_id />
            <FormErrors local=form.local server=form.server />
            <TextAreaField
                id=format!("question-{alert_id}")
                name="question"
                label="Domanda alla scuola (classi, sintomi)"
                value=question
                error=form.error("question")
                rows=2
                maxlength=2000
            />
            <button type="submit" class="btn btn-secondary" disabled=move || action.pending().get()>
                "Richiesta di informazioni"
            </button>
        </form>
    }
}

/// The school's answer to request `id`.
#[island]
pub fn AnswerForm(id: i32) -> impl IntoView {
    let form = Form::<AnswerRequest>::for_record(Some(id));
    let action = form.action;
    let classes = form.text("classes", String::new());
    let symptoms = form.text("symptoms", String::new());
    let note = form.text("note", String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = AnswerRequest {
            id,
            classes: classes.get_untracked(),
            symptoms: symptoms.get_untracked(),
            note: note.get_untracked(),
        };
        form.check(input, Ok(()));
    };
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            let _ = window().location().reload();
        }
    });
    view! {
        <form
            action=AnswerRequest::url()
            method="post"
            novalidate
            on:submit=on_submit
            data-testid="answer-form"
        >
            <CsrfField />
            {form.key_field()}
            <input type="hidden" name=RECORD_FIELD value=id />
            <input type="hidden" name="id" value=id />
            <FormErrors local=form.local server=form.server />
            <TextField
                id=format!("answer-{id}-classes")
                name="classes"
                label="Classi coinvolte"
                value=classes
                error=form.error("classes")
                maxlength=2000
            />
            <TextField
                id=format!("answer-{id}-symptoms")
                name="symptoms"
                label="Sintomi prevalenti"
                value=symptoms
                error=form.error("symptoms")
                maxlength=2000
            />
            <TextField
                id=format!("answer-{id}-note")
                name="note"
                label="Altre informazioni"
                value=note
                error=form.error("note")
                maxlength=2000
            />
            <button type="submit" class="btn" disabled=move || action.pending().get()>
                "Invia risposta"
            </button>
        </form>
    }
}
