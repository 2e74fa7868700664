//! The header's account area: who is logged in and "Esci", or "Accedi".
//!
//! The caller is known synchronously on the server (the middleware resolved
//! the session), so it travels to the browser as a [`SharedValue`] rather
//! than a resource: no `<Suspense>`, no loading state, nothing to wait for.
//! It changes only on login and logout, which reload the page.

use leptos::prelude::*;
use leptos_router::components::A;

use super::Role;
use super::csrf_client::CsrfField;
use super::login::{Logout, SessionInfo};

/// The logged-in user of this page (None when anonymous).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser(pub Option<SessionInfo>);

/// Puts the caller in context, for the header and the pages.
pub fn provide_session_info() {
    let info = SharedValue::new(caller).into_inner();
    provide_context(CurrentUser(info));
}

/// The caller, on the server; in the browser the value comes from the page.
fn caller() -> Option<SessionInfo> {
    #[cfg(feature = "ssr")]
    {
        super::current::current_optional().map(|who| SessionInfo {
            full_name: who.full_name,
            role: who.role,
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The logged-in user, if any.
pub fn use_session_info() -> Option<SessionInfo> {
    use_context::<CurrentUser>().and_then(|c| c.0)
}

/// The caller's role, if logged in.
pub fn use_role() -> Option<Role> {
    use_session_info().map(|i| i.role)
}

#[component]
pub fn UserMenu() -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            let _ = window().location().assign("/");
        }
    });
    match use_session_info() {
        Some(who) => view! {
            <div class="user-menu">
                <span class="user-name" data-testid="user-name">
                    {who.full_name}
                </span>
                <span class="user-role" data-testid="user-role">
                    {who.role.label()}
                </span>
                <ActionForm action=logout>
                    <CsrfField />
                    <button type="submit" class="btn btn-light">
                        "Esci"
                    </button>
                </ActionForm>
            </div>
        }
        .into_any(),
        None => view! {
            <div class="user-menu">
                <A href="/accedi" attr:class="btn btn-light">
                    "Accedi"
                </A>
            </div>
        }
        .into_any(),
    }
}
