//! Names people type, derived from the spec's names: the spec model's
//! [`passport_paas_spec::surface::naming`], which `cargo xtask review` uses too, so the
//! names `paas` shows and the ones a review reports never disagree.

pub use passport_paas_spec::surface::naming::*;
