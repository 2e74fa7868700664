//! "Registro assenze" (seeds 002, 003; ALERTS.md): each plesso of primaria
//! and secondaria records its enrolled pupils (6-19) and classes; the ATS
//! designates the sentinel plessi; the alert engine watches the absences.
//!
//! - Pure, shared with the browser and the CLIs: the [`alerts`] engine, the
//!   rules of iscritti e classi ([`enrolment`]), the school [`calendar`]
//!   and the sentinel entry [`window`] (`sentinel-window`).
//! - Server only: the tables ([`entity`]) and the [`store`].
//! - UI: the server functions ([`api`]), the [`pages`] and their islands
//!   ([`forms`]).
//! - Completeness of the survey (the ATS): the pure [`completeness`]
//!   rules, the [`reminders`] (e-mail, table, automatic job), the page
//!   ([`completeness_page`]) and its server functions
//!   ([`completeness_api`]).
//! - At scale: the aggregates of the sentinel plessi ([`aggregates`]),
//!   their stored survey-day totals ([`totals`]), and a survey day class
//!   by class ([`per_class`]).
//! - The alert lab (the ATS): the pure comparison of the methods
//!   ([`lab`]), its data ([`lab_store`]), server functions ([`lab_api`])
//!   and page ([`lab_page`]).
pub mod aggregates;
pub mod alerts;
pub mod calendar;
pub mod closures;
pub mod completeness;
pub mod enrolment;
pub mod entry;
pub mod lab;
pub mod per_class;
pub mod signals;
pub mod trend;
pub mod window;

#[cfg(feature = "ssr")]
pub mod alert_store;
#[cfg(feature = "ui")]
pub mod alerts_api;
#[cfg(feature = "ui")]
pub mod alerts_page;
#[cfg(feature = "ui")]
pub mod api;
#[cfg(feature = "ui")]
pub mod calendar_api;
#[cfg(feature = "ui")]
pub mod calendar_forms;
#[cfg(feature = "ui")]
pub mod calendar_page;
#[cfg(feature = "ssr")]
pub mod calendar_store;
#[cfg(feature = "ssr")]
pub mod calendar_upload;
#[cfg(feature = "ui")]
pub mod chart;
#[cfg(feature = "ui")]
pub mod completeness_api;
#[cfg(feature = "ui")]
pub mod completeness_page;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ui")]
pub mod forms;
#[cfg(feature = "ui")]
pub mod lab_api;
#[cfg(feature = "ui")]
pub mod lab_chart;
#[cfg(feature = "ui")]
pub mod lab_mark;
#[cfg(feature = "ui")]
pub mod lab_page;
#[cfg(feature = "ssr")]
pub mod lab_store;
#[cfg(feature = "ui")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod reminders;
#[cfg(feature = "ui")]
pub mod requests_api;
#[cfg(feature = "ui")]
pub mod requests_page;
#[cfg(feature = "ssr")]
pub mod requests_store;
#[cfg(feature = "ui")]
pub mod routes;
#[cfg(feature = "ui")]
pub mod sentinel_page;
#[cfg(feature = "ssr")]
pub mod sentinel_store;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod totals;
#[cfg(feature = "ui")]
pub mod trend_api;
#[cfg(feature = "ui")]
pub mod trend_page;

/// The school calendar: an ATS's own (its operators, the administrators)
/// and each sentinel plesso's closures (the school's staff, the ATS).
///
/// The module's work is open to whom `Policy::Module(Absences)` admits
/// (dirigente, a delegate for "Registro assenze", the referente di plesso,
/// ATS operators), each within their scope; the designation of sentinel
/// plessi, the completeness page and its reminders, the alerts and the
/// alert lab are the ATS's alone.
/// The enrolment reminder is everyone's own.
#[cfg(feature = "ssr")]
pub const POLICIES: &[crate::identity::registry::Declared] = {
    use crate::identity::Module;
    use crate::identity::Policy::{Authenticated, Module as In, Roles};
    use crate::identity::Role;
    use crate::identity::registry::declare;
    &[
        declare::<api::LoadAbsencesHome>(In(Module::Absences)),
        declare::<api::LoadPlessoFigures>(In(Module::Absences)),
        declare::<api::SaveEnrolment>(In(Module::Absences)),
        declare::<api::SaveAbsences>(In(Module::Absences)),
        declare::<api::SetSentinel>(Roles(&[Role::OperatoreAts])),
        declare::<api::EnrolmentReminders>(Authenticated),
        declare::<alerts_api::LoadAlerts>(Roles(&[Role::OperatoreAts])),
        declare::<alerts_api::ReviewAlert>(Roles(&[Role::OperatoreAts])),
        declare::<trend_api::LoadTrend>(Roles(&[Role::OperatoreAts])),
        declare::<requests_api::RequestInfo>(Roles(&[Role::OperatoreAts])),
        declare::<requests_api::AnswerRequest>(In(Module::Absences)),
        declare::<completeness_api::LoadCompleteness>(Roles(&[Role::OperatoreAts])),
        declare::<completeness_api::SendReminder>(Roles(&[Role::OperatoreAts])),
        declare::<lab_api::LoadLab>(Roles(&[Role::OperatoreAts])),
        declare::<lab_api::MarkOutbreak>(Roles(&[Role::OperatoreAts])),
        declare::<calendar_api::LoadCalendar>(Roles(calendar_upload::CALENDAR_ROLES)),
        declare::<calendar_api::AddClosedDay>(Roles(calendar_upload::CALENDAR_ROLES)),
        declare::<calendar_api::RemoveClosedDay>(Roles(calendar_upload::CALENDAR_ROLES)),
        declare::<calendar_api::SaveSchoolYear>(Roles(calendar_upload::CALENDAR_ROLES)),
        declare::<calendar_api::ResetCalendar>(Roles(calendar_upload::CALENDAR_ROLES)),
        declare::<calendar_api::AddPlessoClosure>(In(Module::Absences)),
        declare::<calendar_api::RemovePlessoClosure>(In(Module::Absences)),
    ]
};

/// "Carica calendario" (a streamed multipart post, not a server function).
#[cfg(feature = "ssr")]
pub const UPLOADS: &[crate::identity::registry::Declared] = &[(
    calendar_upload::UPLOAD_PATH,
    crate::identity::Policy::Roles(calendar_upload::CALENDAR_ROLES),
)];

/// The module's job kinds: the automatic reminder of the late-entry day
/// (scheduled only when e-mail is configured).
#[cfg(feature = "ssr")]
pub fn register_jobs(
    kinds: crate::jobs::worker::Registry,
    mail: Option<crate::mail::Mailer>,
) -> crate::jobs::worker::Registry {
    reminders::register(kinds, mail)
}
