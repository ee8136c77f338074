//! The smtpscope command line: `parse` a transcript or log, `explain` a
//! reply.

mod html;
mod json_out;
mod term;

use clap::{Parser, Subcommand};
use smtpscope::{EnhancedStatus, Options};
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

/// mimalloc instead of the system allocator: a parse allocates many small
/// strings and frees them all at the end, where glibc's malloc spent a third
/// of the run consolidating free lists (profiled: the CLI is 1.6x faster).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "smtpscope",
    version,
    about = "Read an SMTP dialogue, log or bounce: what happened, where it failed, what to do"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Parse a transcript, log or bounce (FILE, or - for standard input).
    Parse {
        /// The input file; standard input when absent or `-`.
        file: Option<String>,
        /// Force a format instead of detecting it (e.g. swaks, rfc, raw).
        #[arg(long)]
        format: Option<String>,
        /// Print the parse result as JSON.
        #[arg(long)]
        json: bool,
        /// Indent the JSON even when it is piped (it is indented on a
        /// terminal, compact otherwise).
        #[arg(long, requires = "json")]
        pretty: bool,
        /// Print one compact JSON object per line: one per session
        /// (`"kind":"session"`), then one with what belongs to no session
        /// (`"kind":"rest"`), for log pipelines.
        #[arg(long, conflicts_with = "json")]
        ndjson: bool,
        /// Show AUTH secrets instead of masking them.
        #[arg(long)]
        show_secrets: bool,
        /// Explain every token under each line (terminal output; implies
        /// --parts).
        #[arg(long)]
        explain: bool,
        /// Include each command's and reply's token parts (offsets and
        /// meaning of every token) in the JSON; off by default.
        #[arg(long)]
        parts: bool,
        /// Replace addresses, host names and IP addresses with pseudonyms.
        #[arg(long)]
        redact: bool,
        /// Colour: auto (on a terminal), always or never.
        #[arg(long, default_value = "auto")]
        color: String,
    },
    /// Explain a reply (`550 5.1.1 [TEXT]`) or a token of the dialogue: a
    /// verb, a MAIL/RCPT parameter, an EHLO keyword or a SASL mechanism
    /// (`MAIL`, `SIZE`, `param:NOTIFY`, `PIPELINING`, `CRAM-MD5`).
    Explain {
        /// A three-digit reply code (e.g. 550), or a token to explain.
        what: String,
        /// After a reply code: the enhanced status code (e.g. 5.1.1) and/or
        /// the reply text.
        rest: Vec<String>,
        /// Print the explanation as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the input formats smtpscope reads.
    Formats,
    /// Export a transcript as C:/S: text, a Mermaid sequence diagram, a
    /// swaks command line or JSON.
    Export {
        /// The input file; standard input when absent or `-`.
        file: Option<String>,
        /// What to export to: cs, mermaid, swaks or json.
        #[arg(long = "as", value_name = "KIND")]
        kind: String,
        /// Export only session N (1-based).
        #[arg(long, value_name = "N")]
        session: Option<usize>,
        /// Force a format instead of detecting it.
        #[arg(long)]
        format: Option<String>,
    },
    /// Render a transcript as a static HTML timeline (no script).
    Render {
        /// The input file; standard input when absent or `-`.
        file: Option<String>,
        /// Print an HTML fragment (the default, and the only output for now).
        #[arg(long)]
        html: bool,
        /// Wrap the fragment in a complete HTML page.
        #[arg(long)]
        standalone: bool,
        /// Force a format instead of detecting it.
        #[arg(long)]
        format: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("smtpscope: {msg}");
            ExitCode::from(2)
        }
    }
}

fn read_input(file: Option<&str>) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    match file {
        None | Some("-") => std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?,
        Some(path) => {
            let mut f =
                std::fs::File::open(path).map_err(|e| format!("cannot open {path}: {e}"))?;
            f.read_to_end(&mut buf)
                .map_err(|e| format!("cannot read {path}: {e}"))?
        }
    };
    Ok(buf)
}

