//! Compact JSON: byte for byte what `serde_json::to_vec` writes, in less
//! time. The CLI's `--json`, the wasm's results and the page's summary are
//! written with it.
//!
//! Why our own: the JSON of a transcript is 5–8 times its input (every
//! event carries its source lines, explanation and parsed parts), and
//! writing it was the CLI's slower thread. serde_json reads a string byte
//! by byte to find what needs escaping (about 8 instructions a byte, two
//! fifths of `parse --json`'s writing thread on the RFC-style benchmark),
//! writes every struct field's name through the same loop, and goes
//! through `io::Write` for each piece. Here a string is checked eight bytes
//! at a time (`needs_escape`) and copied whole when none needs escaping
//! (most do not), into a `String` that the caller keeps and reuses.
//!
//! The output is the same as serde_json's compact writer for every value:
//! the same escapes (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, the other
//! control characters as `\u00xx`, nothing else), integers by `itoa`,
//! floats by `zmij` (serde_json's own formatter) and `null` when not
//! finite, enums externally tagged, map keys as strings. The tests compare
//! the two on every fixture.

use serde::ser::{self, Impossible, Serialize};
use std::fmt::{self, Display, Write as _};

/// Why a value could not be written: a `Serialize` impl said so, or a map
/// key was not a string (our types have neither).
#[derive(Debug)]
pub struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

impl From<Error> for std::io::Error {
    fn from(e: Error) -> Self {
        std::io::Error::other(e)
    }
}

fn key_must_be_a_string() -> Error {
    Error("key must be a string".to_string())
}

/// Append `value` as compact JSON to `out`.
pub fn push<T: ?Sized + Serialize>(out: &mut String, value: &T) -> Result<(), Error> {
    value.serialize(&mut Writer { out })
}

/// `value` as compact JSON text.
pub fn to_string<T: ?Sized + Serialize>(value: &T) -> Result<String, Error> {
    let mut out = String::new();
    push(&mut out, value)?;
    Ok(out)
}

/// `value` as compact JSON, UTF-8 bytes.
pub fn to_vec<T: ?Sized + Serialize>(value: &T) -> Result<Vec<u8>, Error> {
    to_string(value).map(String::into_bytes)
}

/// The escape of each byte, as serde_json has it: 0 for none, `u` for
/// `\u00xx`, else the letter after the backslash.
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0A] = b'n';
    table[0x0C] = b'f';
    table[0x0D] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// True when one of the eight bytes of `word` needs escaping: a control
/// character (below 0x20), `"` or `\`. The bit tricks are the classic
/// "has a byte less than n" and "has a zero byte" tests (Bit Twiddling
/// Hacks, "Determine if a word has a byte less than n"): subtracting n from
/// every byte borrows into a byte's top bit only where the byte was below
/// n, and `& !word` drops bytes whose top bit was already set. Exact as a
/// yes or no for n ≤ 128, which is all that is asked here.
#[inline]
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |w: u64, n: u8| w.wrapping_sub(ONES * n as u64) & !w & HIGH;
    let control = below(word, 0x20);
    let quote = below(word ^ (ONES * b'"' as u64), 1);
    let backslash = below(word ^ (ONES * b'\\' as u64), 1);
    (control | quote | backslash) != 0
}

