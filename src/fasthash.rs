//! Hash maps and sets for keys taken from the input (session keys, queue
//! ids, process keys): fast on short strings, and still safe from hash
//! flooding.
//!
//! std's `HashMap` hashes with SipHash-1-3 under a random key. That is
//! flood-proof, but on the 10–20 byte keys of a mail log it costs about a
//! hundred instructions a key, and framing a Postfix log hashes a key or
//! two per line (profiled: 7 % of parsing one). [foldhash] is several times
//! cheaper per key; hashbrown, which std's map is built on, uses it by
//! default. It has no dependencies and builds for wasm32 without getrandom.
//!
//! Hash flooding — input crafted so that every key lands in one bucket,
//! making each look-up linear and the parse quadratic — is kept out by
//! seeding: a key whose hash an attacker cannot know in advance cannot be
//! aimed. foldhash's own `RandomState` takes its seed from address-space
//! layout randomisation and the clock, neither of which a wasm32 module has
//! (it would hash the same way in every browser), so the seed here comes
//! from a random source instead: the operating system's (through std's
//! `RandomState`) natively, `Math.random()` in the browser.
//!
//! Every map and set of the library uses these, also where speed does not
//! matter (redaction's pseudonyms, the lint's seen pairs): a second hasher
//! (std's SipHash) and the maps' code built for it a second time were
//! 1.6 KB of the gzipped wasm module.
//!
//! [foldhash]: https://docs.rs/foldhash

use foldhash::fast::{FoldHasher, SeedableRandomState};
use foldhash::SharedSeed;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;
use std::sync::OnceLock;

/// A `HashMap` with a randomly seeded foldhash. Make one with
/// `FastMap::default()` (`new` is only for std's own hasher).
pub(crate) type FastMap<K, V> = HashMap<K, V, RandomState>;

/// A `HashSet` with a randomly seeded foldhash.
pub(crate) type FastSet<K> = HashSet<K, RandomState>;

/// Builds the hashers of one map: foldhash with this process's random
/// shared seed and a random seed of the map's own.
#[derive(Clone, Debug)]
pub(crate) struct RandomState(SeedableRandomState);

impl Default for RandomState {
    fn default() -> Self {
        static SHARED: OnceLock<SharedSeed> = OnceLock::new();
        let shared = SHARED.get_or_init(|| SharedSeed::from_u64(random_u64()));
        RandomState(SeedableRandomState::with_seed(random_u64(), shared))
    }
}

impl BuildHasher for RandomState {
    type Hasher = FoldHasher<'static>;

    fn build_hasher(&self) -> Self::Hasher {
        self.0.build_hasher()
    }
}

/// 64 random bits from the operating system: std seeds each of its
/// `RandomState`s from it (a new one per call), and the SipHash of nothing
/// under that key is as unpredictable as the key.
#[cfg(not(target_arch = "wasm32"))]
fn random_u64() -> u64 {
    std::collections::hash_map::RandomState::new().hash_one(())
}

/// 64 random bits from the browser. std has no random source on
/// wasm32-unknown-unknown (its `RandomState` has fixed keys there); the
/// page's `Math.random()` is seeded by the browser, per page, from the
/// system's.
#[cfg(target_arch = "wasm32")]
fn random_u64() -> u64 {
    // Each call gives 52 random bits; take 32 of two.
    let half = || (js_sys::Math::random() * 4_294_967_296.0) as u64;
    (half() << 32) ^ half()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_work_and_seeds_differ() {
        let mut m: FastMap<String, u32> = FastMap::default();
        m.insert("smtpd[1]".to_string(), 1);
        m.insert("smtpd[2]".to_string(), 2);
        assert_eq!(m.get("smtpd[1]"), Some(&1));
        assert_eq!(m.get("smtpd[3]"), None);
        // Two maps hash the same key differently (with overwhelming
        // probability): their seeds are random, not fixed.
        let (a, b) = (RandomState::default(), RandomState::default());
        assert_ne!(a.hash_one("smtpd[1]"), b.hash_one("smtpd[1]"));
    }
}