/// `--json`: the transcript written as it is parsed, each session as soon
/// as it and those before it are finished (see
/// `smtpscope::parse_bytes_each`), then forgotten. The bytes are those of
/// the whole transcript written compact, or indented (`pretty`: on a
/// terminal, or with `--pretty`) as serde_json's pretty printer writes it
/// (`smtpscope::summary::Indenter`); what is held is the input and the
/// sessions still open, not the whole result. A thread of its own writes
/// the JSON while the parse goes on, on one thread
/// (`SessionSink::has_own_thread`; see `json_out`).
fn stream_json(bytes: Vec<u8>, options: &Options, pretty: bool) -> Result<(), String> {
    /// Hands the parse's sessions to the JSON writer.
    struct JsonSink<'f, 'w> {
        feed: &'f mut json_out::JsonFeed<'w, smtpscope::Session>,
    }
    impl smtpscope::SessionSink for JsonSink<'_, '_> {
        fn begin(&mut self, detection: &smtpscope::Detection) -> std::io::Result<()> {
            let mut head = b"{\"format\":".to_vec();
            serde_json::to_writer(&mut head, &detection.format)?;
            head.extend(b",\"detection\":");
            serde_json::to_writer(&mut head, detection)?;
            head.extend(b",\"sessions\":[");
            self.feed.raw(head)
        }
        fn session(&mut self, s: smtpscope::StreamedSession) -> std::io::Result<()> {
            self.feed.item(s.session)
        }
        fn has_own_thread(&self) -> bool {
            true
        }
    }
    let write: json_out::WriteItem<smtpscope::Session> =
        |session, out| Ok(serde_json::to_writer(out, session)?);
    let done = json_out::with_writer(raw_stdout(), write, Some(b','), pretty, |feed| {
        let mut sink = JsonSink { feed };
        let t = smtpscope::parse_bytes_each(bytes, options, &mut sink)?;
        let mut tail = b"],\"unassigned\":".to_vec();
        serde_json::to_writer(&mut tail, &t.unassigned)?;
        tail.extend(b",\"diagnostics\":");
        serde_json::to_writer(&mut tail, &t.diagnostics)?;
        writeln!(
            tail,
            ",\"lineCount\":{},\"byteCount\":{}}}",
            t.line_count, t.byte_count
        )?;
        sink.feed.raw(tail)
    });
    output_done(done)
}

/// The terminal timeline (`term::render`'s text, byte for byte), drawn as
/// the input is parsed: each session is drawn as soon as it and those
/// before it are finished (see `smtpscope::parse_bytes_each`), then
/// forgotten. Holding the whole result to draw it took 9-11 times the
/// input in memory (a 20 MB log: 180 MB; the text drawn is about 0.7
/// times the input). The first line counts the sessions, so it is made
/// last and printed first.
fn stream_text(
    bytes: Vec<u8>,
    options: &Options,
    colour: bool,
    explain: bool,
) -> Result<(), String> {
    struct TextSink {
        /// Each session's text, in order: pieces, so that none is copied
        /// as the whole grows, each of exactly its size.
        drawn: Vec<Box<str>>,
        /// Where a session is drawn first (a `String` grows by doubling).
        scratch: String,
        colour: bool,
        explain: bool,
    }
    impl smtpscope::SessionSink for TextSink {
        fn begin(&mut self, _: &smtpscope::Detection) -> std::io::Result<()> {
            Ok(())
        }
        fn session(&mut self, s: smtpscope::StreamedSession) -> std::io::Result<()> {
            self.scratch.clear();
            let (colour, explain) = (self.colour, self.explain);
            term::session(&mut self.scratch, s.index, &s.session, colour, explain);
            self.drawn.push(self.scratch.as_str().into());
            Ok(())
        }
    }
    let mut sink = TextSink {
        drawn: Vec::new(),
        scratch: String::new(),
        colour,
        explain,
    };
    let t = smtpscope::parse_bytes_each(bytes, options, &mut sink)
        .map_err(|e| format!("cannot parse: {e}"))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut rest = String::new();
    term::rest(&mut rest, &t, colour);
    let written = out
        .write_all(term::header(&t, sink.drawn.len(), colour).as_bytes())
        .and_then(|()| {
            sink.drawn
                .iter()
                .try_for_each(|text| out.write_all(text.as_bytes()))
        })
        .and_then(|()| out.write_all(rest.as_bytes()))
        .and_then(|()| out.flush());
    output_done(written)
}

