//! Background jobs: the progress of one (shown to the account that started
//! it; others read None).

use crate::Case;
use crate::common::web::get;

pub const CASES: &[Case] = &[Case {
    path: "/api/lavori/stato",
    targeted: false,
    request: |_| get("/api/lavori/stato?id=1"),
}];
