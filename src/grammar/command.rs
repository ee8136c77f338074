//! Command lines (RFC 5321 §4.1.1 and the extensions' commands).
//!
//! `command = verb [SP arguments]`: the verb selects one argument rule; an
//! unknown verb is a value ([`Command::Unknown`]), and a known verb whose
//! arguments do not parse is [`Command::Invalid`] with a reason.

use super::codec::{decode_xtext, encode_xtext};
use super::params::{parameters, print_param};
use super::path::{address_literal, domain, path_arg, PathKind};
use super::quirk::{self, Quirk};
use super::scan;
use super::ParsedCommand;
use crate::model::{Attr, Command, Path};
use nom::bytes::complete::take_while1;
use nom::character::complete::digit1;
use nom::combinator::{all_consuming, map_res, opt};
use nom::sequence::preceded;
use nom::Parser;
use std::borrow::Cow;

fn invalid(error: impl Into<String>) -> Command {
    Command::Invalid {
        error: error.into(),
    }
}

/// The verbs with an argument rule of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    Helo,
    Ehlo,
    Lhlo,
    Mail,
    Rcpt,
    Data,
    Rset,
    Quit,
    Starttls,
    Vrfy,
    Expn,
    Help,
    Noop,
    Auth,
    Bdat,
    Etrn,
    Atrn,
    Burl,
    Xclient,
    Xforward,
}

impl Verb {
    /// The verb `word` names, compared case-insensitively (RFC 5321
    /// §2.4). The word is upper-cased into a buffer as long as the longest
    /// verb: a longer word is no verb, and nothing is allocated.
    fn of(word: &str) -> Option<Verb> {
        let mut buf = [0u8; 8];
        let upper = buf.get_mut(..word.len())?;
        upper.copy_from_slice(word.as_bytes());
        upper.make_ascii_uppercase();
        Some(match &*upper {
            b"HELO" => Verb::Helo,
            b"EHLO" => Verb::Ehlo,
            b"LHLO" => Verb::Lhlo,
            b"MAIL" => Verb::Mail,
            b"RCPT" => Verb::Rcpt,
            b"DATA" => Verb::Data,
            b"RSET" => Verb::Rset,
            b"QUIT" => Verb::Quit,
            b"STARTTLS" => Verb::Starttls,
            b"VRFY" => Verb::Vrfy,
            b"EXPN" => Verb::Expn,
            b"HELP" => Verb::Help,
            b"NOOP" => Verb::Noop,
            b"AUTH" => Verb::Auth,
            b"BDAT" => Verb::Bdat,
            b"ETRN" => Verb::Etrn,
            b"ATRN" => Verb::Atrn,
            b"BURL" => Verb::Burl,
            b"XCLIENT" => Verb::Xclient,
            b"XFORWARD" => Verb::Xforward,
            _ => return None,
        })
    }

    /// The verb in upper case, as [`ParsedCommand::verb`] reports it.
    fn name(self) -> &'static str {
        match self {
            Verb::Helo => "HELO",
            Verb::Ehlo => "EHLO",
            Verb::Lhlo => "LHLO",
            Verb::Mail => "MAIL",
            Verb::Rcpt => "RCPT",
            Verb::Data => "DATA",
            Verb::Rset => "RSET",
            Verb::Quit => "QUIT",
            Verb::Starttls => "STARTTLS",
            Verb::Vrfy => "VRFY",
            Verb::Expn => "EXPN",
            Verb::Help => "HELP",
            Verb::Noop => "NOOP",
            Verb::Auth => "AUTH",
            Verb::Bdat => "BDAT",
            Verb::Etrn => "ETRN",
            Verb::Atrn => "ATRN",
            Verb::Burl => "BURL",
            Verb::Xclient => "XCLIENT",
            Verb::Xforward => "XFORWARD",
        }
    }
}

