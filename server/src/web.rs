//! Start-up: state, router, listener.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use crate::guard::identity::{identity_layer, page_csp};
use app::identity::registry::undeclared_server_fns;
use app::places::store::{PLACES_CSV, sync_places};
use app::shell::{App, shell};
use app::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header::CONTENT_SECURITY_POLICY;
use axum::http::{HeaderName, HeaderValue};
use leptos::nonce::use_nonce;
use leptos::prelude::*;
use leptos_axum::{AxumRouteListing, LeptosRoutes, ResponseOptions, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::config::Config;
use crate::{db, oidc, seed, seed_accounts};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("reference data file: {0}")]
    Places(String),
    #[error("configuration: {0}")]
    Config(String),
    #[error("demo accounts: {0}")]
    Accounts(String),
    #[error("server functions without a declared policy (each module's POLICIES): {0}")]
    Policies(String),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
}

/// Longest time a request may take to produce its response (uploads: longer).
pub const REQUEST_TIMEOUT: std::time::Duration = crate::guard::timeouts::REQUEST_TIMEOUT;

/// Leptos options from cargo-leptos' environment, else the project's
/// defaults (site under target/site), so tests can build a router too.
pub fn leptos_options() -> LeptosOptions {
    match leptos::config::get_configuration(None) {
        Ok(conf) => conf.leptos_options,
        Err(_) => LeptosOptions::builder()
            .output_name("portale-scuole")
            .site_root("target/site")
            .build(),
    }
}

/// Connects and migrates the database, loads reference data, seeds the demo.
pub async fn build_state(
    config: &Config,
    leptos_options: LeptosOptions,
) -> Result<AppState, StartError> {
    // Database, demo credentials, exports: readable by the portal's user only.
    db::private_dir(&config.data_dir).map_err(|e| {
        StartError::Config(format!(
            "cartella dei dati {}: {e}",
            config.data_dir.display()
        ))
    })?;
    let db = db::connect_and_migrate(&config.database_url).await?;
    let places =
        app::places::parse_places_csv(PLACES_CSV).map_err(|e| StartError::Places(e.to_string()))?;
    sync_places(&db, &places).await?;
    if config.demo {
        seed::seed_demo(&db).await?;
        let creds = seed_accounts::seed_demo_accounts(
            &db,
            config.demo_password.as_deref(),
            config.now.now(),
        )
        .await
        .map_err(|e| StartError::Accounts(e.to_string()))?;
        if !creds.is_empty() {
            print!("\n{}", seed_accounts::credentials_text(&creds));
            match seed_accounts::write_credentials_file(&config.data_dir, &creds) {
                Ok(path) => println!(
                    "Credenziali salvate in {} (leggibile solo dal proprietario)\n",
                    path.display()
                ),
                Err(e) => eprintln!("Impossibile salvare le credenziali dimostrative: {e}"),
            }
        }
    }
    Ok(AppState {
        leptos_options,
        db: db.clone(),
        places: Arc::new(places),
        clock: config.clock.clone(),
        ats_code: config.ats_code.clone(),
        now: config.now.clone(),
        security: config.security,
        redirect_key: Arc::new(
            crate::guard::secrets::load_or_create(&db, crate::guard::secrets::REDIRECT_KEY).await?,
        ),
        mail: config.mail.clone().map(Arc::new),
    })
}

