//! Schools registry: ATS, istituti, plessi.