/// Parse one command line (without its line ending).
pub fn command_line(line: &str) -> ParsedCommand<'_> {
    let mut quirks = Vec::new();
    let body = scan::trim_end_ascii(line, |b| matches!(b, b' ' | b'\t' | b'\r'));
    if body.len() != line.len() && !body.is_empty() {
        quirks.push(quirk::TRAILING_SPACE);
    }
    // The verb is short: a byte loop finds its space sooner than memchr.
    let verb_end = scan::span(line, |b| b != b' ');
    let split = line
        .split_at_checked(verb_end)
        .and_then(|(v, a)| Some((v, a.strip_prefix(' ')?)));
    let (word, args_written, args) = match split {
        Some((v, a)) => {
            let trimmed = body.get(v.len() + 1..).unwrap_or("");
            (v, a, trimmed)
        }
        None => (body, "", ""),
    };
    let args_trimmed = scan::trim_start_ascii(args, |b| b == b' ');
    if args_trimmed.len() != args.len() && !args_trimmed.is_empty() {
        quirks.push(quirk::EXTRA_SPACE);
    }
    let (verb, command) = match Verb::of(word) {
        Some(v) => (
            Cow::Borrowed(v.name()),
            verb_args(v, args_trimmed, &mut quirks),
        ),
        None => (
            Cow::Owned(word.to_ascii_uppercase()),
            Command::Unknown {
                text: line.to_string(),
            },
        ),
    };
    ParsedCommand {
        verb,
        args: args_written,
        command,
        quirks,
    }
}

/// Dispatch on the verb to its argument rule.
fn verb_args(verb: Verb, args: &str, quirks: &mut Vec<Quirk>) -> Command {
    match verb {
        Verb::Helo | Verb::Ehlo | Verb::Lhlo => helo(verb, args, quirks),
        Verb::Mail => mail(args, quirks),
        Verb::Rcpt => rcpt(args, quirks),
        Verb::Data => no_args(args, "DATA", Command::Data),
        Verb::Rset => no_args(args, "RSET", Command::Rset),
        Verb::Quit => no_args(args, "QUIT", Command::Quit),
        Verb::Starttls => no_args(args, "STARTTLS", Command::Starttls),
        // vrfy = "VRFY" SP String (RFC 5321 §4.1.1.6)
        Verb::Vrfy => match args {
            "" => invalid("VRFY needs a user name or mailbox"),
            a => Command::Vrfy { arg: a.to_string() },
        },
        // expn = "EXPN" SP String (RFC 5321 §4.1.1.7)
        Verb::Expn => match args {
            "" => invalid("EXPN needs a mailing list name"),
            a => Command::Expn { arg: a.to_string() },
        },
        // help = "HELP" [ SP String ] (RFC 5321 §4.1.1.8)
        Verb::Help => Command::Help {
            topic: (!args.is_empty()).then(|| args.to_string()),
        },
        // noop = "NOOP" [ SP String ] (RFC 5321 §4.1.1.9)
        Verb::Noop => Command::Noop {
            arg: (!args.is_empty()).then(|| args.to_string()),
        },
        Verb::Auth => auth(args),
        Verb::Bdat => bdat(args),
        // etrn = "ETRN" SP [ option-char ] node-name (RFC 1985 §3)
        Verb::Etrn => match args {
            "" => invalid("ETRN needs a node name (a domain, @domain or #queue)"),
            a => Command::Etrn {
                node: a.to_string(),
            },
        },
        Verb::Atrn => atrn(args),
        Verb::Burl => burl(args),
        Verb::Xclient => match attrs("XCLIENT", args) {
            Ok(attrs) => Command::Xclient { attrs },
            Err(e) => invalid(e),
        },
        Verb::Xforward => match attrs("XFORWARD", args) {
            Ok(attrs) => Command::Xforward { attrs },
            Err(e) => invalid(e),
        },
    }
}

fn no_args(args: &str, verb: &str, ok: Command) -> Command {
    if args.is_empty() {
        ok
    } else {
        invalid(format!("{verb} takes no arguments"))
    }
}

/// `helo = "HELO" SP Domain`, `ehlo = "EHLO" SP ( Domain / address-literal
/// )` (RFC 5321 §4.1.1.1); `LHLO` as EHLO (RFC 2033 §4.1). Any other
/// argument is kept with a quirk: many clients send a bare host name.
fn helo(verb: Verb, args: &str, quirks: &mut Vec<Quirk>) -> Command {
    if args.is_empty() {
        return invalid(format!(
            "{} needs a domain name or address literal",
            verb.name()
        ));
    }
    let ok = all_consuming(domain).parse_complete(args).is_ok()
        || all_consuming(address_literal).parse_complete(args).is_ok();
    if !ok {
        quirks.push(quirk::HELO_DOMAIN_SYNTAX);
    }
    let domain = args.to_string();
    match verb {
        Verb::Helo => Command::Helo { domain },
        Verb::Ehlo => Command::Ehlo { domain },
        _ => Command::Lhlo { domain },
    }
}

