//! Portale Scuole server: configuration, database, routes and the
//! command-line subcommands. `main.rs` only dispatches.

// Leptos view types nest deeply once the routes grow (rustc's default is 128).
#![recursion_limit = "256"]
pub mod cli;
pub mod config;
pub mod db;
pub mod seed;
pub mod seed_accounts;
pub mod web;
