//! What an import of the registry changed (shared: the CLI prints it, the
//! administrator's page shows it).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportCounts {
    pub istituti_created: usize,
    pub istituti_updated: usize,
    pub plessi_created: usize,
    pub plessi_updated: usize,
    pub plessi_unchanged: usize,
}
