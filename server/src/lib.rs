//! Portale Scuole server: configuration, database, routes and the
//! command-line subcommands. `main.rs` only dispatches.

// Leptos view types nest deeply; their async render futures need more
// than the default query depth when their layouts are computed.
#![recursion_limit = "256"]

pub mod cli;
pub mod config;
pub mod db;
pub mod guard;
pub mod oidc;
pub mod seed;
pub mod seed_accounts;
pub mod web;
