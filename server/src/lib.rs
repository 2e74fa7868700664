//! Portale Scuole server: configuration, database, routes and the
//! command-line subcommands. `main.rs` only dispatches.

pub mod cli;
pub mod config;
pub mod db;
pub mod oidc;
pub mod seed;
pub mod web;
