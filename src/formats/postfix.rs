//! Postfix mail log (the summary lines every Postfix writes).
//!
//! ```text
//! Nov 28 14:06:26 mail postfix/smtp[14969]: AA8D3B4062: to=<nosuchuser@sink.test>, relay=127.0.0.1[127.0.0.1]:2526, delay=0.14, delays=0.02/0/0.06/0.06, dsn=5.1.1, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <nosuchuser@sink.test>: Recipient address rejected: User unknown (in reply to RCPT TO command))
//! ```
//!
//! A summary log shows no dialogue, only its results, so this framer
//! reconstructs *inferred* frames from them (all marked `inferred`, all on
//! the summary line they come from):
//!
//! * `NOQUEUE: reject: RCPT from …: 550 5.1.1 …; from=<a> to=<b> …` — the
//!   command of that stage (`RCPT TO:<b>`, `MAIL FROM:<a>`, `DATA`, …) and
//!   the reply as logged.
//! * qmgr `QUEUEID: from=<a>, size=…, nrcpt=… (queue active)` — `MAIL
//!   FROM:<a>` and `250 2.1.0 Ok` (the message was accepted).
//! * `QUEUEID: to=<b>, …, dsn=…, status=… (…)` — one recipient's fate as
//!   `RCPT TO:<b>` and a reply: the remote reply after `said:` (the command
//!   is the one named by `(in reply to X command)`), the logged reply for
//!   `status=sent (250 …)`, or, when Postfix gives only its own text
//!   (`delivered to mailbox`, `connect to …: Connection refused`), a
//!   reply whose code stands for the dsn class (250, 451 or 550) followed by
//!   the dsn and the text.
//! * `QUEUEID: removed` after at least one `status=sent` — `DATA` and
//!   `250 2.0.0 Ok: queued as QUEUEID`: the message went through.
//!
//! Sessions: each smtpd connection (`connect from`) is one session keyed
//! `smtpd[PID]` (`smtpd[PID]#2` for the process's second connection, …);
//! a queue id joins the session whose smtpd logged `QUEUEID: client=`, so
//! qmgr, smtp, local and bounce lines of that message land there; a queue id
//! with no known smtpd gets a session keyed by the queue id. Lines of no
//! connection and no message (master, scache, `connect to … refused`) have no
//! key and end up unassigned.
//!
//! With `debug_peer_list`, Postfix also logs the dialogue itself (see
//! `postfix_verbose`); a session that has such lines takes its events from
//! them, and its summary lines become notes.

use super::syslog::Syslog;
use super::util::{self, Needle};
use super::{Boundary, Format, Frame, FrameKind, Framer};
use crate::fasthash::{FastMap, FastSet};
use crate::input::Line;
use crate::model::{Diagnostic, NoteLevel};
use std::borrow::Cow;
use std::sync::LazyLock;

pub struct Postfix;

impl Format for Postfix {
    fn name(&self) -> &'static str {
        "postfix"
    }
    fn description(&self) -> &'static str {
        "Postfix mail log (summary lines)"
    }
    fn detect(&self, lines: &[Line<'_>]) -> u8 {
        let s = scan(lines);
        if s.postfix == 0 {
            return 0;
        }
        let base = util::ratio(s.postfix, s.nonblank);
        // A log with dialogue lines is better read as postfix-verbose.
        if s.dialogue > 0 {
            base.saturating_sub(20)
        } else {
            base.saturating_sub(5).max(1)
        }
    }
    fn framer(&self) -> Option<Box<dyn Framer>> {
        Some(Box::new(PostfixFramer::default()))
    }
}

/// Counts for detection.
pub(crate) struct Scan {
    pub nonblank: usize,
    pub postfix: usize,
    pub dialogue: usize,
}

