//! The header's account area: who is logged in and "Esci", or "Accedi".

use leptos::prelude::*;
use leptos_router::components::A;

use super::Role;
use super::csrf_client::CsrfField;
use super::login::{Logout, SessionInfo, load_session_info};
use crate::error::AppError;

pub type SessionResource = Resource<Result<Option<SessionInfo>, AppError>>;

/// Loads the caller once during server rendering and puts it in context.
pub fn provide_session_info() -> SessionResource {
    let info: SessionResource = Resource::new_blocking(|| (), |_| load_session_info());
    provide_context(info);
    info
}

/// The logged-in user (None when anonymous or not yet loaded).
pub fn use_session_info() -> Signal<Option<Option<SessionInfo>>> {
    let info = use_context::<SessionResource>();
    Signal::derive(move || info.and_then(|r| r.get()).map(|res| res.ok().flatten()))
}

/// The caller's role, once loaded.
pub fn use_role() -> Signal<Option<Role>> {
    let info = use_session_info();
    Signal::derive(move || info.get().flatten().map(|i| i.role))
}

#[component]
pub fn UserMenu() -> impl IntoView {
    let info = use_session_info();
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            let _ = window().location().assign("/");
        }
    });
    view! {
        <Transition fallback=|| ()>
            {move || {
                info.get()
                    .map(|who| match who {
                        Some(who) => {
                            view! {
                                <div class="user-menu">
                                    <span class="user-name" data-testid="user-name">{who.full_name}</span>
                                    <span class="user-role" data-testid="user-role">{who.role.label()}</span>
                                    <ActionForm action=logout>
                                        <CsrfField />
                                        <button type="submit" class="btn btn-light">"Esci"</button>
                                    </ActionForm>
                                </div>
                            }
                                .into_any()
                        }
                        None => {
                            view! {
                                <div class="user-menu">
                                    <A href="/accedi" attr:class="btn btn-light">"Accedi"</A>
                                </div>
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
    }
}
