//! Codice fiscale: Italian fiscal code validation and decoding (DESIGN.md,
//! "Codice fiscale, exactly").
//!
//! - [`parse`]: a personal 16-character code, normalised, checked and
//!   decoded (birth date, sex, Belfiore code, omocodia) into a
//!   [`CodiceFiscale`]; each failure a typed [`CfError`] with an Italian
//!   message. Allocation-free; table-driven.
//! - [`parse_fiscal_id`]: the same field where the 11-digit temporary code
//!   and STP/ENI codes may be allowed ([`Accept`], [`FiscalId`]).
//! - [`check_consistency`]: warnings when surname, name, birth date, sex or
//!   place on the form disagree with the code.
//! - [`encode`]: the code from person data (tests, demo data).
//! - [`cli::check_line`]: the `check-cf` command-line format.

mod belfiore_code;
pub mod cli;
mod consistency;
mod encode;
mod error;
mod fiscal_id;
mod normalise;
mod personal;
pub mod report;
pub mod samples;
mod tables;

pub use belfiore_code::BelfioreCode;
pub use consistency::{Mismatch, PersonData, check_consistency};
pub use encode::{EncodeError, encode, name_letters, surname_letters};
pub use error::{CfError, Expected};
pub use fiscal_id::{Accept, FiscalId, StpEniCode, TemporaryCode, parse_fiscal_id};
pub use personal::{CodiceFiscale, Sex, parse};

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
