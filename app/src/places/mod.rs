//! Places: Italian comuni and foreign countries (reference data).
//!
//! `data/places.csv` (see `data/SOURCES.md`) holds every comune and country
//! with its validity periods; this module parses it, looks codes up on a
//! date and searches current comuni for the forms' picker. The Belfiore set
//! used by the codice fiscale validator is compiled in (`belfiore`).
pub mod belfiore;
mod belfiore_set;
mod label;
mod load;
mod place;
mod search;

pub use label::name_part;
pub use load::{PlacesError, parse_places_csv};
pub use place::{Place, PlaceKind, lookup_belfiore};
pub use search::search;

#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(test)]
mod tests;