/// The bytes of `bytes` from `at`, eight of them or all that are left, as
/// one word for `needs_escape`. When fewer than eight are left, the word
/// is made of overlapping reads (some bytes twice, none from outside), as
/// short strings are read in hash functions: most strings written are
/// field names of a few letters, and a copy into a padded word cost a call
/// to `memcpy` each.
#[inline]
fn word_at(bytes: &[u8], at: usize) -> u64 {
    let rest = bytes.get(at..).unwrap_or_default();
    let n = rest.len();
    let eight = |from: usize| {
        rest.get(from..from + 8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map_or(0, u64::from_le_bytes)
    };
    let four = |from: usize| {
        rest.get(from..from + 4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map_or(0, |b| u32::from_le_bytes(b) as u64)
    };
    let one = |i: usize| rest.get(i).map_or(0, |&b| b as u64);
    if n >= 8 {
        eight(0)
    } else if n >= 4 {
        four(0) | four(n - 4) << 32
    } else if n > 0 {
        // The three reads cover every byte of one to three; the five
        // bytes above them are spaces.
        const SPACES: u64 = 0x2020_2020_2000_0000;
        one(0) | one(n / 2) << 8 | one(n - 1) << 16 | SPACES
    } else {
        0x2020_2020_2020_2020
    }
}

/// Append `s` escaped, without the quotes: checked a word at a time, and
/// only a word that has a byte to escape is read byte by byte.
fn push_escaped(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    // `start`: the first byte not yet written.
    let mut start = 0;
    let mut at = 0;
    while at < bytes.len() {
        if needs_escape(word_at(bytes, at)) {
            let end = bytes.len().min(at + 8);
            for (i, &byte) in bytes.iter().enumerate().take(end).skip(at) {
                let escape = ESCAPE[byte as usize];
                if escape == 0 {
                    continue;
                }
                // The byte is ASCII, so `i` is a character boundary.
                out.push_str(s.get(start..i).unwrap_or_default());
                start = i + 1;
                push_escape(out, escape, byte);
            }
        }
        at += 8;
    }
    out.push_str(s.get(start..).unwrap_or_default());
}

/// `\` and the escape's letter, and for a control character without a
/// letter of its own (`u`) its four hex digits.
fn push_escape(out: &mut String, escape: u8, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('\\');
    out.push(escape as char);
    if escape == b'u' {
        out.push_str("00");
        out.push(HEX[(byte >> 4) as usize] as char);
        out.push(HEX[(byte & 0xF) as usize] as char);
    }
}

fn push_str(out: &mut String, s: &str) {
    out.push('"');
    push_escaped(out, s);
    out.push('"');
}

fn push_int<I: itoa::Integer>(out: &mut String, value: I) {
    out.push_str(itoa::Buffer::new().format(value));
}

fn push_f64(out: &mut String, value: f64) {
    if value.is_finite() {
        out.push_str(zmij::Buffer::new().format_finite(value));
    } else {
        out.push_str("null");
    }
}

fn push_f32(out: &mut String, value: f32) {
    if value.is_finite() {
        out.push_str(zmij::Buffer::new().format_finite(value));
    } else {
        out.push_str("null");
    }
}

/// The ten integer methods of a `Serializer`, each a call of `$write`
/// with `self` and the value.
macro_rules! integers {
    ($write:ident) => {
        integers!(@each $write;
            serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
            serialize_i64: i64, serialize_i128: i128, serialize_u8: u8,
            serialize_u16: u16, serialize_u32: u32, serialize_u64: u64,
            serialize_u128: u128);
    };
    (@each $write:ident; $($method:ident: $t:ty),*) => {
        $(fn $method(self, v: $t) -> Result<(), Error> {
            $write(self, v)
        })*
    };
}

fn int_value<I: itoa::Integer>(ser: &mut Writer<'_>, v: I) -> Result<(), Error> {
    push_int(ser.out, v);
    Ok(())
}

fn int_key<I: itoa::Integer>(key: Key<'_, '_>, v: I) -> Result<(), Error> {
    key.quoted(|o| push_int(o, v))
}

/// The serializer: appends to a `String`.
struct Writer<'a> {
    out: &'a mut String,
}

/// `collect_str`'s sink: what `Display` writes, escaped as it comes.
struct Escaping<'a>(&'a mut String);

impl fmt::Write for Escaping<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        push_escaped(self.0, s);
        Ok(())
    }
}

/// An array or object being written. `first`: nothing written in it yet;
/// `empty`: it was known to be empty and is already closed (`[]`, `{}`),
/// as serde_json does; `variant`: it is the value of an externally tagged
/// variant, `{"Name":...}`, whose brace `end` closes too.
pub struct Compound<'a, 'b> {
    ser: &'b mut Writer<'a>,
    first: bool,
    empty: bool,
    variant: bool,
}

impl<'a, 'b> Compound<'a, 'b> {
    fn open(ser: &'b mut Writer<'a>, open: &str, len: Option<usize>, variant: bool) -> Self {
        ser.out.push_str(open);
        let empty = len == Some(0);
        if empty {
            ser.out.push(if open == "[" { ']' } else { '}' });
        }
        Compound {
            ser,
            first: true,
            empty,
            variant,
        }
    }

