//! The cases of the scope matrix, one file per module of the app, as the
//! modules declare their policies.

mod absence_calendar;
mod absence_reminders;
mod absences;
mod admin;
mod audit;
mod cf_check;
mod delegations;
mod identity;
mod jobs;
mod registration;
mod school_pages;
mod shell;
mod ui;
mod vaccinations;

/// Every module's cases, in the order of `app::shell::MODULES`.
pub const ALL: &[(&str, &[crate::Case])] = &[
    ("shell", shell::CASES),
    ("ui", ui::CASES),
    ("identity", identity::CASES),
    ("cf_check", cf_check::CASES),
    ("audit", audit::CASES),
    ("school_pages", school_pages::CASES),
    ("delegations", delegations::CASES),
    ("registration", registration::CASES),
    ("admin", admin::CASES),
    ("jobs", jobs::CASES),
    ("vaccinations", vaccinations::CASES),
    ("absences", absences::CASES),
    ("absence_reminders", absence_reminders::CASES),
    ("absence_calendar", absence_calendar::CASES),
];
