//! The UI toolkit: the comune picker's search.

use crate::Case;
use crate::common::web::post_form;

pub const CASES: &[Case] = &[Case {
    path: "/api/comuni/cerca",
    targeted: false,
    request: |_| post_form("/api/comuni/cerca", "query=mi"),
}];
