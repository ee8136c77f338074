//! IPv4 and IPv6 addresses in their text forms, read exactly as std's
//! `Ipv4Addr` and `Ipv6Addr` `FromStr` read them (the tests compare the
//! two on every shape). Written here because core's address parser, a
//! general one (ports, scope ids, sockets), was about 3.5 KB of the wasm
//! module's code for the two calls we make; this is a fifth of that.

/// A dotted-quad IPv4 address: four decimal numbers up to 255, each one
/// to three digits, without a leading zero (`"01"` is refused).
pub(crate) fn ipv4(s: &str) -> Option<[u8; 4]> {
    let (octets, end) = read_ipv4(s.as_bytes(), 0)?;
    (end == s.len()).then_some(octets)
}

/// An IPv6 address (RFC 4291 §2.2): eight groups of one to four hex
/// digits, at most one `::` standing for one or more zero groups, and
/// optionally an IPv4 address as the last two groups.
pub(crate) fn ipv6(s: &str) -> Option<[u16; 8]> {
    let b = s.as_bytes();
    let mut head = [0; 8];
    let (head_size, head_ipv4, at) = read_groups(b, 0, &mut head);
    if head_size == 8 {
        return (at == b.len()).then_some(head);
    }
    // An IPv4 part is not allowed before `::`.
    if head_ipv4 || b.get(at..at + 2) != Some(b"::") {
        return None;
    }
    // `::` stands for at least one zero group: seven groups at most after
    // it, fewer after a head.
    let mut tail = [0; 7];
    let limit = 7 - head_size;
    let (tail_size, _, at) = read_groups(b, at + 2, &mut tail[..limit]);
    if at != b.len() {
        return None;
    }
    head[8 - tail_size..].copy_from_slice(&tail[..tail_size]);
    Some(head)
}

/// A number at `b[at..]` of one to `max_digits` digits in `radix`, and
/// where it ends; `None` when there are more digits (std reads them all
/// and fails, rather than stopping), or with a leading zero unless
/// `zero_prefix`.
fn read_number(
    b: &[u8],
    at: usize,
    radix: u32,
    max_digits: usize,
    zero_prefix: bool,
) -> Option<(u32, usize)> {
    let digits = b
        .get(at..)?
        .iter()
        .take_while(|&&c| char::from(c).is_digit(radix))
        .count();
    if digits == 0 || digits > max_digits || (!zero_prefix && digits > 1 && b[at] == b'0') {
        return None;
    }
    let value = b[at..at + digits].iter().fold(0, |n, &c| {
        n * radix + char::from(c).to_digit(radix).unwrap_or(0)
    });
    Some((value, at + digits))
}

/// The four numbers of an IPv4 address at `b[at..]`, and where it ends.
fn read_ipv4(b: &[u8], mut at: usize) -> Option<([u8; 4], usize)> {
    let mut octets = [0; 4];
    for (i, octet) in octets.iter_mut().enumerate() {
        if i > 0 {
            at = separator(b, at, b'.')?;
        }
        let (n, end) = read_number(b, at, 10, 3, false)?;
        *octet = u8::try_from(n).ok()?;
        at = end;
    }
    Some((octets, at))
}

/// Past the separator `sep` at `b[at]`.
fn separator(b: &[u8], at: usize, sep: u8) -> Option<usize> {
    (b.get(at) == Some(&sep)).then_some(at + 1)
}

/// Up to `groups.len()` colon-separated groups at `b[at..]`, the last two
/// possibly an IPv4 address (when at least two groups are left): how many
/// were read, whether they ended with an IPv4 address, and where they end.
/// A group that cannot be read ends the groups before its colon.
fn read_groups(b: &[u8], mut at: usize, groups: &mut [u16]) -> (usize, bool, usize) {
    let limit = groups.len();
    for i in 0..limit {
        let start = if i > 0 {
            separator(b, at, b':')
        } else {
            Some(at)
        };
        let Some(start) = start else {
            return (i, false, at);
        };
        if i + 1 < limit {
            if let Some(([a, b2, c, d], end)) = read_ipv4(b, start) {
                groups[i] = u16::from_be_bytes([a, b2]);
                groups[i + 1] = u16::from_be_bytes([c, d]);
                return (i + 2, true, end);
            }
        }
        match read_number(b, start, 16, 4, true) {
            Some((group, end)) => {
                groups[i] = group as u16;
                at = end;
            }
            None => return (i, false, at),
        }
    }
    (limit, false, at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    fn same(s: &str) {
        assert_eq!(
            ipv4(s),
            s.parse::<Ipv4Addr>().ok().map(|a| a.octets()),
            "ipv4 {s:?}"
        );
        assert_eq!(
            ipv6(s),
            s.parse::<Ipv6Addr>().ok().map(|a| a.segments()),
            "ipv6 {s:?}"
        );
    }

    #[test]
    fn as_std_reads_them() {
        for s in [
            "",
            "0.0.0.0",
            "255.255.255.255",
            "256.1.1.1",
            "01.1.1.1",
            "1.1.1.00",
            "1.1.1",
            "1.1.1.1.",
            "1.1.1.1.1",
            "0001.1.1.1",
            "::",
            ":::",
            "::1",
            "1::",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7::",
            "::2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::8",
            "1::2::3",
            "12345::",
            "0000:ffff:FFFF::",
            "::ffff:1.2.3.4",
            "1:2:3:4:5:6:1.2.3.4",
            "1:2:3:4:5:6:7:1.2.3.4",
            "1.2.3.4::",
            "1:2:3:4:5:1.2.3.4",
            "::1.2.3.4",
            "::1.2.3.04",
            "::1.2.3.4:5",
            "1:2:3:4:5:6:7:1.2.3",
            "2001:db8::1",
            "2001:DB8:0:0:8:800:200C:417A",
            "fe80::1%eth0",
            " ::1",
            "::1 ",
            "é::1",
        ] {
            same(s);
        }
    }

    /// Random strings of address-like pieces, compared with std.
    #[test]
    fn as_std_reads_random_shapes() {
        const PIECES: &[&str] = &[
            ":", "::", ".", "0", "1", "9", "00", "01", "255", "256", "a", "F", "ff", "abcd",
            "12345", "1.2.3.4", "x",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..200_000 {
            let len = next(24);
            let s: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
            same(&s);
        }
    }
}
