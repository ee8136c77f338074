//! The smtpscope command line: `parse` a transcript or log, `explain` a
//! reply.

mod term;

use clap::{Parser, Subcommand};
use smtpscope::{EnhancedStatus, Options};
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

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
        /// Show AUTH secrets instead of masking them.
        #[arg(long)]
        show_secrets: bool,
        /// Replace addresses, host names and IP addresses with pseudonyms.
        #[arg(long)]
        redact: bool,
        /// Colour: auto (on a terminal), always or never.
        #[arg(long, default_value = "auto")]
        color: String,
    },
    /// Explain a reply code, with an optional enhanced code and reply text.
    Explain {
        /// The three-digit reply code, e.g. 550.
        code: u16,
        /// The enhanced status code (e.g. 5.1.1) and/or the reply text.
        rest: Vec<String>,
        /// Print the explanation as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the input formats smtpscope reads.
    Formats,
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

fn write_out(s: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Cmd::Parse {
            file,
            format,
            json,
            show_secrets,
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
            let bytes = read_input(file.as_deref())?;
            let options = Options {
                format,
                show_secrets,
                redact,
            };
            let t = smtpscope::parse_bytes(&bytes, &options);
            if json {
                let mut s = serde_json::to_string_pretty(&t).map_err(|e| e.to_string())?;
                s.push('\n');
                write_out(&s)
            } else {
                let colour = match color.as_str() {
                    "always" => true,
                    "never" => false,
                    "auto" => {
                        std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                    }
                    other => {
                        return Err(format!(
                            "--color must be auto, always or never, not {other:?}"
                        ))
                    }
                };
                write_out(&term::render(&t, colour))
            }
        }
        Cmd::Explain { code, rest, json } => {
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
        Cmd::Formats => {
            let mut s = String::new();
            for f in smtpscope::formats::all() {
                s.push_str(&format!("{:<16} {}\n", f.name(), f.description()));
            }
            write_out(&s)
        }
    }
}