pub(crate) fn scan(lines: &[Line<'_>]) -> Scan {
    let mut syslog = Syslog::default();
    let mut s = Scan {
        nonblank: 0,
        postfix: 0,
        dialogue: 0,
    };
    for l in lines {
        if util::is_blank(l.text) {
            continue;
        }
        s.nonblank += 1;
        if let Some(p) = syslog.parse(l.text, l.number) {
            if p.prog.starts_with("postfix") {
                s.postfix += 1;
                if dialogue(p.msg).is_some() {
                    s.dialogue += 1;
                }
            }
        }
    }
    s
}

/// A verbose dialogue line: `< peer: text` or `> peer: text`, where peer is
/// `host[addr]` with an optional `:port`. Returns (received, peer, text).
pub(crate) fn dialogue(msg: &str) -> Option<(bool, &str, &str)> {
    let received = match msg.get(..2)? {
        "< " => true,
        "> " => false,
        _ => return None,
    };
    let rest = msg.get(2..)?;
    let close = memchr::memchr(b']', rest.as_bytes())?;
    let after = rest.get(close + 1..)?;
    let (port_len, text) = if let Some(t) = after.strip_prefix(": ") {
        (0, t)
    } else if let Some(p) = after.strip_prefix(':') {
        let n = p.bytes().take_while(u8::is_ascii_digit).count();
        let t = p
            .get(n..)?
            .strip_prefix(": ")
            .or_else(|| (p.get(n..)? == ":").then_some(""))?;
        (n + 1, t)
    } else if after == ":" {
        (0, "")
    } else {
        return None;
    };
    let peer = rest.get(..close + 1 + port_len)?;
    let p = peer.as_bytes();
    if memchr::memchr(b'[', p).is_none() || memchr::memchr(b' ', p).is_some() {
        return None;
    }
    Some((received, peer, text))
}

/// A session, by its number in [`State::sessions`].
type SessionId = usize;

/// What the framer remembers between lines.
///
/// Each key string is stored once and numbered, and every line looks up
/// at most its process key and its queue id: hashing and copying keys for
/// each of several maps per line was a fifth of framing a Postfix log
/// (profiled). A session is known by its key string, as in the output, so
/// two ways of reaching the same key reach the same session.
#[derive(Default)]
struct State {
    /// Each process (`smtpd[123]`), by its key.
    procs: Numbered<Proc>,
    sessions: Numbered<Session>,
    /// The session each queue id belongs to.
    queue: FastMap<String, SessionId>,
    /// Queue ids whose MAIL was inferred.
    mailed: FastSet<String>,
}

/// One process (`smtpd[123]`): how many connections it had, and its
/// current session.
struct Proc {
    key: String,
    conns: u32,
    current: Option<SessionId>,
}

struct Session {
    key: String,
    /// Its dialogue is logged (verbose).
    wire: bool,
    /// The last command sent in an smtp-client session.
    last_cmd: Option<String>,
}

/// Records numbered by their key, in the order first seen.
struct Numbered<T> {
    /// The number of each key.
    ids: FastMap<String, usize>,
    list: Vec<T>,
}

impl<T> Default for Numbered<T> {
    fn default() -> Self {
        Numbered {
            ids: FastMap::default(),
            list: Vec::new(),
        }
    }
}

impl<T> Numbered<T> {
    /// The number of the record keyed `key`; `new` makes it from its key
    /// when there is none yet.
    fn id(&mut self, key: &str, new: impl FnOnce(String) -> T) -> usize {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.list.len();
        self.list.push(new(key.to_string()));
        self.ids.insert(key.to_string(), id);
        id
    }

    fn get(&self, id: usize) -> Option<&T> {
        self.list.get(id)
    }

    fn get_mut(&mut self, id: usize) -> Option<&mut T> {
        self.list.get_mut(id)
    }
}

impl Session {
    fn new(key: String) -> Self {
        Session {
            key,
            wire: false,
            last_cmd: None,
        }
    }
}

impl State {
    fn proc_id(&mut self, proc_key: &str) -> usize {
        self.procs.id(proc_key, |key| Proc {
            key,
            conns: 0,
            current: None,
        })
    }

    /// A new connection of the process: its first is keyed by the process
    /// key, the next ones `KEY#2`, `KEY#3`, ….
    fn new_conn(&mut self, proc: usize) -> Option<SessionId> {
        let p = self.procs.get_mut(proc)?;
        p.conns += 1;
        let id = if p.conns == 1 {
            self.sessions.id(&p.key, Session::new)
        } else {
            self.sessions
                .id(&format!("{}#{}", p.key, p.conns), Session::new)
        };
        self.procs.get_mut(proc)?.current = Some(id);
        Some(id)
    }

    /// The process's current session, or a new one.
    fn conn(&mut self, proc: usize) -> Option<SessionId> {
        match self.procs.get(proc)?.current {
            Some(id) => Some(id),
            None => self.new_conn(proc),
        }
    }

    fn current(&self, proc: usize) -> Option<SessionId> {
        self.procs.get(proc)?.current
    }

    /// A session's key for a frame: borrowed from the line when the line
    /// spells it (the process key or the queue id), which spares copying it
    /// for almost every frame.
    fn key_cow<'a>(&self, id: SessionId, spelled: [&'a str; 2]) -> Cow<'a, str> {
        let key = self.sessions.get(id).map_or("", |s| s.key.as_str());
        match spelled.iter().find(|s| **s == key) {
            Some(s) => Cow::Borrowed(*s),
            None => Cow::Owned(key.to_string()),
        }
    }
}

