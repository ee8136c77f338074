//! One session's state machine: frames in, events out.

use super::auth::{self, AuthState};
use super::content::ContentBuilder;
use super::{new_event, source_line, transactions};
use crate::formats::{Frame, FrameKind};
use crate::grammar::{self, Quirk};
use crate::input::Line;
use crate::model::{
    AuthInfo, Capability, Command, Diagnostic, Event, EventDetail, NoteLevel, Options, ReplyExtra,
    ReplyExtraFields, ReplyLines, Session, Severity, Text,
};
use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::Arc;

/// What the client's next line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A command.
    Command,
    /// Message content after `354`, until a lone `.`.
    Data,
    /// A BDAT chunk of this many bytes still to come.
    Bdat(u64),
    /// A response in an AUTH exchange (after a `334`).
    Auth,
}

pub struct Builder {
    show_secrets: bool,
    /// The input the source lines share (see [`super::Shared`]).
    shared: super::Shared,
    session: Session,
    diags: Vec<Diagnostic>,
    mode: Mode,
    /// Events (commands, or a data event for end of data) awaiting a reply,
    /// oldest first.
    pending: VecDeque<u32>,
    /// The reply event being assembled while its lines end in `-`.
    open_reply: Option<u32>,
    /// The data event being filled.
    content: Option<(u32, ContentBuilder)>,
    greeted: bool,
    /// A STARTTLS was accepted and no TLS event has been placed yet.
    tls_pending: bool,
    auth: Option<AuthState>,
    /// The session used LHLO: end of data gets one reply per recipient.
    lmtp: bool,
    accepted_rcpts: u32,
    quit_sent: bool,
    closed: bool,
    next_group: u32,
    current_group: Option<u32>,
}

impl Builder {
    /// Give back the room the event list has left to grow.
    pub fn shrink(&mut self) {
        self.session.events.shrink_to_fit();
    }

    /// How many events the session has so far.
    pub fn event_count(&self) -> usize {
        self.session.events.len()
    }

    /// A builder for a session expected to have about `events` events
    /// (room made for them at once).
    pub fn new(
        id: Option<String>,
        options: &Options,
        events: usize,
        shared: super::Shared,
    ) -> Self {
        Builder {
            show_secrets: options.show_secrets,
            shared,
            session: Session {
                id,
                events: Vec::with_capacity(events),
                ..Session::default()
            },
            diags: Vec::new(),
            mode: Mode::Command,
            pending: VecDeque::new(),
            open_reply: None,
            content: None,
            greeted: false,
            tls_pending: false,
            auth: None,
            lmtp: false,
            accepted_rcpts: 0,
            quit_sent: false,
            closed: false,
            next_group: 1,
            current_group: None,
        }
    }

    /// True once any command or reply was seen.
    pub fn has_dialogue(&self) -> bool {
        self.session.has_dialogue()
    }

    /// True after QUIT was answered (or the server closed with 221/421).
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    fn next_index(&self) -> u32 {
        self.session.events.len() as u32
    }

    fn diag(
        &mut self,
        severity: Severity,
        line: u32,
        code: &'static str,
        message: impl Into<String>,
    ) {
        self.diags
            .push(Diagnostic::new(severity, Some(line), code, message));
    }

    fn quirks(&mut self, line: u32, quirks: &[Quirk]) {
        for q in quirks {
            self.diags
                .push(Diagnostic::new(Severity::Info, Some(line), q.id, q.message));
        }
    }

    fn push_event(&mut self, mut event: Event) -> u32 {
        if self.session.tls && !matches!(event.detail, EventDetail::Tls { .. }) {
            event.encrypted = true;
        }
        let idx = self.next_index();
        self.session.events.push(event);
        idx
    }