/// How writing the output went, for the user.
fn output_done(done: std::io::Result<()>) -> Result<(), String> {
    match done {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}

/// One line of `--ndjson`: a session with its own diagnostics.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SessionLine<'a> {
    kind: &'static str,
    format: &'a str,
    /// 0-based index of the session in the input.
    index: usize,
    #[serde(flatten)]
    session: &'a smtpscope::Session,
    diagnostics: Vec<&'a smtpscope::Diagnostic>,
}

/// The last line of `--ndjson`: events and diagnostics of no session.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct RestLine<'a> {
    kind: &'static str,
    format: &'a str,
    detection: &'a smtpscope::Detection,
    line_count: u32,
    unassigned: &'a [smtpscope::Event],
    diagnostics: Vec<&'a smtpscope::Diagnostic>,
}

/// `--ndjson`: the sessions are written as they end, in bounded memory for
/// a mail log (see `smtpscope::parse_stream`); standard input is first
/// copied to a temporary file, since the log is read twice.
fn stream_ndjson(file: Option<&str>, options: &Options) -> Result<(), String> {
    let spool = match file {
        None | Some("-") => Some(Spool::from_stdin()?),
        Some(p) => {
            std::fs::File::open(p).map_err(|e| format!("cannot open {p}: {e}"))?;
            None
        }
    };
    let path = match (&spool, file) {
        (Some(s), _) => s.path.clone(),
        (None, Some(p)) => std::path::PathBuf::from(p),
        (None, None) => return Err("no input".to_string()),
    };
    let shown = if spool.is_some() {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    let mut open = || std::fs::File::open(&path);
    // Each session's line is written on a thread of its own, as `--json`'s
    // sessions are (see `json_out`): it was the larger half of the work.
    let write: json_out::WriteItem<smtpscope::StreamedSession> = |s, out| {
        let line = SessionLine {
            kind: "session",
            format: s.format,
            index: s.index,
            session: &s.session,
            diagnostics: s.diagnostics.iter().collect(),
        };
        json_line(out, &line)
    };
    let result = json_out::with_writer(raw_stdout(), write, None, false, |feed| {
        let end = smtpscope::parse_stream(&mut open, options, &mut |s| feed.item(s))?;
        let rest = RestLine {
            kind: "rest",
            format: &end.format,
            detection: &end.detection,
            line_count: end.line_count,
            unassigned: &end.unassigned,
            diagnostics: end.diagnostics.iter().collect(),
        };
        let mut text = Vec::new();
        json_line(&mut text, &rest)?;
        feed.raw(text)
    });
    drop(spool);
    match result {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            Err(format!("cannot read {shown}: {e}"))
        }
        Err(e) => Err(format!("cannot read {shown} or write the output: {e}")),
    }
}

/// Standard input copied to a new file in the temporary directory, removed
/// when dropped.
struct Spool {
    path: std::path::PathBuf,
}

