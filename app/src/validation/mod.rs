//! Generic field rules: dates, phone numbers, e-mail addresses.