    /// Feed one frame.
    pub fn push(&mut self, frame: &Frame<'_>, line: &Line<'_>) {
        if self.session.peer.is_none() {
            if let Some(p) = &frame.peer {
                self.session.peer = Some(p.to_string());
            }
        }
        if frame.encrypted && !self.session.tls {
            // The format shows encryption (e.g. swaks `~>`) before we saw a
            // STARTTLS exchange: a TLS-on-connect session or a cut paste.
            self.session.tls = true;
        }
        if self.tls_pending && frame.kind != FrameKind::Tls {
            self.place_tls(frame, line, None);
        }
        match &frame.kind {
            FrameKind::Client => self.client(frame, line),
            FrameKind::Server if frame.inferred => {
                // Logs flatten a multi-line reply into one line ("550-5.7.26
                // a. 550-5.7.26 b. 550 5.7.26 c"): read it as its lines.
                let pieces = split_flattened(&frame.text);
                if pieces.len() > 1 {
                    for piece in pieces {
                        let f = Frame {
                            text: piece.into(),
                            ..frame.clone()
                        };
                        self.server(&f, line);
                    }
                } else {
                    self.server(frame, line);
                }
            }
            FrameKind::Server => self.server(frame, line),
            FrameKind::Tls => {
                if self.tls_pending {
                    self.place_tls(frame, line, Some(frame.text.to_string()));
                } else {
                    let e = new_event(
                        &self.shared,
                        frame,
                        line,
                        line.text,
                        EventDetail::Tls {
                            text: super::share(&self.shared, &frame.text),
                        },
                    );
                    self.push_event(e);
                }
            }
            FrameKind::Note(level) => {
                // A run of information lines (a bounce's prose, a tool's
                // chatter) is one note of several lines, not a step per line.
                if *level == NoteLevel::Info && frame.boundary.is_none() {
                    if let Some(last) = self.session.events.last_mut() {
                        let follows = last.source.last().map(|s| s.line + 1) == Some(line.number);
                        if let (
                            true,
                            EventDetail::Note {
                                text,
                                level: NoteLevel::Info,
                            },
                        ) = (
                            follows && last.time() == frame.time.as_deref(),
                            &mut last.detail,
                        ) {
                            text.push_str("\n");
                            text.push_str(&frame.text);
                            last.source.push(source_line(&self.shared, line, line.text));
                            return;
                        }
                    }
                }
                let e = new_event(
                    &self.shared,
                    frame,
                    line,
                    line.text,
                    EventDetail::Note {
                        text: super::share(&self.shared, &frame.text),
                        level: *level,
                    },
                );
                self.push_event(e);
            }
            FrameKind::Blank => {
                // Inside message content a blank line is content.
                if self.mode == Mode::Data && self.content.is_some() {
                    self.content_line(frame, line);
                    return;
                }
                if let Some(last) = self.session.events.last_mut() {
                    if matches!(
                        last.detail,
                        EventDetail::Note {
                            level: NoteLevel::Blank,
                            ..
                        }
                    ) {
                        last.source.push(source_line(&self.shared, line, line.text));
                        return;
                    }
                }
                let e = new_event(
                    &self.shared,
                    frame,
                    line,
                    line.text,
                    EventDetail::Note {
                        text: super::share(&self.shared, ""),
                        level: NoteLevel::Blank,
                    },
                );
                self.push_event(e);
            }
            FrameKind::Unparsed(reason) => {
                let e = new_event(
                    &self.shared,
                    frame,
                    line,
                    line.text,
                    EventDetail::Unparsed {
                        text: super::share(&self.shared, &frame.text),
                        reason: reason.reason().to_string(),
                    },
                );
                self.push_event(e);
            }
        }
    }

    /// Place the TLS boundary event: the format's own TLS line, or an
    /// inferred one at the line of the frame that follows the boundary.
    fn place_tls(&mut self, frame: &Frame<'_>, line: &Line<'_>, text: Option<String>) {
        self.tls_pending = false;
        let inferred = text.is_none();
        let text = text.unwrap_or_else(|| "TLS handshake (STARTTLS accepted)".to_string());
        let mut e = new_event(
            &self.shared,
            frame,
            line,
            line.text,
            EventDetail::Tls { text: text.into() },
        );
        if inferred {
            // The handshake is not in the input: the event has no line of
            // its own (the line belongs to the next event).
            e.clear_source();
            e.inferred = true;
        }
        e.encrypted = false;
        let was = self.session.tls;
        self.session.tls = false;
        self.push_event(e);
        self.session.tls = was;
    }

