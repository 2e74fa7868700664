//! Alert engine: EARS C1, C2, C3 and historical limits (ALERTS.md).