impl Spool {
    fn from_stdin() -> Result<Self, String> {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let path =
            std::env::temp_dir().join(format!("smtpscope-{}-{stamp}.spool", std::process::id()));
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        let spool = Spool { path };
        std::io::copy(&mut std::io::stdin().lock(), &mut file).map_err(|e| {
            format!(
                "cannot copy standard input to {}: {e}",
                spool.path.display()
            )
        })?;
        Ok(spool)
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// One value as one line of compact JSON.
fn json_line<W: Write, T: serde::Serialize>(out: &mut W, value: &T) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

/// Standard output without the line buffering of `std::io::stdout()`,
/// for output written in big pieces: that buffering looks for the last
/// newline in every piece written (`memrchr`; a JSON text has none until
/// its end), a sixteenth of the JSON writer's time. Where the handle
/// cannot be had, `std::io::stdout()`.
fn raw_stdout() -> Box<dyn Write + Send> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(std::io::stdout())
}

fn write_out(s: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    output_done(out.write_all(s.as_bytes()).and_then(|()| out.flush()))
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Cmd::Parse {
            file,
            format,
            json,
            pretty,
            ndjson,
            show_secrets,
            explain,
            parts,
            redact,
            color,
        } => {
            if let Some(f) = &format {
                if f != "auto" && smtpscope::formats::by_name(f).is_none() {
                    let names: Vec<&str> =
                        smtpscope::formats::all().iter().map(|f| f.name()).collect();
                    return Err(format!(
                        "unknown format {f:?}; known formats: auto, {}",
                        names.join(", ")
                    ));
                }
            }
            let options = Options {
                format,
                show_secrets,
                redact,
                parts: parts || explain,
            };
            if ndjson {
                return stream_ndjson(file.as_deref(), &options);
            }
            let bytes = read_input(file.as_deref())?;
            if json {
                let pretty = pretty || std::io::stdout().is_terminal();
                return stream_json(bytes, &options, pretty);
            }
            let colour = match color.as_str() {
                "always" => true,
                "never" => false,
                "auto" => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
                other => {
                    return Err(format!(
                        "--color must be auto, always or never, not {other:?}"
                    ))
                }
            };
            stream_text(bytes, &options, colour, explain)
        }
        Cmd::Explain { what, rest, json } => {
            let code = match what.parse::<u16>() {
                Ok(c) if (100..=599).contains(&c) && what.len() == 3 => c,
                _ => {
                    let query = std::iter::once(what.as_str())
                        .chain(rest.iter().map(String::as_str))
                        .collect::<Vec<_>>()
                        .join(" ");
                    let found = smtpscope::knowledge::tokens::explain_all(&query);
                    let found = if found.is_empty() {
                        smtpscope::knowledge::explain_any(&query)
                            .into_iter()
                            .collect()
                    } else {
                        found
                    };
                    if found.is_empty() {
                        return Err(format!(
                            "nothing known about {query:?}: give a reply code (550 5.1.1 …), a verb, a parameter, an EHLO keyword or a SASL mechanism"
                        ));
                    }
                    return if json {
                        let mut s =
                            serde_json::to_string_pretty(&found).map_err(|e| e.to_string())?;
                        s.push('\n');
                        write_out(&s)
                    } else {
                        write_out(&term::render_tokens(&found))
                    };
                }
            };
            let mut enhanced: Option<EnhancedStatus> = None;
            let mut words = rest.as_slice();
            if let Some(first) = words.first() {
                if let Ok(e) = first.parse::<EnhancedStatus>() {
                    enhanced = Some(e);
                    words = &words[1..];
                }
            }
            let text = words.join(" ");
            let x = smtpscope::explain(Some(code), enhanced, &text);
            if json {
                let mut s = serde_json::to_string_pretty(&x).map_err(|e| e.to_string())?;
                s.push('\n');
                write_out(&s)
            } else {
                write_out(&term::render_explanation(&x))
            }
        }
        Cmd::Export {
            file,
            kind,
            session,
            format,
        } => {
            let t = parse_for_export(file.as_deref(), format)?;
            let t = match session {
                None => t,
                Some(n) => n
                    .checked_sub(1)
                    .and_then(|i| smtpscope::export::only_session(&t, i))
                    .ok_or_else(|| {
                        format!(
                            "no session {n}: the input has {}",
                            html::plural(t.sessions.len(), "session")
                        )
                    })?,
            };
            if kind.eq_ignore_ascii_case("json") {
                let mut s = serde_json::to_string_pretty(&t).map_err(|e| e.to_string())?;
                s.push('\n');
                return write_out(&s);
            }
            let kind = smtpscope::export::ExportKind::from_name(&kind)
                .ok_or_else(|| format!("--as must be cs, mermaid, swaks or json, not {kind:?}"))?;
            write_out(&smtpscope::export::export(&t, kind))
        }
        Cmd::Render {
            file,
            html: _,
            standalone,
            format,
        } => {
            let t = parse_for_export(file.as_deref(), format)?;
            let out = if standalone {
                html::standalone(&t)
            } else {
                html::fragment(&t)
            };
            write_out(&out)
        }
        Cmd::Formats => {
            let mut s = String::new();
            for f in smtpscope::formats::all() {
                s.push_str(&format!("{:<16} {}\n", f.name(), f.description()));
            }
            write_out(&s)
        }
    }
}

/// Read and parse the input of `export` and `render`.
fn parse_for_export(
    file: Option<&str>,
    format: Option<String>,
) -> Result<smtpscope::Transcript, String> {
    if let Some(f) = &format {
        if f != "auto" && smtpscope::formats::by_name(f).is_none() {
            return Err(format!("unknown format {f:?}"));
        }
    }
    let bytes = read_input(file)?;
    let options = Options {
        format,
        ..Options::default()
    };
    Ok(smtpscope::parse_bytes_owned(bytes, &options))
}
