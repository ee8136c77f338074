//! One stable sort for the whole crate.
//!
//! Every `sort_by_key` call is its own copy of core's sort, specialised for
//! its element type and key closure: about 3.5 KB of wasm each. Here the
//! sort runs once, on `(key, index)` pairs, and each caller only computes
//! its keys and moves its elements into the order found.

/// Sort `items` by `key`, smallest first, keeping the order of items with
/// equal keys (as `sort_by_key` does).
pub fn stable_by_key<T>(items: &mut [T], key: impl Fn(&T) -> u64) {
    let keys: Vec<u64> = items.iter().map(key).collect();
    permute(items, &order(&keys));
}

/// The indices of `keys` in stable sorted order. Index `i` breaks ties, so
/// the unstable sort (which needs no buffer) gives the stable order.
fn order(keys: &[u64]) -> Vec<usize> {
    let mut pairs: Vec<(u64, usize)> = keys.iter().copied().zip(0..).collect();
    pairs.sort_unstable();
    pairs.into_iter().map(|(_, i)| i).collect()
}

/// Rearrange `items` so that position `i` holds what was at `from[i]`, by
/// following each cycle of the permutation with swaps.
fn permute<T>(items: &mut [T], from: &[usize]) {
    let mut done = vec![false; items.len()];
    for start in 0..items.len() {
        let mut i = start;
        while !done.get(i).copied().unwrap_or(true) {
            if let Some(d) = done.get_mut(i) {
                *d = true;
            }
            let Some(&j) = from.get(i) else { break };
            if j == start {
                break;
            }
            items.swap(i, j);
            i = j;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::stable_by_key;

    #[test]
    fn sorts_stably_as_sort_by_key_does() {
        let mut x: u64 = 12345;
        for len in 0..200 {
            let items: Vec<(u64, usize)> = (0..len)
                .map(|i| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((x >> 33) % 7, i)
                })
                .collect();
            let mut ours = items.clone();
            stable_by_key(&mut ours, |p| p.0);
            let mut std = items;
            std.sort_by_key(|p| p.0);
            assert_eq!(ours, std, "{len} items");
        }
    }
}