    fn client(&mut self, frame: &Frame<'_>, line: &Line<'_>) {
        if let Some(idx) = self.open_reply.take() {
            self.diag(
                Severity::Warning,
                line.number,
                "reply-unterminated",
                "A multi-line reply ended without a last line (`code SP text`) before the client spoke.",
            );
            self.finish_reply(idx);
        }
        match self.mode {
            Mode::Data | Mode::Bdat(_) => self.content_line(frame, line),
            Mode::Auth => self.auth_response(frame, line),
            Mode::Command => self.command(frame, line),
        }
    }

    fn command(&mut self, frame: &Frame<'_>, line: &Line<'_>) {
        let parsed = grammar::parse_command(&frame.text);
        self.quirks(line.number, &parsed.quirks);
        let mut args = Cow::Borrowed(parsed.args);
        let mut shown = Cow::Borrowed(line.text);
        let mut command = parsed.command;
        if let Command::Auth {
            mechanism,
            initial_response,
        } = &mut command
        {
            let mut state = AuthState::new(mechanism, line.number);
            if let Some(ir) = initial_response.as_mut() {
                let secret = state.initial_response(ir);
                if secret && !self.show_secrets && ir.as_str() != "=" {
                    shown = super::masked(&shown, ir).into();
                    args = super::masked(&args, ir).into();
                    *ir = super::MASK.to_string();
                }
            }
            self.auth = Some(state);
        }
        let verb = parsed.verb;
        match &command {
            Command::Lhlo { .. } => self.lmtp = true,
            Command::Mail { .. } => self.accepted_rcpts = 0,
            Command::Quit => self.quit_sent = true,
            _ => {}
        }
        if self.quit_sent && !matches!(command, Command::Quit) {
            // Lint reports commands after QUIT; nothing to do here.
        }
        let bdat = match &command {
            Command::Bdat { size, .. } => Some(*size),
            _ => None,
        };
        let idx = self.next_index();
        let mut event = new_event(
            &self.shared,
            frame,
            line,
            shown,
            EventDetail::Command {
                verb,
                args: super::share_or_own(&self.shared, args),
                parsed: command,
                reply: None,
            },
        );
        event.set_group(self.group_for_new_command());
        self.push_event(event);
        self.pending.push_back(idx);
        if let Some(size) = bdat.filter(|&n| n > 0) {
            // RFC 3030: the chunk follows the command at once, without a
            // reply in between.
            self.mode = Mode::Bdat(size);
            self.content = None;
        }
    }

    /// Commands sent while earlier ones still await their replies are one
    /// pipelined group (RFC 2920).
    fn group_for_new_command(&mut self) -> Option<u32> {
        if self.pending.is_empty() {
            self.current_group = None;
            return None;
        }
        if let Some(g) = self.current_group {
            return Some(g);
        }
        let g = self.next_group;
        self.next_group += 1;
        self.current_group = Some(g);
        // Mark the commands already waiting as members too.
        for &i in &self.pending {
            if let Some(e) = self.session.events.get_mut(i as usize) {
                if matches!(e.detail, EventDetail::Command { .. }) {
                    e.set_group(Some(g));
                }
            }
        }
        Some(g)
    }

    fn auth_response(&mut self, frame: &Frame<'_>, line: &Line<'_>) {
        let text = frame.text.trim();
        let cancelled = text == "*";
        let mut shown = Cow::Borrowed(line.text);
        let mut args = Cow::Borrowed(text);
        if let Some(state) = self.auth.as_mut() {
            let secret = state.response(text);
            // A line that is no base64 at all ("[credentials hidden]", as
            // PHPMailer prints) carries no secret to mask.
            if secret && !self.show_secrets && auth::looks_base64(text) {
                shown = super::masked(&shown, text).into();
                args = Cow::Borrowed(super::MASK);
            }
        }
        let idx = self.next_index();
        let e = new_event(
            &self.shared,
            frame,
            line,
            shown,
            EventDetail::Command {
                verb: "AUTH-RESPONSE".into(),
                args: super::share_or_own(&self.shared, args),
                parsed: Command::AuthResponse { cancelled },
                reply: None,
            },
        );
        self.push_event(e);
        self.pending.push_back(idx);
    }