/// The Postfix framer as a state machine that reads the log in pieces
/// (`Format::framer`): all it remembers between lines is owned.
#[derive(Default)]
pub(crate) struct PostfixFramer {
    syslog: Syslog,
    st: State,
}

impl Framer for PostfixFramer {
    fn feed<'a>(&mut self, lines: &[Line<'a>], out: &mut Vec<Frame<'a>>) {
        for l in lines {
            let Some(p) = self.syslog.parse_or_frame(l, out) else {
                continue;
            };
            let base = Frame {
                time: p.time.map(Cow::Borrowed),
                time_ms: p.time_ms,
                ..Frame::new(l.number, FrameKind::Note(NoteLevel::Info), p.msg)
            };
            let before = out.len();
            if p.prog.starts_with("postfix") {
                let name = p.prog.strip_prefix("postfix/").unwrap_or(p.prog);
                // `name[pid]` (or `name`), as the tag spells it.
                let proc_key = p.tag.strip_prefix("postfix/").unwrap_or(p.tag);
                let daemon = memchr::memrchr(b'/', name.as_bytes())
                    .and_then(|i| name.get(i + 1..))
                    .unwrap_or(name);
                postfix_line(&mut self.st, daemon, proc_key, p.msg, &base, out);
            }
            if out.len() == before {
                out.push(base);
            }
        }
    }

    fn finish(&mut self, diags: &mut Vec<Diagnostic>) {
        self.syslog.finish(diags);
    }
}

/// The last frame of each session ends it.
pub(crate) fn mark_ends(frames: &mut [Frame<'_>]) {
    let mut one_piece = [frames];
    mark_ends_in(&mut one_piece);
}

/// [`mark_ends`] over frames held in several pieces, in order.
pub(crate) fn mark_ends_in<'a, P: AsRef<[Frame<'a>]> + AsMut<[Frame<'a>]>>(pieces: &mut [P]) {
    // Found first and marked after, so that the keys seen can be borrowed
    // from the frames rather than copied.
    let mut ends = Vec::new();
    {
        let mut seen: FastSet<&str> = FastSet::default();
        for (p, piece) in pieces.iter().enumerate().rev() {
            for (i, f) in piece.as_ref().iter().enumerate().rev() {
                if let Some(k) = &f.session {
                    if seen.insert(k) && f.boundary.is_none() {
                        ends.push((p, i));
                    }
                }
            }
        }
    }
    for (p, i) in ends {
        if let Some(f) = pieces
            .get_mut(p)
            .and_then(|piece| piece.as_mut().get_mut(i))
        {
            f.boundary = Some(Boundary::End);
        }
    }
}

fn note<'a>(base: &Frame<'a>, key: Option<&Cow<'a, str>>, level: NoteLevel) -> Frame<'a> {
    Frame {
        kind: FrameKind::Note(level),
        session: key.cloned(),
        ..base.clone()
    }
}

fn inferred<'a>(base: &Frame<'a>, key: &Cow<'a, str>, kind: FrameKind, text: String) -> Frame<'a> {
    Frame {
        kind,
        text: Cow::Owned(text),
        session: Some(key.clone()),
        inferred: true,
        ..base.clone()
    }
}

fn level_of(msg: &str) -> NoteLevel {
    if msg.starts_with("warning:") {
        NoteLevel::Warning
    } else if msg.starts_with("error:") || msg.starts_with("fatal:") || msg.starts_with("panic:") {
        NoteLevel::Error
    } else if msg.starts_with("lost connection after")
        || msg.starts_with("timeout after")
        || msg.starts_with("improper command pipelining")
        || msg.starts_with("too many errors after")
    {
        NoteLevel::Warning
    } else {
        NoteLevel::Info
    }
}

