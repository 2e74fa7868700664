//! A server read inside a page: nothing while it loads (pages render on the
//! server, which waits), the refusal notice when the server refuses, the
//! page's view of the data otherwise. One shape for every page.

use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::RefusalNotice;
use crate::error::AppError;

/// `ok`'s view of what `resource` loaded, or the refusal.
pub fn loaded<T, V>(
    resource: Resource<Result<T, AppError>>,
    ok: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| ()>
            {move || {
                resource
                    .get()
                    .map(|r| match r {
                        Ok(data) => ok(data).into_any(),
                        Err(err) => view! { <RefusalNotice err /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}