    fn comma(&mut self) {
        if !self.first {
            self.ser.out.push(',');
        }
        self.first = false;
    }

    fn close(self, bracket: char) {
        if !self.empty {
            self.ser.out.push(bracket);
        }
        if self.variant {
            self.ser.out.push('}');
        }
    }

    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(&mut *self.ser)
    }

    fn field<T: ?Sized + Serialize>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.comma();
        push_str(self.ser.out, key);
        self.ser.out.push(':');
        value.serialize(&mut *self.ser)
    }
}

impl Writer<'_> {
    /// `{"variant":` of an externally tagged enum variant.
    fn variant_key(&mut self, variant: &str) {
        self.out.push('{');
        push_str(self.out, variant);
        self.out.push(':');
    }
}

impl<'a, 'b> ser::Serializer for &'b mut Writer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, 'b>;
    type SerializeTuple = Compound<'a, 'b>;
    type SerializeTupleStruct = Compound<'a, 'b>;
    type SerializeTupleVariant = Compound<'a, 'b>;
    type SerializeMap = Compound<'a, 'b>;
    type SerializeStruct = Compound<'a, 'b>;
    type SerializeStructVariant = Compound<'a, 'b>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    integers!(int_value);
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        push_f32(self.out, v);
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        push_f64(self.out, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        push_str(self.out, v.encode_utf8(&mut [0u8; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        push_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = Compound::open(self, "[", Some(v.len()), false);
        for b in v {
            seq.comma();
            push_int(seq.ser.out, *b);
        }
        seq.close(']');
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.variant_key(variant);
        value.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a, 'b>, Error> {
        Ok(Compound::open(self, "[", len, false))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, 'b>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'b>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'b>, Error> {
        self.variant_key(variant);
        Ok(Compound::open(self, "[", Some(len), true))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a, 'b>, Error> {
        Ok(Compound::open(self, "{", len, false))
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, 'b>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'b>, Error> {
        self.variant_key(variant);
        Ok(Compound::open(self, "{", Some(len), true))
    }
    fn collect_str<T: ?Sized + Display>(self, value: &T) -> Result<(), Error> {
        self.out.push('"');
        // Escaping never fails; an error can only come from `value`'s own
        // Display, which serde_json also reports.
        write!(Escaping(self.out), "{value}").map_err(|_| Error("a Display failed".into()))?;
        self.out.push('"');
        Ok(())
    }
}

/// serde's four kinds of array (`$method` names its one method), all
/// written alike.
macro_rules! arrays {
    ($($kind:ident::$method:ident),*) => {
        $(impl ser::$kind for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }
            fn end(self) -> Result<(), Error> {
                self.close(']');
                Ok(())
            }
        })*
    };
}

arrays!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        key.serialize(Key(&mut *self.ser))?;
        self.ser.out.push(':');
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), Error> {
        self.close('}');
        Ok(())
    }
}

/// serde's two kinds of struct, written alike.
macro_rules! structs {
    ($($kind:ident),*) => {
        $(impl ser::$kind for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.field(key, value)
            }
            fn end(self) -> Result<(), Error> {
                self.close('}');
                Ok(())
            }
        })*
    };
}

structs!(SerializeStruct, SerializeStructVariant);

/// A map key: a string, or a number, `bool` or `char` written as one, as
/// serde_json does; anything else is an error.
struct Key<'b, 'a>(&'b mut Writer<'a>);

impl Key<'_, '_> {
    fn quoted(self, f: impl FnOnce(&mut String)) -> Result<(), Error> {
        self.0.out.push('"');
        f(self.0.out);
        self.0.out.push('"');
        Ok(())
    }
}

