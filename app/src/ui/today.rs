//! The server's "today" while it renders a page.

use chrono::NaiveDate;

/// The server's "today" while it renders a page; islands receive it as a
/// prop, so browser-side date rules use the same day as the server. (Page
/// components run only on the server in islands mode.)
pub fn server_today() -> NaiveDate {
    #[cfg(feature = "ssr")]
    if let Ok(state) = crate::state::app_state() {
        return state.today();
    }
    NaiveDate::default()
}
