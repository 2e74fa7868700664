//! Codice fiscale: Italian fiscal code validation and decoding (DESIGN.md).
