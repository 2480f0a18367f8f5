//! Placeholder; the typesetter lands here.
