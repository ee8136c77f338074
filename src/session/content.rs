//! Message content after DATA or BDAT: size, header fields, 8-bit bytes.

use crate::model::Header;

/// Collects one message's content, line by line.
#[derive(Debug, Default)]
pub struct ContentBuilder {
    /// Bytes after dot-unstuffing, counting CRLF line ends.
    pub size: u64,
    pub headers: Vec<Header>,
    pub eight_bit: bool,
    /// Still reading the header section.
    in_headers: bool,
    lines: u64,
    /// The input the header fields share (see [`super::Shared`]).
    shared: super::Shared,
}

impl ContentBuilder {
    /// `shared`: the input the lines added are parts of, if any.
    pub fn new(shared: super::Shared) -> Self {
        ContentBuilder {
            in_headers: true,
            shared,
            ..ContentBuilder::default()
        }
    }

    /// Add one content line (without line ending). `dot_stuffed` is true
    /// after DATA, where a leading `..` stands for `.` (RFC 5321 §4.5.2).
    pub fn add_line(&mut self, text: &str, dot_stuffed: bool) {
        let text = if dot_stuffed && text.starts_with("..") {
            text.get(1..).unwrap_or(text)
        } else {
            text
        };
        self.size += text.len() as u64 + 2;
        self.lines += 1;
        if !self.eight_bit && !text.is_ascii() {
            self.eight_bit = true;
        }
        if !self.in_headers {
            return;
        }
        if text.is_empty() {
            self.in_headers = false;
        } else if text.starts_with([' ', '\t']) {
            // A folded continuation of the previous field (RFC 5322 §2.2.3).
            match self.headers.last_mut() {
                Some(h) => {
                    h.value.push_str(" ");
                    h.value.push_str(text.trim());
                }
                None => self.in_headers = false,
            }
        } else if let Some((name, value)) = text.split_once(':') {
            let valid_name =
                !name.is_empty() && name.bytes().all(|b| (33..=126).contains(&b) && b != b':');
            if valid_name {
                self.headers.push(Header {
                    name: super::share(&self.shared, name),
                    value: super::share(&self.shared, value.trim()),
                });
            } else {
                self.in_headers = false;
            }
        } else {
            // Not a header field: the message has no header section we can
            // read (or a body without the blank separator line).
            self.in_headers = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_unfolded_and_body_skipped() {
        let mut c = ContentBuilder::new(None);
        for l in [
            "Subject: hello",
            " world",
            "From: <a@example.com>",
            "",
            "Body: not a header",
            "..dot",
        ] {
            c.add_line(l, true);
        }
        assert_eq!(c.headers.len(), 2);
        assert_eq!(c.headers[0].value, "hello world");
        assert_eq!(c.headers[1].name, "From");
        // 14+7+21+0+18+4 bytes of text ("..dot" unstuffed to ".dot"), plus
        // six CRLFs.
        assert_eq!(c.size, 14 + 6 + 21 + 18 + 4 + 12);
        assert!(!c.eight_bit);
    }

    #[test]
    fn eight_bit_detected() {
        let mut c = ContentBuilder::new(None);
        c.add_line("Subject: café", true);
        assert!(c.eight_bit);
    }
}
