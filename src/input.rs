//! Splitting the input into lines, with their byte spans and line endings.
//!
//! A line ends at LF, CRLF or a lone CR. Byte offsets start at 0 and are
//! UTF-8 offsets into the input; line numbers start at 1. A final line
//! without a line ending counts; an input that ends with a line ending has no
//! empty line after it.

/// How a line was terminated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    CrLf,
    Lf,
    Cr,
    /// The last line of an input that does not end with a newline.
    None,
}

/// One line of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based.
    pub number: u32,
    /// Byte offset of the first character.
    pub start: usize,
    /// The text, without its line ending.
    pub text: &'a str,
    pub ending: Ending,
}

/// The line numbered `n` (1-based) of `lines`, the lines of a whole input.
pub fn numbered<'l, 'a>(lines: &'l [Line<'a>], n: u32) -> Option<&'l Line<'a>> {
    (n as usize).checked_sub(1).and_then(|i| lines.get(i))
}

impl Line<'_> {
    /// Byte offset just past the text (before the line ending).
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

/// Split `input` into lines. Linear in the input size: each line ending is
/// found with memchr's vectorised search for CR or LF.
pub fn split_lines(input: &str) -> Vec<Line<'_>> {
    split_lines_at(input, 1, 0)
}

/// Split a piece of a larger input into lines: its first line is number
/// `first`, and it starts at byte `offset` of the whole input (line numbers
/// and starts are those of the whole input; `text` borrows the piece).
pub fn split_lines_at(input: &str, first: u32, offset: usize) -> Vec<Line<'_>> {
    let bytes = input.as_bytes();
    // Text from the page's textarea (browsers hand it over with LF endings)
    // and most logs have no CR at all. Then every line ends at an LF, and
    // memchr's search for one byte, which sets up less per line than the
    // search for two, finds the same ends (profiled: 4.4 M Ir of 1 MB of
    // short RFC-style lines).
    //
    // The list is made at its size, from a count of the line endings (a
    // vectorised pass, a small part of splitting): grown from a guess, it
    // took up to twice the room (1.6 MB for the 0.85 MB of lines of 1 MB of
    // short lines). With CRs, the larger of the two counts is exact for
    // CRLF, CR and LF endings alike, and short only for a mix of lone CRs
    // and LFs, where the list grows as needed.
    let lfs = memchr::memchr_iter(b'\n', bytes).count();
    if memchr::memchr(b'\r', bytes).is_none() {
        split_at_ends(
            input,
            first,
            offset,
            lfs + 1,
            usize::MAX,
            memchr::memchr_iter(b'\n', bytes),
        )
    } else {
        let crs = memchr::memchr_iter(b'\r', bytes).count();
        split_at_ends(
            input,
            first,
            offset,
            lfs.max(crs) + 1,
            usize::MAX,
            memchr::memchr2_iter(b'\n', b'\r', bytes),
        )
    }
}

/// The first `most` lines of `input`: what [`split_lines`] gives, cut to
/// `most`, without reading further (the format is chosen from the first
/// lines while the rest are split).
pub fn split_lines_head(input: &str, most: usize) -> Vec<Line<'_>> {
    let ends = memchr::memchr2_iter(b'\n', b'\r', input.as_bytes());
    split_at_ends(input, 1, 0, most, most, ends)
}

/// Split `input` at `ends`, the positions of its CR and LF bytes in order,
/// into a list made with room for `lines` lines, of at most `most` lines.
fn split_at_ends(
    input: &str,
    first: u32,
    offset: usize,
    lines: usize,
    most: usize,
    ends: impl Iterator<Item = usize>,
) -> Vec<Line<'_>> {
    let bytes = input.as_bytes();
    let mut lines = Vec::with_capacity(lines);
    let mut start = 0usize;
    let mut number: u32 = first;
    for i in ends {
        if lines.len() >= most {
            return lines;
        }
        // The LF of a CRLF was consumed with its CR.
        if i < start {
            continue;
        }
        let (ending, next) = if bytes.get(i) == Some(&b'\r') {
            if bytes.get(i + 1) == Some(&b'\n') {
                (Ending::CrLf, i + 2)
            } else {
                (Ending::Cr, i + 1)
            }
        } else {
            (Ending::Lf, i + 1)
        };
        // `i` is at an ASCII byte, so it is a char boundary.
        let text = input.get(start..i).unwrap_or("");
        lines.push(Line {
            number,
            start: offset + start,
            text,
            ending,
        });
        number = number.saturating_add(1);
        start = next;
    }
    if start < bytes.len() && lines.len() < most {
        lines.push(Line {
            number,
            start: offset + start,
            text: input.get(start..).unwrap_or(""),
            ending: Ending::None,
        });
    }
    lines
}

