//! No request may hang: pages with resources render while routers are
//! built beside them (route generation suppresses resource loading through a
//! process-wide flag; a render that first polled a resource meanwhile used to
//! wait forever, until the 30 s timeout).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::web::{get, session_for};
use tower::ServiceExt;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_render_while_other_routers_are_built() {
    let db = common::sqlite();
    let state = common::state(&db).await;
    let admin = session_for(&state.db, "admin.demo", state.now()).await;
    let router = server::web::router(state.clone());
    let mut renders = Vec::new();
    for _ in 0..4 {
        let (router, admin) = (router.clone(), admin.clone());
        renders.push(tokio::spawn(async move {
            for i in 0..25 {
                let req = admin.apply(get("/amministrazione/ats"));
                let reply =
                    tokio::time::timeout(Duration::from_secs(10), router.clone().oneshot(req))
                        .await
                        .unwrap_or_else(|_| panic!("render {i} hung for 10 s"))
                        .expect("response");
                assert_eq!(reply.status(), StatusCode::OK);
            }
        }));
    }
    let builders = tokio::spawn(async move {
        for _ in 0..100 {
            let _ = server::web::router(state.clone());
            tokio::task::yield_now().await;
        }
    });
    for render in renders {
        render.await.expect("renders finish");
    }
    builders.await.expect("routers built");
}
