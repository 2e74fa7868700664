//! Database schema migrations.
