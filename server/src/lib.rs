//! Portale Scuole server: configuration, database, routes and the
//! command-line subcommands. `main.rs` only dispatches.

pub mod cli;
pub mod config;
pub mod db;
pub mod seed;
pub mod seed_accounts;
pub mod web;
