//! How pages show a server function's refusal: the error's Italian message,
//! and the way forward (log in) when nobody is logged in.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::error::AppError;

#[component]
pub fn RefusalNotice(err: AppError) -> impl IntoView {
    let login = matches!(err, AppError::Unauthenticated);
    view! {
        <div class="result ko" role="alert" data-testid="refusal">
            <p>{err.to_string()}</p>
            <Show when=move || login>
                <p>
                    <A href="/accedi">"Accedi"</A>
                </p>
            </Show>
        </div>
    }
}