/// Per-page context: the state, and the page's Content-Security-Policy with
/// the nonce Leptos puts on its hydration scripts.
fn page_context(state: &AppState) {
    provide_context(state.clone());
    if let (Some(nonce), Some(res)) = (use_nonce(), use_context::<ResponseOptions>())
        && let Ok(value) = HeaderValue::from_str(&page_csp(&nonce))
    {
        res.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}

/// The portal without SPID / CIE (its routes answer that it is off).
pub fn router(state: AppState) -> Router {
    router_with_spid(state, oidc::disabled_routes())
}

/// The app's routes, generated once per process.
///
/// Generating them runs the app with resource loading suppressed through a
/// process-wide flag (leptos_server's `SuppressResourceLoad`): a page that
/// first polls a resource on another thread meanwhile waits on it forever
/// (leptos issue 4773). Building a router while other requests render (every
/// test builds its own) hung a request now and then until the 30 s timeout.
/// Generated once, before anything can render, nothing can race with it.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The portal with the given SPID / CIE routes ([`oidc::routes`]).
pub fn router_with_spid(state: AppState, spid: Router) -> Router {
    app::shell::install_policies();
    let routes = route_list();
    let context_state = state.clone();
    let fallback_state = state.clone();
    let options = state.leptos_options.clone();
    let pages = Router::new()
        .leptos_routes_with_context(
            &state,
            routes,
            move || page_context(&context_state),
            move || shell(options.clone()),
        )
        .route(
            app::admin::import_rules::UPLOAD_PATH,
            axum::routing::post(app::admin::import_upload::upload),
        )
        .merge(app::vaccinations::routes::axum_routes())
        .merge(app::absences::routes::axum_routes())
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(move || page_context(&fallback_state), shell))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            identity_layer,
        ))
        .with_state(state.clone());
    // The edge renders pages itself too (a refused plain form post is
    // answered with its form's page), so it holds the pages' router.
    let edge = crate::guard::Edge {
        state,
        pages: pages.clone(),
    };
    pages
        .merge(spid)
        // Everything below covers every route, SPID / CIE included.
        .layer(axum::middleware::from_fn_with_state(
            edge,
            crate::guard::edge_layer,
        ))
        .layer(DefaultBodyLimit::max(crate::guard::limits::MAX_LIMIT))
        // A request that has not produced its response in 30 s (an upload:
        // 10 min) is answered 503 instead of holding the connection forever.
        .layer(axum::middleware::from_fn(crate::guard::timeouts::bound))
        .layer(CompressionLayer::new())
        .layer(header("x-content-type-options", "nosniff"))
        .layer(header("referrer-policy", "same-origin"))
        .layer(header("x-frame-options", "DENY"))
}

fn header(name: &'static str, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(
        HeaderName::from_static(name),
        HeaderValue::from_static(value),
    )
}

/// Runs the portal until interrupted.
pub async fn serve(config: Config) -> Result<(), StartError> {
    let options = leptos_options();
    let addr = options.site_addr;
    app::shell::install_policies();
    let missing = undeclared_server_fns();
    if !missing.is_empty() {
        return Err(StartError::Policies(missing.join(", ")));
    }
    let state = build_state(&config, options).await?;
    if config.demo {
        seed::seed_lovs_demo(&state.db, state.now()).await?;
        seed::seed_absences_demo(&state.db, state.today(), state.now()).await?;
    }
    let spid = oidc::routes_from_env(&state).map_err(StartError::Config)?;
    let storage = match db::sqlite_file(&config.database_url) {
        Some(path) => {
            let mode = db::journal_mode(&state.db).await?.unwrap_or_default();
            format!("SQLite {path} (journal {mode})")
        }
        None => "PostgreSQL".to_owned(),
    };
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|source| StartError::Listen { addr, source })?;
    println!("Portale Scuole in ascolto su http://{addr} — database: {storage}");
    // Host and port only: the credentials never reach the output.
    match &state.mail {
        Some(m) => println!("E-mail tramite il server SMTP {}:{}", m.host, m.port),
        None => println!("E-mail non configurata (PORTALE_SMTP_HOST): nessun promemoria inviato"),
    }
    // The job worker runs beside the listener; on shutdown it finishes the
    // job in hand (a job cut off is resumed by any instance once its lease
    // ends).
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let worker = app::jobs::worker::Worker::new(
        state.db.clone(),
        app::shell::job_kinds_with(state.mail.clone()),
        state.now.clone(),
    );
    let jobs = tokio::spawn(worker.run(stopped));
    let app = router_with_spid(state, spid).into_make_service_with_connect_info::<SocketAddr>();
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            let _ = tokio::signal::ctrl_c().await;
            let _ = stop.send(true);
        })
        .await
        .map_err(|source| StartError::Listen { addr, source });
    if tokio::time::timeout(WORKER_GRACE, jobs).await.is_err() {
        eprintln!("Lavoro in corso interrotto: sarà ripreso al prossimo avvio.");
    }
    served
}

/// How long shutdown waits for the job in hand.
const WORKER_GRACE: std::time::Duration = std::time::Duration::from_secs(30);
