//! The progress line of a background job, for the page that started it.

use leptos::prelude::*;

#[cfg(feature = "hydrate")]
use crate::jobs::api::job_status;

/// The progress line; in the browser it follows the job and reloads the
/// page when the job is over (the outcome is rendered by the server).
#[island]
pub fn JobWatcher(id: i32, text: String) -> impl IntoView {
    let text = RwSignal::new(text);
    #[cfg(feature = "hydrate")]
    {
        let poll = move || {
            leptos::task::spawn_local(async move {
                match job_status(id).await {
                    Ok(Some(view)) if view.state.is_final() => {
                        let _ = window().location().reload();
                    }
                    Ok(Some(view)) => text.set(view.progress_text()),
                    _ => {}
                }
            });
        };
        if let Ok(handle) = set_interval_with_handle(poll, std::time::Duration::from_millis(1500)) {
            on_cleanup(move || handle.clear());
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
    view! {
        <p class="callout" role="status" aria-live="polite" data-testid="job-progress">
            {move || text.get()}
        </p>
    }
}
