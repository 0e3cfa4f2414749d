//! The TLS backend the `rustls` feature chooses: rustls with the ring provider.
//!
//! reqwest's `rustls-no-provider` asks for a process-wide rustls provider. When the program
//! has installed one (any provider, aws-lc-rs included), it is used as is; otherwise ring's is
//! installed once, the first time a client is built. The `rustls-aws-lc` and `native-tls`
//! features need nothing here.

/// Makes sure reqwest finds a rustls crypto provider when it builds its TLS configuration.
pub(crate) fn ensure_provider() {
    #[cfg(feature = "rustls")]
    {
        use std::sync::Once;
        static INSTALL: Once = Once::new();
        INSTALL.call_once(|| {
            if rustls::crypto::CryptoProvider::get_default().is_none() {
                // Losing a race to another installer is fine: a provider is then in place.
                let _ = rustls::crypto::ring::default_provider().install_default();
            }
        });
    }
}

#[cfg(all(test, feature = "rustls"))]
mod tests {
    #[test]
    fn a_provider_is_in_place_after_ensure() {
        super::ensure_provider();
        assert!(rustls::crypto::CryptoProvider::get_default().is_some());
    }
}