/// A queue id: `NOQUEUE`, or 5+ upper-case hex digits / long-id characters.
fn queue_id(msg: &str) -> Option<(&str, &str)> {
    let (id, rest) = util::split_colon_space(msg)?;
    // Short ids are upper-case hex (`3F2A41C0123`); long ids
    // (`enable_long_queue_ids`) start with digits of the time (`4Q2Xy12abcz`).
    // Either way a queue id has a digit, which words like `statistics` or
    // `warning` have not.
    let ok = id == "NOQUEUE"
        || (id.len() >= 5
            && id.len() <= 20
            && id.bytes().all(|b| b.is_ascii_alphanumeric())
            && id.bytes().any(|b| b.is_ascii_digit()));
    ok.then_some((id, rest))
}

fn postfix_line<'a>(
    st: &mut State,
    daemon: &str,
    proc_key: &'a str,
    msg: &'a str,
    base: &Frame<'a>,
    out: &mut Vec<Frame<'a>>,
) {
    let server_side = daemon == "smtpd";
    let client_side = matches!(daemon, "smtp" | "lmtp");

    // The dialogue itself (debug_peer_list).
    if let Some((received, peer, text)) = dialogue(msg) {
        if server_side || client_side {
            let proc = st.proc_id(proc_key);
            let from_client = received == server_side;
            let mut start = false;
            if client_side && !from_client && text.starts_with("220") {
                let after_starttls = st
                    .current(proc)
                    .and_then(|id| st.sessions.get(id))
                    .and_then(|s| s.last_cmd.as_deref())
                    .is_some_and(|c| c.eq_ignore_ascii_case("STARTTLS"));
                start = !after_starttls;
            }
            let id = if start {
                st.new_conn(proc)
            } else {
                st.conn(proc)
            };
            let Some(id) = id else { return };
            if let Some(s) = st.sessions.get_mut(id) {
                if client_side && from_client {
                    s.last_cmd = Some(text.trim().to_string());
                }
                s.wire = true;
            }
            out.push(Frame {
                kind: if from_client {
                    FrameKind::Client
                } else {
                    FrameKind::Server
                },
                text: Cow::Borrowed(text),
                session: Some(st.key_cow(id, [proc_key, proc_key])),
                peer: Some(Cow::Borrowed(peer)),
                boundary: start.then_some(Boundary::Start),
                ..base.clone()
            });
            return;
        }
    }

    if server_side {
        if let Some(peer) = msg.strip_prefix("connect from ") {
            let proc = st.proc_id(proc_key);
            let Some(id) = st.new_conn(proc) else { return };
            let key = st.key_cow(id, [proc_key, proc_key]);
            out.push(Frame {
                peer: Some(Cow::Borrowed(peer)),
                boundary: Some(Boundary::Start),
                ..note(base, Some(&key), NoteLevel::Info)
            });
            return;
        }
    }

    let qid = queue_id(msg);
    // The session of this line: the smtpd connection, or the queue id's.
    let id: Option<SessionId> = if server_side {
        let proc = st.proc_id(proc_key);
        let k = st.conn(proc);
        if let (Some((qid, rest)), Some(k)) = (qid, k) {
            if qid != "NOQUEUE" && rest.starts_with("client=") {
                st.queue.insert(qid.to_string(), k);
            }
        }
        k
    } else if let Some((qid, _)) = qid.filter(|(id, _)| *id != "NOQUEUE") {
        match st.queue.get(qid) {
            Some(&k) => Some(k),
            None => {
                let k = st.sessions.id(qid, Session::new);
                st.queue.insert(qid.to_string(), k);
                Some(k)
            }
        }
    } else if client_side {
        let proc = st.proc_id(proc_key);
        st.current(proc)
    } else {
        None
    };
    let spelled = [proc_key, qid.map_or(proc_key, |(q, _)| q)];
    let key = id.map(|id| st.key_cow(id, spelled));

    static TLS: LazyLock<Needle> = LazyLock::new(|| Needle::new("TLS connection established"));
    if TLS.is_in(msg) {
        out.push(Frame {
            kind: FrameKind::Tls,
            session: key,
            ..base.clone()
        });
        return;
    }
    let (Some(id), Some(key)) = (id, key) else {
        out.push(note(base, None, level_of(msg)));
        return;
    };
    let level = level_of(msg);
    let mark = out.len();
    if !st.sessions.get(id).is_some_and(|s| s.wire) {
        if let Some((qid, rest)) = qid {
            infer(st, daemon, qid, rest, base, &key, out);
        }
    }
    if out.len() == mark {
        out.push(note(base, Some(&key), level));
    }
}