    fn content_line(&mut self, frame: &Frame<'_>, line: &Line<'_>) {
        let text: &str = &frame.text;
        if self.content.is_none() {
            let idx = self.next_index();
            let e = new_event(
                &self.shared,
                frame,
                line,
                line.text,
                EventDetail::Data {
                    size: 0,
                    headers: Vec::new(),
                    terminated: false,
                    eight_bit: false,
                },
            );
            self.push_event(e);
            self.content = Some((idx, ContentBuilder::new(self.shared.clone())));
        } else if let Some(e) = self
            .content
            .as_ref()
            .and_then(|(i, _)| self.session.events.get_mut(*i as usize))
        {
            // A format may frame one source line as several content lines
            // (smtplib sends the whole message in one literal): list the
            // source line once.
            if e.source.last().map(|s| s.line) != Some(line.number) {
                e.source.push(source_line(&self.shared, line, line.text));
            }
        }
        match self.mode {
            Mode::Data => {
                if text == "." {
                    self.end_content(true);
                    self.mode = Mode::Command;
                } else if let Some((_, c)) = self.content.as_mut() {
                    c.add_line(text, true);
                }
            }
            Mode::Bdat(remaining) => {
                let len = text.len() as u64 + 2;
                if let Some((_, c)) = self.content.as_mut() {
                    c.add_line(text, false);
                }
                if len >= remaining {
                    self.end_content(true);
                    self.mode = Mode::Command;
                } else {
                    self.mode = Mode::Bdat(remaining - len);
                }
            }
            _ => {}
        }
    }

    /// Close the data event; after DATA the end of data awaits its reply.
    fn end_content(&mut self, terminated: bool) {
        let Some((idx, c)) = self.content.take() else {
            return;
        };
        let is_data = self.mode == Mode::Data;
        if let Some(e) = self.session.events.get_mut(idx as usize) {
            // The content has all its lines: the room its lists have left
            // to grow (by doubling) would be kept to the end of the parse.
            let mut headers = c.headers;
            headers.shrink_to_fit();
            e.source.shrink_to_fit();
            e.detail = EventDetail::Data {
                size: c.size,
                headers,
                terminated,
                eight_bit: c.eight_bit,
            };
        }
        if is_data {
            // LMTP answers end of data once per accepted recipient
            // (RFC 2033 §4.2).
            let n = if self.lmtp {
                self.accepted_rcpts.max(1)
            } else {
                1
            };
            for _ in 0..n {
                self.pending.push_back(idx);
            }
        }
    }