/// The text after `FROM:`/`TO:` (case-insensitive), spaces skipped (a
/// quirk). `None` when the prefix is missing.
fn after_colon<'a>(
    args: &'a str,
    prefix: &str,
    space: Quirk,
    quirks: &mut Vec<Quirk>,
) -> Option<&'a str> {
    let text = scan::strip_prefix_no_case(args, prefix)?;
    let rest = scan::trim_start_ascii(text, |b| matches!(b, b' ' | b'\t'));
    if rest.len() != text.len() {
        quirks.push(space);
    }
    Some(rest)
}

/// `[SP Mail-parameters]` after a path.
fn path_params(rest: &str, quirks: &mut Vec<Quirk>) -> Result<Vec<crate::model::Param>, String> {
    if rest.is_empty() {
        return Ok(Vec::new());
    }
    let Some(p) = rest.strip_prefix(' ') else {
        return Err(format!(
            "unexpected text after the path: {}",
            crate::quoted(rest)
        ));
    };
    let (params, extra) = parameters(p);
    if extra && !quirks.contains(&quirk::EXTRA_SPACE) {
        quirks.push(quirk::EXTRA_SPACE);
    }
    Ok(params)
}

/// `mail = "MAIL FROM:" Reverse-path [SP Mail-parameters]`
/// (RFC 5321 §4.1.1.2).
fn mail(args: &str, quirks: &mut Vec<Quirk>) -> Command {
    let Some(text) = after_colon(args, "FROM:", quirk::MAIL_FROM_SPACE, quirks) else {
        return invalid("MAIL needs FROM:<reverse-path>");
    };
    let (path, rest) = match path_arg(text, PathKind::Reverse, quirks) {
        Ok(v) => v,
        Err(e) => return invalid(format!("MAIL needs FROM:<reverse-path>: {e}")),
    };
    match path_params(rest, quirks) {
        Ok(params) => Command::Mail {
            path: Box::new(path),
            params,
        },
        Err(e) => invalid(format!("MAIL FROM: {e}")),
    }
}

/// `rcpt = "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" /
/// Forward-path ) [SP Rcpt-parameters]` (RFC 5321 §4.1.1.3).
fn rcpt(args: &str, quirks: &mut Vec<Quirk>) -> Command {
    let Some(text) = after_colon(args, "TO:", quirk::RCPT_TO_SPACE, quirks) else {
        return invalid("RCPT needs TO:<forward-path>");
    };
    let (path, rest) = match path_arg(text, PathKind::Forward, quirks) {
        Ok(v) => v,
        Err(e) => return invalid(format!("RCPT needs TO:<forward-path>: {e}")),
    };
    match path_params(rest, quirks) {
        Ok(params) => Command::Rcpt {
            path: Box::new(path),
            params,
        },
        Err(e) => invalid(format!("RCPT TO: {e}")),
    }
}

