//! The UI toolkit every page builds on: form fields with their errors, the
//! form pattern, the refusal notice and loader, the comune picker. It knows
//! no feature module; feature modules and the shell import it.

mod comune_picker;
pub mod comuni;
pub mod fields;
pub mod form;
mod job_watcher;
mod loader;
mod refusal;
mod today;

pub use comune_picker::ComunePicker;
pub use fields::{adopt_ticked, adopt_typed};
pub use form::{Form, FormEcho};
pub use job_watcher::JobWatcher;
pub use loader::loaded;
pub use refusal::RefusalNotice;
pub use today::server_today;

/// The comune picker's search: public reference data.
#[cfg(feature = "ssr")]
pub const POLICIES: &[crate::identity::registry::Declared] = {
    use crate::identity::Policy::Public;
    use crate::identity::registry::declare;
    &[declare::<comuni::SearchComuni>(Public)]
};
