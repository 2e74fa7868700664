//! Generic field rules: dates, phone numbers, e-mail addresses.
pub mod dates;
pub mod email;
pub mod phone;