/// The inferred frames of a summary line, if it has any.
// `&Cow`, not `&str`: each frame gets a clone of it, and a key borrowed
// from the line stays borrowed.
#[allow(clippy::ptr_arg)]
fn infer<'a>(
    st: &mut State,
    daemon: &str,
    id: &str,
    rest: &str,
    base: &Frame<'a>,
    key: &Cow<'a, str>,
    out: &mut Vec<Frame<'a>>,
) {
    if let Some(r) = rest
        .strip_prefix("reject: ")
        .or_else(|| rest.strip_prefix("milter-reject: "))
    {
        reject(r, base, key, out);
        return;
    }
    if daemon == "qmgr" {
        if let Some(from) = field(rest, "from=<") {
            if rest.contains("(queue active)")
                && !st.mailed.contains(id)
                && st.mailed.insert(id.to_string())
            {
                out.push(inferred(
                    base,
                    key,
                    FrameKind::Client,
                    format!("MAIL FROM:<{from}>"),
                ));
                out.push(inferred(
                    base,
                    key,
                    FrameKind::Server,
                    "250 2.1.0 Ok".to_string(),
                ));
            }
            return;
        }
        return;
    }
    if rest.starts_with("to=<") {
        for (cmd, reply) in delivery(rest, st.mailed.contains(id)) {
            out.push(inferred(base, key, FrameKind::Client, cmd));
            out.push(inferred(base, key, FrameKind::Server, reply));
        }
    }
}

/// The value of `name` (e.g. `from=<`) up to its closing `>`.
fn field<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let start = util::find(text, name)? + name.len();
    let rest = text.get(start..)?;
    rest.get(..memchr::memchr(b'>', rest.as_bytes())?)
}

/// `RCPT from host[addr]: 550 5.1.1 <b>: text; from=<a> to=<b> proto=ESMTP helo=<vm>`
#[allow(clippy::ptr_arg)] // as in `infer`
fn reject<'a>(r: &str, base: &Frame<'a>, key: &Cow<'a, str>, out: &mut Vec<Frame<'a>>) {
    let Some((stage, rest)) = r.split_once(' ') else {
        return;
    };
    let Some((_, rest)) = rest.split_once(": ") else {
        return;
    };
    let (reply, fields) = match rest.rfind("; from=<") {
        Some(i) => (
            rest.get(..i).unwrap_or(rest),
            rest.get(i + 2..).unwrap_or(""),
        ),
        None => match rest.rfind("; ") {
            Some(i) => (
                rest.get(..i).unwrap_or(rest),
                rest.get(i + 2..).unwrap_or(""),
            ),
            None => (rest, ""),
        },
    };
    if !util::looks_like_reply(reply) {
        return;
    }
    let from = field(fields, "from=<").unwrap_or("");
    let to = field(fields, "to=<").unwrap_or("");
    let cmd = match stage {
        "RCPT" => Some(format!("RCPT TO:<{to}>")),
        "MAIL" => Some(format!("MAIL FROM:<{from}>")),
        "DATA" | "END-OF-MESSAGE" => Some("DATA".to_string()),
        "CONNECT" => None,
        "HELO" | "EHLO" => Some(format!("EHLO {}", field(fields, "helo=<").unwrap_or(""))),
        "VRFY" => Some(format!("VRFY {to}")),
        other => Some(other.to_string()),
    };
    if let Some(cmd) = cmd {
        out.push(inferred(base, key, FrameKind::Client, cmd));
    }
    out.push(inferred(base, key, FrameKind::Server, reply.to_string()));
}