    fn server(&mut self, frame: &Frame<'_>, line: &Line<'_>) {
        if matches!(self.mode, Mode::Data | Mode::Bdat(_)) && self.content.is_some() {
            // The server spoke in the middle of content: the paste lost the
            // terminating dot, or the server gave up.
            self.diag(
                Severity::Warning,
                line.number,
                "data-unterminated",
                "The server replied before the message content was ended with a lone \".\".",
            );
            self.end_content(false);
            self.mode = Mode::Command;
        } else if self.mode == Mode::Data {
            // 354 then a reply without content: the content is not in the
            // paste (swaks --suppress-data, a log that omits it). The reply
            // answers the end of that unseen content: stand in for it with
            // an inferred data event of no line of its own.
            let mut e = new_event(
                &self.shared,
                frame,
                line,
                line.text,
                EventDetail::Data {
                    size: 0,
                    headers: Vec::new(),
                    terminated: false,
                    eight_bit: false,
                },
            );
            e.clear_source();
            e.inferred = true;
            let idx = self.push_event(e);
            let n = if self.lmtp {
                self.accepted_rcpts.max(1)
            } else {
                1
            };
            for _ in 0..n {
                self.pending.push_back(idx);
            }
            self.mode = Mode::Command;
        } else if matches!(self.mode, Mode::Bdat(_)) {
            // BDAT then a reply without the chunk: not in the paste.
            self.mode = Mode::Command;
        }
        let Some(reply) = grammar::parse_reply_line(&frame.text) else {
            let e = new_event(
                &self.shared,
                frame,
                line,
                line.text,
                EventDetail::Unparsed {
                    text: super::share(&self.shared, &frame.text),
                    reason: "a server line that is not a reply (no three-digit code)".to_string(),
                },
            );
            self.diag(
                Severity::Warning,
                line.number,
                "reply-syntax",
                "This server line does not start with a three-digit reply code.",
            );
            self.push_event(e);
            return;
        };
        self.quirks(line.number, &reply.quirks);
        if let Some(idx) = self.open_reply {
            let mut mismatch = None;
            if let Some(e) = self.session.events.get_mut(idx as usize) {
                if e.source.last().map(|s| s.line) != Some(line.number) {
                    e.source.push(source_line(&self.shared, line, line.text));
                }
                if let EventDetail::Reply {
                    code,
                    lines,
                    enhanced,
                    ..
                } = &mut e.detail
                {
                    if *code != reply.code {
                        mismatch = Some(*code);
                    }
                    if enhanced.is_none() {
                        *enhanced = reply.enhanced;
                    }
                    lines.push(super::share(&self.shared, reply.text));
                }
            }
            if let Some(first) = mismatch {
                self.diag(
                    Severity::Warning,
                    line.number,
                    "reply-code-mismatch",
                    format!(
                        "This line of a multi-line reply has code {} but the reply began with {}.",
                        reply.code, first
                    ),
                );
            }
            if reply.last {
                self.open_reply = None;
                self.finish_reply(idx);
            }
            return;
        }
        let idx = self.next_index();
        let e = new_event(
            &self.shared,
            frame,
            line,
            line.text,
            EventDetail::Reply {
                code: reply.code,
                enhanced: reply.enhanced,
                lines: ReplyLines::one(super::share(&self.shared, reply.text)),
                in_reply_to: None,
                extra: ReplyExtra::default(),
                explanation: None,
                advice: Default::default(),
            },
        );
        self.push_event(e);
        if reply.last {
            self.finish_reply(idx);
        } else {
            self.open_reply = Some(idx);
        }
    }