/// `sasl-mech = 1*20mech-char`, `mech-char = UPPER-ALPHA / DIGIT / HYPHEN
/// / UNDERSCORE` (RFC 4422 §3.1; lower case accepted, RFC 4954 §4 treats
/// mechanism names case-insensitively).
fn is_sasl_mech(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `auth-command = "AUTH" SP sasl-mech [SP initial-response]`,
/// `initial-response = base64 / "="` (RFC 4954 §4).
fn auth(args: &str) -> Command {
    let mut words = scan::split_ascii(args, b' ').filter(|w| !w.is_empty());
    let Some(mech) = words.next().filter(|m| is_sasl_mech(m)) else {
        return invalid("AUTH needs a SASL mechanism name (e.g. AUTH PLAIN)");
    };
    let initial_response = words.next().map(str::to_string);
    if words.next().is_some() {
        return invalid("AUTH takes a mechanism and at most one initial response");
    }
    Command::Auth {
        mechanism: mech.to_ascii_uppercase(),
        initial_response,
    }
}

/// `bdat-cmd = "BDAT" SP chunk-size [ SP end-marker ]`,
/// `chunk-size = 1*DIGIT`, `end-marker = "LAST"` (RFC 3030 §2).
fn bdat(args: &str) -> Command {
    let parsed = all_consuming((
        map_res(digit1::<&str, nom::error::Error<&str>>, str::parse::<u64>),
        opt(preceded(
            take_while1(|c| c == ' '),
            scan::tag_no_case("LAST"),
        )),
    ))
    .parse_complete(args);
    match parsed {
        Ok((_, (size, last))) => Command::Bdat {
            size,
            last: last.is_some(),
        },
        Err(_) => invalid("BDAT needs a chunk size: BDAT <size> [LAST]"),
    }
}

/// `atrn = "ATRN" [SP domain *("," domain)]` (RFC 2645 §5).
fn atrn(args: &str) -> Command {
    if args.is_empty() {
        return Command::Atrn {
            domains: Vec::new(),
        };
    }
    let mut domains = Vec::new();
    for d in args.split(',') {
        if all_consuming(domain).parse_complete(d).is_err() {
            return invalid(format!(
                "ATRN takes comma-separated domain names, not {}",
                crate::quoted(d)
            ));
        }
        domains.push(d.to_string());
    }
    Command::Atrn { domains }
}

/// `burl-cmd = "BURL" SP absolute-URI [SP end-marker]` (RFC 4468 §3.5).
fn burl(args: &str) -> Command {
    let mut words = args.split(' ').filter(|w| !w.is_empty());
    let Some(url) = words.next() else {
        return invalid("BURL needs a URL: BURL <url> [LAST]");
    };
    let last = match words.next() {
        None => false,
        Some(w) if w.eq_ignore_ascii_case("LAST") => true,
        Some(_) => return invalid("BURL takes a URL and an optional LAST"),
    };
    if words.next().is_some() {
        return invalid("BURL takes a URL and an optional LAST");
    }
    Command::Burl {
        url: url.to_string(),
        last,
    }
}

/// `xclient-command = XCLIENT 1*( SP attribute-name"="attribute-value )`,
/// `attribute-value = xtext` (Postfix XCLIENT_README, XFORWARD_README).
/// Names are upper-cased, values xtext-decoded.
fn attrs(verb: &str, args: &str) -> Result<Vec<Attr>, String> {
    let mut out = Vec::new();
    for word in args.split(' ').filter(|w| !w.is_empty()) {
        match word.split_once('=') {
            Some((name, value))
                if !name.is_empty()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
            {
                out.push(Attr {
                    name: name.to_ascii_uppercase(),
                    value: decode_xtext(value),
                });
            }
            _ => {
                return Err(format!(
                    "{verb} needs NAME=value attributes, not {}",
                    crate::quoted(word)
                ))
            }
        }
    }
    if out.is_empty() {
        return Err(format!("{verb} needs NAME=value attributes"));
    }
    Ok(out)
}

/// The wire form of a path: as written when known, else built.
fn print_path(path: &Path, out: &mut String) {
    if !path.raw().is_empty() {
        out.push_str(path.raw());
        return;
    }
    out.push('<');
    if !path.null {
        for (n, host) in path.source_route.iter().enumerate() {
            out.push_str(if n == 0 { "@" } else { ",@" });
            out.push_str(host);
        }
        if !path.source_route.is_empty() {
            out.push(':');
        }
        out.push_str(path.address());
    }
    out.push('>');
}

/// Print a command in its canonical wire form.
pub fn print(command: &Command) -> String {
    let mut out = String::new();
    let simple = |verb: &str, arg: &str| {
        let mut s = String::with_capacity(verb.len() + 1 + arg.len());
        s.push_str(verb);
        if !arg.is_empty() {
            s.push(' ');
            s.push_str(arg);
        }
        s
    };
    match command {
        Command::Helo { domain } => simple("HELO", domain),
        Command::Ehlo { domain } => simple("EHLO", domain),
        Command::Lhlo { domain } => simple("LHLO", domain),
        Command::Mail { path, params } | Command::Rcpt { path, params } => {
            out.push_str(if matches!(command, Command::Mail { .. }) {
                "MAIL FROM:"
            } else {
                "RCPT TO:"
            });
            print_path(path, &mut out);
            for p in params {
                out.push(' ');
                print_param(p, &mut out);
            }
            out
        }
        Command::Data => "DATA".to_string(),
        Command::Rset => "RSET".to_string(),
        Command::Quit => "QUIT".to_string(),
        Command::Starttls => "STARTTLS".to_string(),
        Command::Vrfy { arg } => simple("VRFY", arg),
        Command::Expn { arg } => simple("EXPN", arg),
        Command::Help { topic } => simple("HELP", topic.as_deref().unwrap_or("")),
        Command::Noop { arg } => simple("NOOP", arg.as_deref().unwrap_or("")),
        Command::Auth {
            mechanism,
            initial_response,
        } => {
            out = simple("AUTH", mechanism);
            if let Some(ir) = initial_response {
                out.push(' ');
                out.push_str(ir);
            }
            out
        }
        // Not a command line of its own: the line inside an AUTH exchange.
        Command::AuthResponse { cancelled } => if *cancelled { "*" } else { "" }.to_string(),
        Command::Bdat { size, last } => {
            format!("BDAT {size}{}", if *last { " LAST" } else { "" })
        }
        Command::Etrn { node } => simple("ETRN", node),
        Command::Atrn { domains } => simple("ATRN", &domains.join(",")),
        Command::Burl { url, last } => {
            format!("BURL {url}{}", if *last { " LAST" } else { "" })
        }
        Command::Xclient { attrs } | Command::Xforward { attrs } => {
            out.push_str(if matches!(command, Command::Xclient { .. }) {
                "XCLIENT"
            } else {
                "XFORWARD"
            });
            for a in attrs {
                out.push(' ');
                out.push_str(&a.name);
                out.push('=');
                encode_xtext(&a.value, &mut out);
            }
            out
        }
        // No wire form: the error is ours, not the client's text.
        Command::Invalid { .. } => String::new(),
        Command::Unknown { text } => text.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Param;

    fn s(v: &str) -> String {
        v.to_string()
    }

    fn path(raw: &str, local: &str, domain: &str) -> Path {
        Path::new(raw, local, domain)
    }

    fn mail(p: Path, params: Vec<Param>) -> Command {
        Command::Mail {
            path: Box::new(p),
            params,
        }
    }

    fn rcpt(p: Path, params: Vec<Param>) -> Command {
        Command::Rcpt {
            path: Box::new(p),
            params,
        }
    }

    fn inv(e: &str) -> Command {
        invalid(e)
    }

    /// (name, line, verb, args, command, quirk ids)
    type Row = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        Command,
        Vec<&'static str>,
    );

    #[test]
    fn command_line_table() {
        let mut null = path("<>", "", "");
        null.null = true;
        let mut bare = path("a@b", "a", "b");
        bare.bare = true;
        // (name, line, verb, args, command, quirk ids)
        let rows: Vec<Row> = vec![
            ("mail", "MAIL FROM:<a@b>", "MAIL", "FROM:<a@b>", mail(path("<a@b>", "a", "b"), vec![]), vec![]),
            ("mail lower", "mail from:<a@b>", "MAIL", "from:<a@b>", mail(path("<a@b>", "a", "b"), vec![]), vec![]),
            ("mail space", "MAIL FROM: <a@b>", "MAIL", "FROM: <a@b>", mail(path("<a@b>", "a", "b"), vec![]), vec!["mail-from-space"]),
            ("mail null", "MAIL FROM:<>", "MAIL", "FROM:<>", mail(null.clone(), vec![]), vec![]),
            ("mail bare", "MAIL FROM:a@b", "MAIL", "FROM:a@b", mail(bare.clone(), vec![]), vec!["path-bare"]),
            (
                "mail params",
                "MAIL FROM:<a@b> SIZE=10 BODY=8BITMIME",
                "MAIL",
                "FROM:<a@b> SIZE=10 BODY=8BITMIME",
                mail(path("<a@b>", "a", "b"), vec![Param::Size { value: 10 }, Param::Body { value: s("8BITMIME") }]),
                vec![],
            ),
            (
                "mail bare with params",
                "MAIL FROM:a@b SMTPUTF8",
                "MAIL",
                "FROM:a@b SMTPUTF8",
                mail(bare, vec![Param::Smtputf8]),
                vec!["path-bare"],
            ),
            (
                "mail trailing space",
                "MAIL FROM:<> ",
                "MAIL",
                "FROM:<> ",
                mail(null.clone(), vec![]),
                vec!["trailing-space"],
            ),
            (
                "mail extra spaces",
                "MAIL  FROM:<>  SIZE=1",
                "MAIL",
                " FROM:<>  SIZE=1",
                mail(null, vec![Param::Size { value: 1 }]),
                vec!["extra-space"],
            ),
            ("mail no from", "MAIL TO:<a@b>", "MAIL", "TO:<a@b>", inv("MAIL needs FROM:<reverse-path>"), vec![]),
            ("mail no colon", "MAIL FROM <a@b>", "MAIL", "FROM <a@b>", inv("MAIL needs FROM:<reverse-path>"), vec![]),
            ("mail nothing", "MAIL", "MAIL", "", inv("MAIL needs FROM:<reverse-path>"), vec![]),
            (
                "mail empty path",
                "MAIL FROM:",
                "MAIL",
                "FROM:",
                inv("MAIL needs FROM:<reverse-path>: the path is missing"),
                vec![],
            ),
            (
                "mail unclosed",
                "MAIL FROM:<a@b",
                "MAIL",
                "FROM:<a@b",
                inv("MAIL needs FROM:<reverse-path>: the path has no closing >"),
                vec![],
            ),
            (
                "mail glued param",
                "MAIL FROM:<a@b>SIZE=1",
                "MAIL",
                "FROM:<a@b>SIZE=1",
                inv("MAIL FROM: unexpected text after the path: \"SIZE=1\""),
                vec![],
            ),
            ("rcpt", "RCPT TO:<c@d>", "RCPT", "TO:<c@d>", rcpt(path("<c@d>", "c", "d"), vec![]), vec![]),
            ("rcpt postmaster", "RCPT TO:<postmaster>", "RCPT", "TO:<postmaster>", rcpt(path("<postmaster>", "postmaster", ""), vec![]), vec![]),
            ("rcpt space", "RCPT TO: <c@d>", "RCPT", "TO: <c@d>", rcpt(path("<c@d>", "c", "d"), vec![]), vec!["rcpt-to-space"]),
            (
                "rcpt notify orcpt",
                "RCPT TO:<c@d> NOTIFY=FAILURE,DELAY ORCPT=rfc822;c@d",
                "RCPT",
                "TO:<c@d> NOTIFY=FAILURE,DELAY ORCPT=rfc822;c@d",
                rcpt(
                    path("<c@d>", "c", "d"),
                    vec![
                        Param::Notify { values: vec![s("FAILURE"), s("DELAY")] },
                        Param::Orcpt { addr_type: s("rfc822"), raw: s("c@d"), decoded: s("c@d") },
                    ],
                ),
                vec![],
            ),
            ("rcpt null", "RCPT TO:<>", "RCPT", "TO:<>", inv("RCPT needs TO:<forward-path>: the null path <> is only allowed in MAIL"), vec![]),
            ("rcpt from", "RCPT FROM:<c@d>", "RCPT", "FROM:<c@d>", inv("RCPT needs TO:<forward-path>"), vec![]),
            ("helo", "HELO mail.example.com", "HELO", "mail.example.com", Command::Helo { domain: s("mail.example.com") }, vec![]),
            ("ehlo literal", "EHLO [192.0.2.1]", "EHLO", "[192.0.2.1]", Command::Ehlo { domain: s("[192.0.2.1]") }, vec![]),
            ("ehlo lower", "ehlo x", "EHLO", "x", Command::Ehlo { domain: s("x") }, vec![]),
            ("ehlo underscore", "EHLO my_host", "EHLO", "my_host", Command::Ehlo { domain: s("my_host") }, vec!["helo-domain-syntax"]),
            ("lhlo", "LHLO lmtp.example", "LHLO", "lmtp.example", Command::Lhlo { domain: s("lmtp.example") }, vec![]),
            ("ehlo empty", "EHLO", "EHLO", "", inv("EHLO needs a domain name or address literal"), vec![]),
            ("data", "DATA", "DATA", "", Command::Data, vec![]),
            ("data args", "DATA now", "DATA", "now", inv("DATA takes no arguments"), vec![]),
            ("rset", "rset", "RSET", "", Command::Rset, vec![]),
            ("quit trailing", "QUIT ", "QUIT", "", Command::Quit, vec!["trailing-space"]),
            ("starttls", "STARTTLS", "STARTTLS", "", Command::Starttls, vec![]),
            ("vrfy", "VRFY postmaster", "VRFY", "postmaster", Command::Vrfy { arg: s("postmaster") }, vec![]),
            ("vrfy empty", "VRFY", "VRFY", "", inv("VRFY needs a user name or mailbox"), vec![]),
            ("expn", "EXPN staff", "EXPN", "staff", Command::Expn { arg: s("staff") }, vec![]),
            ("help", "HELP", "HELP", "", Command::Help { topic: None }, vec![]),
            ("help topic", "HELP MAIL", "HELP", "MAIL", Command::Help { topic: Some(s("MAIL")) }, vec![]),
            ("noop arg", "NOOP hi there", "NOOP", "hi there", Command::Noop { arg: Some(s("hi there")) }, vec![]),
            (
                "auth plain ir",
                "AUTH PLAIN AHVzZXIAcGFzcw==",
                "AUTH",
                "PLAIN AHVzZXIAcGFzcw==",
                Command::Auth { mechanism: s("PLAIN"), initial_response: Some(s("AHVzZXIAcGFzcw==")) },
                vec![],
            ),
            ("auth login lower", "auth login", "AUTH", "login", Command::Auth { mechanism: s("LOGIN"), initial_response: None }, vec![]),
            ("auth empty ir", "AUTH EXTERNAL =", "AUTH", "EXTERNAL =", Command::Auth { mechanism: s("EXTERNAL"), initial_response: Some(s("=")) }, vec![]),
            ("auth none", "AUTH", "AUTH", "", inv("AUTH needs a SASL mechanism name (e.g. AUTH PLAIN)"), vec![]),
            ("auth three", "AUTH PLAIN a b", "AUTH", "PLAIN a b", inv("AUTH takes a mechanism and at most one initial response"), vec![]),
            ("bdat", "BDAT 1024", "BDAT", "1024", Command::Bdat { size: 1024, last: false }, vec![]),
            ("bdat last", "BDAT 0 last", "BDAT", "0 last", Command::Bdat { size: 0, last: true }, vec![]),
            ("bdat bad", "BDAT x", "BDAT", "x", inv("BDAT needs a chunk size: BDAT <size> [LAST]"), vec![]),
            ("bdat junk after", "BDAT 1 LASTX", "BDAT", "1 LASTX", inv("BDAT needs a chunk size: BDAT <size> [LAST]"), vec![]),
            ("etrn", "ETRN @example.com", "ETRN", "@example.com", Command::Etrn { node: s("@example.com") }, vec![]),
            ("etrn empty", "ETRN", "ETRN", "", inv("ETRN needs a node name (a domain, @domain or #queue)"), vec![]),
            ("atrn", "ATRN", "ATRN", "", Command::Atrn { domains: vec![] }, vec![]),
            ("atrn list", "ATRN a.example,b.example", "ATRN", "a.example,b.example", Command::Atrn { domains: vec![s("a.example"), s("b.example")] }, vec![]),
            ("atrn bad", "ATRN a,,b", "ATRN", "a,,b", inv("ATRN takes comma-separated domain names, not \"\""), vec![]),
            (
                "burl",
                "BURL imap://u@h/INBOX;UID=1 LAST",
                "BURL",
                "imap://u@h/INBOX;UID=1 LAST",
                Command::Burl { url: s("imap://u@h/INBOX;UID=1"), last: true },
                vec![],
            ),
            ("burl empty", "BURL", "BURL", "", inv("BURL needs a URL: BURL <url> [LAST]"), vec![]),
            (
                "xclient",
                "XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2 HELO=[UNAVAILABLE] LOGIN=a+20b",
                "XCLIENT",
                "NAME=spike.porcupine.org ADDR=168.100.189.2 HELO=[UNAVAILABLE] LOGIN=a+20b",
                Command::Xclient {
                    attrs: vec![
                        Attr { name: s("NAME"), value: s("spike.porcupine.org") },
                        Attr { name: s("ADDR"), value: s("168.100.189.2") },
                        Attr { name: s("HELO"), value: s("[UNAVAILABLE]") },
                        Attr { name: s("LOGIN"), value: s("a b") },
                    ],
                },
                vec![],
            ),
            (
                "xforward lower name",
                "XFORWARD proto=ESMTP",
                "XFORWARD",
                "proto=ESMTP",
                Command::Xforward { attrs: vec![Attr { name: s("PROTO"), value: s("ESMTP") }] },
                vec![],
            ),
            ("xclient bad", "XCLIENT foo", "XCLIENT", "foo", inv("XCLIENT needs NAME=value attributes, not \"foo\""), vec![]),
            ("unknown", "XYZZY plugh", "XYZZY", "plugh", Command::Unknown { text: s("XYZZY plugh") }, vec![]),
            ("empty", "", "", "", Command::Unknown { text: s("") }, vec![]),
            ("non-ascii verb", "MÄIL x", "MÄIL", "x", Command::Unknown { text: s("MÄIL x") }, vec![]),
        ];
        for (name, line, verb, args, command, quirks) in rows {
            let got = command_line(line);
            assert_eq!(got.verb, verb, "{name}: verb");
            assert_eq!(got.args, args, "{name}: args");
            assert_eq!(got.command, command, "{name}: command");
            let ids: Vec<&str> = got.quirks.iter().map(|q| q.id).collect();
            assert_eq!(ids, quirks, "{name}: quirks");
        }
    }

    /// Lines sent to Postfix 3 (Debian, loopback, default
    /// strict_rfc821_envelopes=no) and its reply: what Postfix accepted must
    /// not be Invalid, what it rejected as syntax must be.
    #[test]
    fn postfix_verdicts() {
        let rows = [
            ("MAIL FROM: <alice@example.test>", "250 2.1.0 Ok", true),
            ("MAIL FROM:alice@example.test", "250 2.1.0 Ok", true),
            ("MAIL FROM:<>", "250 2.1.0 Ok", true),
            ("RCPT TO:<postmaster>", "250 2.1.5 Ok", true),
            ("RCPT TO:<@a,@b:alice@example.test>", "250 2.1.5 Ok", true),
            ("EHLO my_host", "250-mail.example.test", true),
            (
                "MAIL FROM:<alice@example.test>SIZE=1",
                "501 5.1.7 Bad sender address syntax",
                false,
            ),
            (
                "RCPT TO:<>",
                "501 5.1.3 Bad recipient address syntax",
                false,
            ),
            ("BDAT x", "521 5.5.4 Syntax: BDAT count [LAST]", false),
        ];
        for (line, reply, accepted) in rows {
            let c = command_line(line).command;
            let invalid = matches!(c, Command::Invalid { .. });
            assert_eq!(!invalid, accepted, "{line} -> {reply}: {c:?}");
        }
    }

    #[test]
    fn print_table() {
        let rows = [
            ("mail", "MAIL FROM:<a@b> SIZE=10 BODY=8BITMIME"),
            ("mail null", "MAIL FROM:<>"),
            ("rcpt", "RCPT TO:<\"john doe\"@example.com> NOTIFY=NEVER"),
            ("route", "RCPT TO:<@a,@b:user@c>"),
            ("ehlo", "EHLO [IPv6:2001:db8::1]"),
            ("auth", "AUTH PLAIN AHVzZXIAcGFzcw=="),
            ("bdat", "BDAT 10 LAST"),
            ("burl", "BURL imap://x LAST"),
            ("atrn", "ATRN a.example,b.example"),
            ("xclient", "XCLIENT LOGIN=a+20b+3Dc"),
            ("help", "HELP"),
            ("unknown", "FOO bar"),
        ];
        for (name, line) in rows {
            let c = command_line(line).command;
            assert_eq!(print(&c), line, "{name}");
        }
        let mut route = Path::new("", "a", "b");
        route.source_route = vec![s("x")];
        let built = Command::Mail {
            path: Box::new(route),
            params: vec![],
        };
        assert_eq!(print(&built), "MAIL FROM:<@x:a@b>");
        assert_eq!(print(&Command::Invalid { error: s("x") }), "");
    }
}