impl ser::Serializer for Key<'_, '_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.quoted(|o| o.push_str(if v { "true" } else { "false" }))
    }
    integers!(int_key);
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        if !v.is_finite() {
            return Err(Error("float key must be finite".into()));
        }
        self.quoted(|o| push_f32(o, v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        if !v.is_finite() {
            return Err(Error("float key must be finite".into()));
        }
        self.quoted(|o| push_f64(o, v))
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.0.serialize_char(v)
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.0.serialize_str(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.0.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn same<T: Serialize>(value: &T) {
        let ours = to_string(value).expect("writes");
        let theirs = serde_json::to_string(value).expect("writes");
        assert_eq!(ours, theirs);
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        // Every byte value below 0x80 at every position of a word, so that
        // the eight-byte check is tried on each, and multi-byte characters
        // across word boundaries.
        for b in 0u8..0x80 {
            for pos in 0..17 {
                let mut s = "abcdefghijklmnopq".to_string();
                s.replace_range(pos..pos + 1, &(b as char).to_string());
                same(&s);
            }
        }
        for s in [
            "",
            "\"",
            "\\\\",
            "é",
            "ééééééé\u{1}",
            "𝄞 clef\t\r\n\u{7f}\u{1f}",
            "250-mx.example.org Hello [192.0.2.1]",
            "a\u{0}b\u{8}c\u{c}d\u{b}",
        ] {
            same(&s);
        }
    }

    #[test]
    fn the_needs_escape_check_is_exact_on_every_byte_in_every_position() {
        for b in 0u8..=255 {
            for pos in 0..8 {
                let mut word = [b'a'; 8];
                word[pos] = b;
                let want = ESCAPE[b as usize] != 0;
                assert_eq!(needs_escape(u64::from_le_bytes(word)), want, "byte {b:#x}");
                // A neighbour that borrows must not hide it nor invent one.
                let mut pair = [0xffu8; 8];
                pair[pos] = b;
                assert_eq!(needs_escape(u64::from_le_bytes(pair)), want, "byte {b:#x}");
            }
        }
    }

    #[derive(serde::Serialize)]
    enum Kind {
        Unit,
        New(u8),
        Tuple(u8, String),
        Struct { a: Option<u8>, b: Vec<u8> },
    }

    #[derive(serde::Serialize)]
    struct Nothing {}

    #[test]
    fn every_shape_is_written_as_serde_json_writes_it() {
        same(&(true, false, (), Some(3u8), None::<u8>, 'x', '"'));
        same(&(i8::MIN, i16::MIN, i32::MIN, i64::MIN, i128::MIN, u128::MAX));
        same(&(0.0f64, -0.0f64, 1.5f64, 1e300f64, f64::NAN, f64::INFINITY));
        same(&(0.1f32, f32::NEG_INFINITY, 3.0f32, 1e-7f64));
        same(&vec![Kind::Unit, Kind::New(1), Kind::Tuple(2, "t".into())]);
        same(&Kind::Struct { a: None, b: vec![] });
        same(&Kind::Struct {
            a: Some(1),
            b: vec![1, 2],
        });
        same(&Nothing {});
        same(&Vec::<u8>::new());
        let mut map = BTreeMap::new();
        map.insert(1u32, "one");
        map.insert(2u32, "two");
        same(&map);
        let mut map = BTreeMap::new();
        map.insert("k\"ey".to_string(), vec![1.25f64]);
        same(&map);
        same(&serde_json::json!({"a": [1, {"b": null}], "c": "d"}));
        struct Shown;
        impl Display for Shown {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("2.1.\"0\"\n")
            }
        }
        impl Serialize for Shown {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        same(&Shown);
    }

    #[test]
    fn a_map_key_that_is_not_a_string_is_an_error() {
        let mut map = BTreeMap::new();
        map.insert(vec![1u8], 1);
        assert!(to_string(&map).is_err());
        assert!(serde_json::to_string(&map).is_err());
    }

    #[test]
    fn every_fixture_parses_to_the_json_serde_json_writes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs: Vec<_> = ["tests/fixtures", "tests/hostile", "www/samples"]
            .iter()
            .map(|d| root.join(d))
            .collect();
        let mut seen = 0;
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let Ok(bytes) = std::fs::read(&path) else {
                    continue;
                };
                for options in [
                    crate::Options::default(),
                    crate::Options {
                        parts: true,
                        show_secrets: true,
                        ..Default::default()
                    },
                    crate::Options {
                        redact: true,
                        ..Default::default()
                    },
                ] {
                    let t = crate::parse_bytes(&bytes, &options);
                    same(&t);
                    same(&crate::summary::summary(&t, 0));
                    seen += 1;
                }
            }
        }
        assert!(seen > 200, "only {seen} parses compared");
    }
}