    /// A complete reply: pair it with its command and apply its effects.
    fn finish_reply(&mut self, idx: u32) {
        let (code, first_line) = match self.session.events.get(idx as usize) {
            Some(Event {
                detail: EventDetail::Reply { code, .. },
                line,
                ..
            }) => (*code, *line),
            _ => return,
        };
        let answered = if !self.greeted && self.pending.is_empty() {
            self.greeted = true;
            None
        } else {
            let cmd = self.pending.pop_front();
            if cmd.is_none() {
                let msg = if code == 421 {
                    None
                } else {
                    Some("This reply answers no command: no command was waiting for a reply.")
                };
                if let Some(msg) = msg {
                    self.diag(Severity::Warning, first_line, "reply-unexpected", msg);
                }
            }
            self.greeted = true;
            cmd
        };
        if self.pending.is_empty() {
            self.current_group = None;
        }
        let answers = answered.map_or(Answers::Nothing, |c| {
            Answers::of(self.session.events.get(c as usize))
        });
        if let Some(c) = answered {
            if let Some(EventDetail::Command { reply, .. }) = self
                .session
                .events
                .get_mut(c as usize)
                .map(|e| &mut e.detail)
            {
                *reply = Some(idx);
            }
        }
        let mut decoded = None;
        let mut capabilities = None;
        let mut queue_id = None;
        let reply = self.session.events.get(idx as usize);
        let lines: &[Text] = match reply.map(|e| &e.detail) {
            Some(EventDetail::Reply { lines, .. }) => lines,
            _ => &[],
        };
        let first_text = lines.first().map_or("", Text::as_str);
        match answers {
            Answers::Hello if code == 250 => {
                // A log may give several reply lines on one source line
                // (Exchange): those lines share it.
                let sources = reply.map_or(&[][..], |e| &e.source[..]);
                let line_of = |i: usize| sources.get(i).or(sources.last()).map_or(0, |s| s.line);
                // Made at its size (a line a capability after the first),
                // then moved into the `Arc`: collected from the iterator,
                // the list grew by doubling first.
                let mut found = Vec::with_capacity(lines.len().saturating_sub(1));
                found.extend(
                    lines
                        .iter()
                        .enumerate()
                        .skip(1)
                        .filter_map(|(i, t)| grammar::parse_ehlo_line_of(t, line_of(i))),
                );
                let caps: Arc<[Capability]> = found.into();
                self.session.capabilities = Arc::clone(&caps);
                capabilities = Some(caps);
            }
            Answers::Starttls if code == 220 => {
                self.tls_pending = true;
                if !self.session.capabilities.is_empty() {
                    self.session.capabilities_before_tls =
                        Some(std::mem::take(&mut self.session.capabilities));
                }
                self.session.tls = true;
            }
            Answers::Data if code == 354 => {
                self.mode = Mode::Data;
                self.content = None;
            }
            // A 334 is a challenge: the client's next line answers it. That
            // holds for a 334 that answers nothing inside an AUTH exchange
            // too (the paste lost the client's line between two challenges).
            Answers::Auth | Answers::Nothing
                if code == 334 && (answers == Answers::Auth || self.auth.is_some()) =>
            {
                decoded = auth::decode_challenge(first_text);
                if let Some(state) = self.auth.as_mut() {
                    state.challenge(decoded.as_deref());
                }
                self.mode = Mode::Auth;
            }
            Answers::Auth => {
                self.mode = Mode::Command;
                if let Some(state) = self.auth.take() {
                    self.session.auth = Some(state.finish(code, self.show_secrets));
                }
            }
            Answers::Rcpt if (200..300).contains(&code) => {
                self.accepted_rcpts += 1;
            }
            Answers::Quit => {
                self.closed = true;
            }
            Answers::EndOfData if (200..300).contains(&code) => {
                queue_id = lines.iter().find_map(|l| transactions::queue_id(l));
            }
            _ => {}
        }
        if code == 421 || (code == 221 && answered.is_none()) {
            self.closed = true;
        }
        if let Some(e) = self.session.events.get_mut(idx as usize) {
            // The reply has all its lines (see `end_content`).
            e.source.shrink_to_fit();
            if let EventDetail::Reply {
                in_reply_to,
                extra,
                lines,
                ..
            } = &mut e.detail
            {
                lines.shrink_to_fit();
                *in_reply_to = answered;
                *extra = ReplyExtra::from(ReplyExtraFields {
                    decoded,
                    capabilities,
                    queue_id,
                });
            }
        }
    }

