//! Text folding shared by the domain: the place search and the spreadsheet
//! headers compare names the way people type them (no case, no accents).
//! Pure code.

mod fold;

pub(crate) use fold::{Fold, fold, fold_to_string};