/// A delivery line's inferred commands and replies. A recipient that got
/// as far as end of data (or was delivered) had its RCPT accepted: that
/// acceptance is inferred too, so one pasted line reads as a whole
/// transaction.
fn delivery(rest: &str, mailed: bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(to) = field(rest, "to=<") else {
        return out;
    };
    let Some(status_part) = util::find(rest, "status=").and_then(|i| rest.get(i + 7..)) else {
        return out;
    };
    let status = status_part.split([' ', ',']).next().unwrap_or("");
    let text = match (status_part.find('('), status_part.rfind(')')) {
        (Some(a), Some(b)) if b > a => status_part.get(a + 1..b).unwrap_or(""),
        _ => "",
    };
    let dsn = util::find(rest, "dsn=")
        .and_then(|i| rest.get(i + 4..))
        .and_then(|d| d.split(',').next())
        .unwrap_or("");
    let sent = status == "sent";
    let rcpt = format!("RCPT TO:<{to}>");
    let accepted = || (rcpt.clone(), "250 2.1.5 recipient accepted".to_string());
    if let Some((_, said)) = text.split_once(" said: ") {
        let (reply, cmd) = match said.rfind(" (in reply to ") {
            Some(i) => {
                let named = said
                    .get(i + 14..)
                    .and_then(|c| c.strip_suffix(" command)"))
                    .unwrap_or("");
                (said.get(..i).unwrap_or(said), named)
            }
            None => (said, if sent { "end of DATA" } else { "RCPT TO" }),
        };
        if util::looks_like_reply(reply) {
            let cmd = match cmd {
                "RCPT TO" => rcpt.clone(),
                "MAIL FROM" if !mailed => "MAIL FROM:<>".to_string(),
                "end of DATA" | "DATA" => {
                    out.push(accepted());
                    "DATA".to_string()
                }
                other => other.to_string(),
            };
            out.push((cmd, reply.to_string()));
            return out;
        }
    }
    let code = match dsn.as_bytes().first() {
        Some(b'2') => "250",
        Some(b'4') => "451",
        Some(b'5') => "550",
        _ => match status {
            "sent" => "250",
            "deferred" => "451",
            _ => "550",
        },
    };
    let reply = if util::looks_like_reply(text) {
        text.to_string()
    } else if dsn.is_empty() {
        format!("{code} {text}")
    } else {
        format!("{code} {dsn} {text}")
    };
    if sent {
        // `status=sent (250 2.0.0 Ok: queued as X)` is the reply to end of
        // data; `(delivered to mailbox)` is local delivery, just as final.
        out.push(accepted());
        out.push(("DATA".to_string(), reply));
    } else {
        out.push((rcpt, reply));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    type Dialogue<'a> = Option<(bool, &'a str, &'a str)>;

    #[test]
    fn dialogue_lines() {
        let rows: &[(&str, Dialogue)] = &[
            (
                "< localhost[127.0.0.1]: EHLO vm",
                Some((true, "localhost[127.0.0.1]", "EHLO vm")),
            ),
            (
                "> 127.0.0.1[127.0.0.1]:2526: MAIL FROM:<a@b>",
                Some((false, "127.0.0.1[127.0.0.1]:2526", "MAIL FROM:<a@b>")),
            ),
            (
                "< localhost[127.0.0.1]: ",
                Some((true, "localhost[127.0.0.1]", "")),
            ),
            ("connect from localhost[127.0.0.1]", None),
            ("> nothing here", None),
        ];
        for (msg, want) in rows {
            assert_eq!(dialogue(msg), *want, "{msg}");
        }
    }

    #[test]
    fn deliveries() {
        const OK: &str = "250 2.1.5 recipient accepted";
        let rows: &[(&str, &[(&str, &str)])] = &[
            (
                "to=<bob@example.test>, relay=local, delay=0.03, delays=0.02/0/0/0.01, dsn=2.0.0, status=sent (delivered to mailbox)",
                &[("RCPT TO:<bob@example.test>", OK), ("DATA", "250 2.0.0 delivered to mailbox")],
            ),
            (
                "to=<x@sink.test>, relay=127.0.0.1[127.0.0.1]:2526, delay=0.14, dsn=5.1.1, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <x@sink.test>: User unknown (in reply to RCPT TO command))",
                &[("RCPT TO:<x@sink.test>", "550 5.1.1 <x@sink.test>: User unknown")],
            ),
            (
                "to=<someone@dead.test>, relay=none, delay=0.01, delays=0.01/0/0/0, dsn=4.4.1, status=deferred (connect to 127.0.0.1[127.0.0.1]:2599: Connection refused)",
                &[(
                    "RCPT TO:<someone@dead.test>",
                    "451 4.4.1 connect to 127.0.0.1[127.0.0.1]:2599: Connection refused",
                )],
            ),
            (
                "to=<r@sink.test>, relay=127.0.0.1[127.0.0.1]:2526, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as SINK1)",
                &[("RCPT TO:<r@sink.test>", OK), ("DATA", "250 2.0.0 Ok: queued as SINK1")],
            ),
            (
                "to=<r@x.test>, relay=mx[1.2.3.4]:25, dsn=5.7.1, status=bounced (host mx[1.2.3.4] said: 554 5.7.1 spam (in reply to end of DATA command))",
                &[("RCPT TO:<r@x.test>", OK), ("DATA", "554 5.7.1 spam")],
            ),
        ];
        for (line, want) in rows {
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(c, r)| (c.to_string(), r.to_string()))
                .collect();
            assert_eq!(delivery(line, true), want, "{line}");
        }
    }
}