    /// Finish the session: close what is open, build transactions and the
    /// outcome.
    pub fn finish(mut self) -> (Session, Vec<Diagnostic>) {
        if let Some(idx) = self.open_reply.take() {
            let line = self
                .session
                .events
                .get(idx as usize)
                .map_or(0, |e| e.source.last().map_or(e.line, |s| s.line));
            self.diag(
                Severity::Warning,
                line,
                "reply-unterminated",
                "The input ends inside a multi-line reply (its last line `code SP text` is missing).",
            );
            self.finish_reply(idx);
        }
        if self.content.is_some() {
            let line = self
                .content
                .as_ref()
                .and_then(|(i, _)| self.session.events.get(*i as usize))
                .map_or(0, |e| e.line);
            self.diag(
                Severity::Warning,
                line,
                "data-unterminated",
                "The input ends inside message content (no lone \".\" line).",
            );
            self.end_content(false);
        }
        if let Some(state) = self.auth.take() {
            self.session.auth = Some(state.finish(0, self.show_secrets));
        }
        if self.session.auth.is_none() {
            self.session.auth = None::<AuthInfo>;
        }
        let unanswered: Vec<u32> = self.pending.iter().copied().collect();
        for i in unanswered {
            if let Some(e) = self.session.events.get(i as usize) {
                if let EventDetail::Command { verb, .. } = &e.detail {
                    let (line, verb) = (e.line, verb.clone());
                    self.diag(
                        Severity::Info,
                        line,
                        "no-reply",
                        format!("{verb} got no reply in this input."),
                    );
                }
            }
        }
        // The times of the first and last timed events (set here once, not
        // cloned on every event).
        let mut timed = self.session.events.iter().filter_map(|e| e.time());
        let first = timed.next();
        let last = timed.next_back().or(first);
        self.session.start_time = first.map(str::to_string);
        self.session.end_time = last.map(str::to_string);
        super::timing::annotate(&mut self.session, &mut self.diags);
        transactions::build(&mut self.session);
        (self.session, self.diags)
    }
}

/// Split a reply that a log flattened onto one line back into its lines:
/// `550-5.7.26 a. 550-5.7.26 b. 550 5.7.26 c` gives three lines. A reply
/// without such repeats is one line.
fn split_flattened(text: &str) -> Vec<&str> {
    let Some(code) = text
        .get(..3)
        .filter(|c| c.bytes().all(|b| b.is_ascii_digit()))
    else {
        return vec![text];
    };
    if text.as_bytes().get(3) != Some(&b'-') {
        return vec![text];
    }
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 4;
    while i + 5 <= bytes.len() {
        let at_code = bytes.get(i) == Some(&b' ')
            && text.get(i + 1..i + 4) == Some(code)
            && matches!(bytes.get(i + 4), Some(b'-') | Some(b' '));
        if at_code {
            if let Some(piece) = text.get(start..i) {
                out.push(piece);
            }
            start = i + 1;
            i += 5;
        } else {
            i += 1;
        }
    }
    if let Some(piece) = text.get(start..) {
        out.push(piece);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::split_flattened;

    #[test]
    fn flattened_replies() {
        let rows: &[(&str, &[&str])] = &[
            (
                "550-5.7.26 This mail is blocked. 550-5.7.26 Gmail requires SPF. 550 5.7.26 See https://x - gsmtp",
                &["550-5.7.26 This mail is blocked.", "550-5.7.26 Gmail requires SPF.", "550 5.7.26 See https://x - gsmtp"],
            ),
            ("550 5.1.1 one line with 550 in it", &["550 5.1.1 one line with 550 in it"]),
            ("550-a", &["550-a"]),
            ("", &[""]),
        ];
        for (text, want) in rows {
            assert_eq!(&split_flattened(text), want, "{text}");
        }
    }
}

/// What a reply answered, as far as the engine's state cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answers {
    /// No command was waiting (the greeting, or an unsolicited reply).
    Nothing,
    Hello,
    Starttls,
    Data,
    /// AUTH or a client line inside its exchange.
    Auth,
    Rcpt,
    Quit,
    /// The end of message content, or the last BDAT chunk.
    EndOfData,
    Other,
}

impl Answers {
    fn of(event: Option<&Event>) -> Self {
        match event.map(|e| &e.detail) {
            Some(EventDetail::Command { parsed, .. }) => match parsed {
                Command::Ehlo { .. } | Command::Lhlo { .. } => Answers::Hello,
                Command::Starttls => Answers::Starttls,
                Command::Data => Answers::Data,
                Command::Auth { .. } | Command::AuthResponse { .. } => Answers::Auth,
                Command::Rcpt { .. } => Answers::Rcpt,
                Command::Quit => Answers::Quit,
                Command::Bdat { last: true, .. } => Answers::EndOfData,
                _ => Answers::Other,
            },
            Some(EventDetail::Data { .. }) => Answers::EndOfData,
            _ => Answers::Other,
        }
    }
}
