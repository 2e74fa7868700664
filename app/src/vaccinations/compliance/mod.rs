//! Compliance engine: one pupil, one check date (LOVS-RULES.md).
