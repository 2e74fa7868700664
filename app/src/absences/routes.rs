//! The routes of "Registro assenze" (/assenze, /assenze/iscritti,
//! /assenze/completezza, /assenze/allerte, /assenze/andamento,
//! /assenze/laboratorio, /assenze/calendario).

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, SsrMode, StaticSegment};

use super::alerts_page::AlertsPage;
use super::calendar_page::CalendarPage;
use super::completeness_page::CompletenessPage;
use super::lab_page::LabPage;
use super::pages::{AbsencesPage, EnrolmentPage};
use super::trend_page::TrendPage;

/// This module's pages, for the shell's router.
#[component(transparent)]
pub fn AbsenceRoutes() -> impl MatchNestedRoutes + Clone {
    let routes = view! {
        <Route path=StaticSegment("assenze") view=AbsencesPage ssr=SsrMode::Async />
        <Route
            path=(StaticSegment("assenze"), StaticSegment("iscritti"))
            view=EnrolmentPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("assenze"), StaticSegment("allerte"))
            view=AlertsPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("assenze"), StaticSegment("andamento"))
            view=TrendPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("assenze"), StaticSegment("laboratorio"))
            view=LabPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("assenze"), StaticSegment("calendario"))
            view=CalendarPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("assenze"), StaticSegment("completezza"))
            view=CompletenessPage
            ssr=SsrMode::Async
        />
    };
    routes.into_inner()
}

/// The trend's CSV and the calendar's upload (axum routes: a download and
/// a multipart post, not pages).
#[cfg(feature = "ssr")]
pub fn axum_routes() -> axum::Router<crate::state::AppState> {
    axum::Router::new()
        .route(
            "/assenze/andamento.csv",
            axum::routing::get(super::trend_api::trend_csv),
        )
        .route(
            super::calendar_upload::UPLOAD_PATH,
            axum::routing::post(super::calendar_upload::upload),
        )
}