/// The line endings of an input read piece by piece, kept as runs of equal
/// endings: a log whose lines all end alike is one run, however long.
#[derive(Debug, Default)]
pub struct EndingRuns {
    /// (first line number, ending) of each run, in order.
    runs: Vec<(u32, Ending)>,
}

impl EndingRuns {
    /// Record the endings of the next lines (in order).
    pub fn extend(&mut self, lines: &[Line<'_>]) {
        for l in lines {
            if self.runs.last().map(|r| r.1) != Some(l.ending) {
                self.runs.push((l.number, l.ending));
            }
        }
    }

    /// The ending of line `number`, when it was recorded.
    pub fn get(&self, number: u32) -> Option<Ending> {
        let i = self.runs.partition_point(|r| r.0 <= number);
        self.runs.get(i.checked_sub(1)?).map(|r| r.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(input: &str) -> Vec<(&str, Ending)> {
        split_lines(input)
            .iter()
            .map(|l| (l.text, l.ending))
            .collect()
    }

    type Row = (&'static str, &'static str, Vec<(&'static str, Ending)>);

    #[test]
    fn endings_table() {
        let rows: &[Row] = &[
            ("empty", "", vec![]),
            ("lf", "a\nb\n", vec![("a", Ending::Lf), ("b", Ending::Lf)]),
            (
                "crlf",
                "a\r\nb\r\n",
                vec![("a", Ending::CrLf), ("b", Ending::CrLf)],
            ),
            ("cr", "a\rb\r", vec![("a", Ending::Cr), ("b", Ending::Cr)]),
            (
                "no final newline",
                "a\nb",
                vec![("a", Ending::Lf), ("b", Ending::None)],
            ),
            (
                "blank lines",
                "\n\n",
                vec![("", Ending::Lf), ("", Ending::Lf)],
            ),
            (
                "cr then crlf",
                "a\r\r\n",
                vec![("a", Ending::Cr), ("", Ending::CrLf)],
            ),
            ("utf8", "é\nü", vec![("é", Ending::Lf), ("ü", Ending::None)]),
        ];
        for (name, input, want) in rows {
            assert_eq!(&texts(input), want, "{name}");
        }
    }

    #[test]
    fn the_head_is_the_first_lines_of_the_whole() {
        let inputs = [
            "",
            "a",
            "a\n",
            "a\r\nb\r\nc\r\nd",
            "a\r\r\nb\rc\n\nd\r",
            "one\ntwo\r\nthree\rfour\n",
            "é\r\nü\n\n\r\r\n",
        ];
        for input in inputs {
            let all = split_lines(input);
            for most in 0..=all.len() + 2 {
                let want = all.get(..most.min(all.len())).unwrap_or(&all);
                assert_eq!(split_lines_head(input, most), want, "{input:?}, {most}");
            }
        }
    }

    #[test]
    fn spans_partition_input() {
        let input = "220 x\r\nEHLO y\nQUIT\rlast";
        let lines = split_lines(input);
        let mut pos = 0;
        for l in &lines {
            assert_eq!(l.start, pos);
            pos = l.end()
                + match l.ending {
                    Ending::CrLf => 2,
                    Ending::Lf | Ending::Cr => 1,
                    Ending::None => 0,
                };
        }
        assert_eq!(pos, input.len());
        assert_eq!(lines.last().map(|l| l.number), Some(4));
    }
}
