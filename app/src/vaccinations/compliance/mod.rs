//! Compliance engine: one pupil, one check date (LOVS-RULES.md, law 119/2017).
//!
//! - [`model`]: antigens, doses, exemptions, the pupil's record, outcomes.
//! - [`schedule`]: the §1 and §2 tables and the document's Decisions as data.
//! - [`engine`]: [`check`], the precedence of outcomes (§4).
//! - [`runner`]: [`run`], the `check-obligation FILE.json` command's logic.

pub mod engine;
pub mod model;
pub mod runner;
mod runner_error;
mod runner_input;
pub mod schedule;

pub use engine::{check, exemption_valid_on};
pub use model::{Dose, Exemption, ExemptionKind, Outcome, PupilRecord, Vaccine, Verdict};
pub use runner::{FieldProblem, PupilRef, RunnerError, run};
