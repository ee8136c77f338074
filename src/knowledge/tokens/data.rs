//! The tables behind `explain_token`: SMTP commands, MAIL/RCPT parameters,
//! EHLO keywords and SASL mechanisms. One `Entry` per token, built with the
//! small `const fn` builders below so each row reads as one statement.
//!
//! Sources: RFC 5321 and the RFC of each extension named in the IANA "SMTP
//! Service Extensions" registry; Postfix's XCLIENT/XFORWARD READMEs;
//! Microsoft's [MS-OXSMTP] for the Exchange X-verbs; the IANA "SASL
//! Mechanisms" registry for the mechanisms' status.

/// What kind of token an entry explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Command,
    Parameter,
    Extension,
    Mechanism,
}

impl Kind {
    /// The stable prefix of ids of this kind (`"cmd"` in `"cmd:MAIL"`).
    pub(super) const fn prefix(self) -> &'static str {
        match self {
            Kind::Command => "cmd",
            Kind::Parameter => "param",
            Kind::Extension => "ext",
            Kind::Mechanism => "sasl",
        }
    }

    /// The name serialised in `TokenExplanation::kind`.
    pub(super) const fn label(self) -> &'static str {
        match self {
            Kind::Command => "command",
            Kind::Parameter => "parameter",
            Kind::Extension => "extension",
            Kind::Mechanism => "mechanism",
        }
    }
}

/// One explained token. Empty strings mean "none".
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    pub kind: Kind,
    pub name: &'static str,
    pub summary: &'static str,
    pub syntax: &'static str,
    /// `"RFC 5321"`, or another specification's name (`"MS-OXSMTP"`).
    pub spec: &'static str,
    /// Section within `spec` (`"4.1.1.2"`), or "".
    pub section: &'static str,
    /// A link for a specification that is not an RFC.
    pub url: &'static str,
    pub details: &'static str,
    /// The EHLO keyword that must have been advertised.
    pub requires: &'static str,
    /// Reply codes a command may get.
    pub replies: &'static [u16],
    /// Commands a parameter belongs to.
    pub commands: &'static [&'static str],
    pub safe_without_tls: Option<bool>,
    pub deprecated: Option<bool>,
}

const fn e(
    kind: Kind,
    name: &'static str,
    spec: &'static str,
    section: &'static str,
    summary: &'static str,
) -> Entry {
    Entry {
        kind,
        name,
        summary,
        syntax: "",
        spec,
        section,
        url: "",
        details: "",
        requires: "",
        replies: &[],
        commands: &[],
        safe_without_tls: None,
        deprecated: None,
    }
}

const fn cmd(name: &'static str, spec: &'static str, sec: &'static str, s: &'static str) -> Entry {
    e(Kind::Command, name, spec, sec, s)
}
const fn par(name: &'static str, spec: &'static str, sec: &'static str, s: &'static str) -> Entry {
    e(Kind::Parameter, name, spec, sec, s)
}
const fn ext(name: &'static str, spec: &'static str, sec: &'static str, s: &'static str) -> Entry {
    e(Kind::Extension, name, spec, sec, s)
}
const fn mech(name: &'static str, spec: &'static str, sec: &'static str, s: &'static str) -> Entry {
    e(Kind::Mechanism, name, spec, sec, s)
}

impl Entry {
    const fn syn(self, syntax: &'static str) -> Self {
        Self { syntax, ..self }
    }
    const fn det(self, details: &'static str) -> Self {
        Self { details, ..self }
    }
    const fn req(self, requires: &'static str) -> Self {
        Self { requires, ..self }
    }
    const fn rep(self, replies: &'static [u16]) -> Self {
        Self { replies, ..self }
    }
    const fn on(self, commands: &'static [&'static str]) -> Self {
        Self { commands, ..self }
    }
    const fn url(self, url: &'static str) -> Self {
        Self { url, ..self }
    }
    const fn old(self) -> Self {
        Self {
            deprecated: Some(true),
            ..self
        }
    }
    /// A SASL mechanism's safety without TLS and whether it is deprecated.
    const fn sasl(self, safe_without_tls: bool, deprecated: bool) -> Self {
        Self {
            safe_without_tls: Some(safe_without_tls),
            deprecated: Some(deprecated),
            ..self
        }
    }
}

const POSTFIX_XCLIENT: &str = "https://www.postfix.org/XCLIENT_README.html";
const POSTFIX_XFORWARD: &str = "https://www.postfix.org/XFORWARD_README.html";
const MS_OXSMTP: &str =
    "https://learn.microsoft.com/en-us/openspecs/exchange_server_protocols/ms-oxsmtp/";
const EXCHANGE: &str = "Microsoft Exchange";

const MAIL: &[&str] = &["MAIL"];
const RCPT: &[&str] = &["RCPT"];

/// Every command verb, plus the pseudo-command AUTH-RESPONSE.
pub(super) const COMMANDS: &[Entry] = &[
    cmd("HELO", "RFC 5321", "4.1.1.1", "Greets the server and names the client; starts a plain SMTP session without extensions.")
        .syn("HELO domain").rep(&[250, 421, 501, 504, 550]),
    cmd("EHLO", "RFC 5321", "4.1.1.1", "Greets the server, names the client and asks which service extensions the server supports.")
        .syn("EHLO domain | EHLO address-literal").rep(&[250, 421, 500, 501, 502, 504, 550])
        .det("The multi-line 250 reply lists one extension keyword per line; EHLO also resets any transaction in progress."),
    cmd("LHLO", "RFC 2033", "4.1", "The LMTP greeting: like EHLO, but for the Local Mail Transfer Protocol, which replies once per recipient after DATA.")
        .syn("LHLO domain").rep(&[250, 421, 500, 501, 504]),
    cmd("MAIL", "RFC 5321", "4.1.1.2", "Starts a mail transaction and gives the envelope sender (reverse-path), where bounces go.")
        .syn("MAIL FROM:<reverse-path> [SP mail-parameters]").rep(&[250, 421, 451, 452, 455, 503, 530, 550, 552, 553, 555])
        .det("An empty reverse-path <> marks a bounce or other notification that must not itself be bounced."),
    cmd("RCPT", "RFC 5321", "4.1.1.3", "Names one recipient of the message (forward-path); repeat it for each recipient.")
        .syn("RCPT TO:<forward-path> [SP rcpt-parameters]").rep(&[250, 251, 421, 450, 451, 452, 455, 503, 550, 551, 552, 553, 555])
        .det("Each recipient is accepted or refused on its own; 452 often means too many recipients for this transaction."),
    cmd("DATA", "RFC 5321", "4.1.1.4", "Asks to send the message itself; after a 354 reply the client sends headers and body, ended by a line with a single dot.")
        .syn("DATA").rep(&[354, 250, 421, 450, 451, 452, 503, 550, 552, 554])
        .det("The reply after the final dot says whether the server took responsibility for the message."),
    cmd("BDAT", "RFC 3030", "2", "Sends the next chunk of the message, of exactly the given number of bytes, with no dot-stuffing; LAST marks the final chunk.")
        .syn("BDAT chunk-size [SP LAST]").req("CHUNKING").rep(&[250, 421, 451, 452, 503, 504, 552, 554]),
    cmd("BURL", "RFC 4468", "", "Submits message content by reference: the server fetches it from an IMAP URL instead of the client sending it.")
        .syn("BURL absolute-URI [SP LAST]").req("BURL").rep(&[250, 421, 451, 503, 504, 554]),
    cmd("RSET", "RFC 5321", "4.1.1.5", "Aborts the current mail transaction; sender, recipients and data are discarded, the session stays open.")
        .syn("RSET").rep(&[250, 421]),
    cmd("VRFY", "RFC 5321", "4.1.1.6", "Asks whether a user or mailbox exists; most servers answer 252 (cannot verify) to stop address harvesting.")
        .syn("VRFY string").rep(&[250, 251, 252, 421, 502, 504, 550, 551, 553]),
    cmd("EXPN", "RFC 5321", "4.1.1.7", "Asks the server to expand a mailing list into its members; usually disabled.")
        .syn("EXPN string").rep(&[250, 252, 421, 500, 502, 504, 550]),
    cmd("HELP", "RFC 5321", "4.1.1.8", "Asks for help text, in general or about one command.")
        .syn("HELP [SP string]").rep(&[211, 214, 421, 502, 504]),
    cmd("NOOP", "RFC 5321", "4.1.1.9", "Does nothing but get a 250 reply; used to keep a connection alive or test it.")
        .syn("NOOP [SP string]").rep(&[250, 421]),
    cmd("QUIT", "RFC 5321", "4.1.1.10", "Ends the session: the server replies 221 and closes the connection.")
        .syn("QUIT").rep(&[221]),
    cmd("STARTTLS", "RFC 3207", "4", "Asks to upgrade the connection to TLS; after 220 both sides negotiate TLS and the client must send EHLO again.")
        .syn("STARTTLS").req("STARTTLS").rep(&[220, 421, 454, 501, 503])
        .det("Everything said before STARTTLS (including the EHLO reply) is forgotten and may have been tampered with."),
    cmd("AUTH", "RFC 4954", "4", "Starts SASL authentication with the named mechanism, optionally with a base64 initial response.")
        .syn("AUTH mechanism [SP initial-response]").req("AUTH").rep(&[235, 334, 421, 432, 454, 500, 501, 503, 504, 530, 534, 535, 538])
        .det("334 carries a base64 challenge; 235 means success, 535 bad credentials, 538 the mechanism needs TLS."),
    cmd("AUTH-RESPONSE", "RFC 4954", "4", "A client line inside an AUTH exchange: the base64 answer to the server's 334 challenge, or * to cancel.")
        .syn("base64 | \"*\"").rep(&[235, 334, 501, 535])
        .det("It often carries a password or token (PLAIN, LOGIN, XOAUTH2): treat it as a secret."),
    cmd("ETRN", "RFC 1985", "", "Asks the server to start delivering mail queued for a domain to the client (remote queue start).")
        .syn("ETRN [\"@\" / \"#\"] domain").req("ETRN").rep(&[250, 251, 252, 253, 458, 459, 500, 501]),
    cmd("ATRN", "RFC 2645", "", "Authenticated TURN for on-demand relay: after authenticating, the client asks the roles to reverse so it receives its queued mail.")
        .syn("ATRN [SP domain *(\",\" domain)]").req("ATRN").rep(&[250, 450, 451, 453, 502, 504, 530]),
    cmd("TURN", "RFC 821", "4.1.1", "Asks client and server to swap roles so the client receives mail; insecure without authentication and obsolete.")
        .syn("TURN").rep(&[250, 502]).old(),
    cmd("SEND", "RFC 821", "4.1.1", "Historic: like MAIL, but delivers to the user's terminal; removed in RFC 2821.")
        .syn("SEND FROM:<reverse-path>").rep(&[250, 502]).old(),
    cmd("SOML", "RFC 821", "4.1.1", "Historic: send to the terminal or, failing that, to the mailbox; removed in RFC 2821.")
        .syn("SOML FROM:<reverse-path>").rep(&[250, 502]).old(),
    cmd("SAML", "RFC 821", "4.1.1", "Historic: send to the terminal and to the mailbox; removed in RFC 2821.")
        .syn("SAML FROM:<reverse-path>").rep(&[250, 502]).old(),
    cmd("VERB", "Sendmail", "", "Sendmail's verbose mode: the server reports delivery progress in the session.")
        .syn("VERB").req("VERB").rep(&[250, 502]),
    cmd("ONEX", "Sendmail", "", "Sendmail: the client promises one transaction only in this session.")
        .syn("ONEX").req("ONEX").rep(&[250, 502]),
    cmd("XCLIENT", "Postfix XCLIENT", "", "Lets a trusted proxy or filter override the client's name, address, HELO and login as the server sees them.")
        .syn("XCLIENT attribute=value [SP attribute=value ...]").req("XCLIENT").url(POSTFIX_XCLIENT).rep(&[220, 421, 501, 503, 550])
        .det("On success Postfix replies with a new 220 greeting; attributes: NAME, ADDR, PORT, PROTO, HELO, LOGIN, DESTADDR, DESTPORT, REVERSE_NAME."),
    cmd("XFORWARD", "Postfix XFORWARD", "", "Lets a trusted content filter pass the original client's name, address, HELO and queue id down the chain, for logging.")
        .syn("XFORWARD attribute=value [SP attribute=value ...]").req("XFORWARD").url(POSTFIX_XFORWARD).rep(&[250, 421, 501, 503, 550]),
    cmd("X-ANONYMOUSTLS", "MS-OXSMTP", "", "Exchange: starts TLS without certificate authentication between Exchange servers, before X-EXPS authentication.")
        .syn("X-ANONYMOUSTLS").req("X-ANONYMOUSTLS").url(MS_OXSMTP).rep(&[220, 454, 500, 501]),
    cmd("X-EXPS", "MS-OXSMTP", "", "Exchange: authenticates one Exchange server to another with GSSAPI/Kerberos or NTLM, like AUTH.")
        .syn("X-EXPS mechanism [SP initial-response]").req("X-EXPS").url(MS_OXSMTP).rep(&[235, 334, 504, 535]),
    cmd("X-LINK2STATE", "Exchange 2000/2003", "", "Exchange 2000/2003: exchanges link-state routing information between routing groups.")
        .syn("X-LINK2STATE").req("X-LINK2STATE").rep(&[250, 354, 500]).old(),
    cmd("XEXCH50", "Exchange 2000/2003", "", "Exchange: transfers Exchange-specific message properties (a binary blob) alongside the message, between Exchange servers.")
        .syn("XEXCH50 size 2").req("XEXCH50").rep(&[250, 354, 500, 503, 504]).old(),
    cmd("XSHADOW", EXCHANGE, "", "Exchange 2010 shadow redundancy: asks whether the receiving server keeps a shadow copy of the message until it is delivered.")
        .syn("XSHADOW id").req("XSHADOW").rep(&[250, 500]),
    cmd("XSHADOWREQUEST", EXCHANGE, "", "Exchange 2013+ shadow redundancy: asks the peer server to hold a shadow copy of the message.")
        .syn("XSHADOWREQUEST host;id").req("XSHADOWREQUEST").rep(&[250, 500]),
    cmd("XQDISCARD", EXCHANGE, "", "Exchange shadow redundancy: asks which shadow copies can be discarded because the primary was delivered.")
        .syn("XQDISCARD max").req("XSHADOW").rep(&[250, 500]),
    cmd("XPROXY", EXCHANGE, "", "Exchange front-end proxy: passes the original client's session details to the back-end transport service.")
        .syn("XPROXY attribute=value ...").req("XPROXY").rep(&[250, 500]),
    cmd("XPROXYFROM", EXCHANGE, "", "Exchange front-end proxy: passes the original client's address, port and security state to the back end.")
        .syn("XPROXYFROM attribute=value ...").req("XPROXYFROM").rep(&[250, 500]),
    cmd("XPROXYTO", EXCHANGE, "", "Exchange front-end proxy: names the back-end servers a session is proxied to.")
        .syn("XPROXYTO attribute=value ...").req("XPROXYTO").rep(&[250, 500]),
    cmd("XRSETPROXYTO", EXCHANGE, "", "Exchange front-end proxy: resets the proxy target chosen with XPROXYTO.")
        .syn("XRSETPROXYTO").req("XRSETPROXYTO").rep(&[250, 500]),
    cmd("XSESSIONPARAMS", EXCHANGE, "", "Exchange 2013+: passes session parameters (such as the mailbox database) between transport services.")
        .syn("XSESSIONPARAMS attribute=value ...").req("XSESSIONPARAMS").rep(&[250, 500]),
];

/// MAIL and RCPT parameters: every one defined by an extension in the IANA
/// "SMTP Service Extensions" registry, plus a few common unregistered ones.
pub(super) const PARAMETERS: &[Entry] = &[
    par("SIZE", "RFC 1870", "6", "Declares the message size in bytes so the server can refuse an oversized message before it is sent.")
        .syn("SIZE=bytes").req("SIZE").on(MAIL)
        .det("A declared size over the server's limit gets 552 (permanent) or 452 (temporary, no space)."),
    par("BODY", "RFC 6152", "2", "Declares the body type: 7BIT (plain ASCII), 8BITMIME (8-bit MIME text) or BINARYMIME (raw binary, with BDAT only).")
        .syn("BODY=7BIT | 8BITMIME | BINARYMIME").req("8BITMIME").on(MAIL)
        .det("BINARYMIME is defined by RFC 3030 and needs the BINARYMIME and CHUNKING keywords."),
    par("SMTPUTF8", "RFC 6531", "3.4", "Says the message has UTF-8 addresses or headers, so every hop must support SMTPUTF8 or the message bounces.")
        .syn("SMTPUTF8").req("SMTPUTF8").on(MAIL),
    par("RET", "RFC 3461", "4.3", "Asks a failure DSN to return the FULL message or only its headers (HDRS).")
        .syn("RET=FULL | HDRS").req("DSN").on(MAIL),
    par("ENVID", "RFC 3461", "4.4", "An envelope identifier chosen by the sender, returned in every DSN so the sender can match it to the message.")
        .syn("ENVID=xtext").req("DSN").on(MAIL),
    par("NOTIFY", "RFC 3461", "4.1", "Says when to send a delivery status notification for this recipient: NEVER, or any of SUCCESS, FAILURE, DELAY.")
        .syn("NOTIFY=NEVER | SUCCESS,FAILURE,DELAY").req("DSN").on(RCPT),
    par("ORCPT", "RFC 3461", "4.2", "The original recipient address, as first given, carried along so DSNs can name it after forwarding or aliasing.")
        .syn("ORCPT=addr-type;xtext").req("DSN").on(RCPT),
    par("AUTH", "RFC 4954", "5", "The authenticated identity that submitted the message, passed between trusted servers; <> means unknown.")
        .syn("AUTH=xtext-mailbox | <>").req("AUTH").on(MAIL),
    par("REQUIRETLS", "RFC 8689", "2", "Requires every hop of this message to use verified TLS; a server that cannot comply must bounce it.")
        .syn("REQUIRETLS").req("REQUIRETLS").on(MAIL),
    par("MT-PRIORITY", "RFC 6710", "", "The message's transfer priority, from -9 (lowest) to 9 (highest); 0 is normal.")
        .syn("MT-PRIORITY=[-]digit").req("MT-PRIORITY").on(MAIL),
    par("HOLDFOR", "RFC 4865", "", "Future release: asks the server to hold the message for this many seconds before delivering it.")
        .syn("HOLDFOR=seconds").req("FUTURERELEASE").on(MAIL),
    par("HOLDUNTIL", "RFC 4865", "", "Future release: asks the server to hold the message until this date-time before delivering it.")
        .syn("HOLDUNTIL=date-time").req("FUTURERELEASE").on(MAIL),
    par("BY", "RFC 2852", "", "Deliver-by: deliver within this many seconds or else notify (N) or return (R) the message; T adds trace DSNs.")
        .syn("BY=seconds;R|N[T]").req("DELIVERBY").on(MAIL),
    par("RRVS", "RFC 7293", "", "Require-recipient-valid-since: deliver only if the mailbox has belonged to the same owner since this date-time.")
        .syn("RRVS=date-time[;C|R]").req("RRVS").on(RCPT)
        .det("If ownership changed, R rejects (the default) and C continues delivery without the guarantee when the next hop lacks RRVS."),
    par("MTRK", "RFC 3885", "", "Message tracking: a certifier (hash) and a timeout letting the sender later query the message's status.")
        .syn("MTRK=certifier[:timeout]").req("MTRK").on(MAIL),
    par("SOLICIT", "RFC 3865", "", "Solicitation class keywords the sender applies to the message, so recipients that refuse such mail can reject it.")
        .syn("SOLICIT=keyword[,keyword...]").req("NO-SOLICITING").on(MAIL),
    par("CONPERM", "RFC 4141", "", "Says whether the message content may be converted (for example fax to text) on the way.")
        .syn("CONPERM=yes | no").req("CONPERM").on(MAIL),
    par("CONNEG", "RFC 4141", "", "Asks the server to negotiate content conversion for this recipient before delivery.")
        .syn("CONNEG").req("CONNEG").on(RCPT),
    par("TRANSID", "RFC 1845", "", "Checkpoint/restart: a globally unique transaction id so an interrupted DATA can later resume where it stopped.")
        .syn("TRANSID=<unique-id>").req("CHECKPOINT").on(MAIL),
    par("SUBMITTER", "RFC 4405", "", "The responsible submitter's address (Sender ID), so the receiver can check it instead of the From header.")
        .syn("SUBMITTER=mailbox").req("SUBMITTER").on(MAIL),
    par("ALT-ADDRESS", "RFC 5336", "", "Experimental UTF8SMTP: an ASCII fallback for a UTF-8 recipient address; dropped by RFC 6531.")
        .syn("ALT-ADDRESS=ascii-mailbox").req("UTF8SMTP").on(RCPT).old(),
    par("XOORG", "MS-OXSMTP", "", "Exchange: the originator organization of the message, used to tell internal from external mail across a hybrid link.")
        .syn("XOORG=domain").req("XOORG").url(MS_OXSMTP).on(MAIL),
    par("XSHADOW", EXCHANGE, "", "Exchange: the shadow-redundancy id of the message, tied to the XSHADOW keyword.")
        .syn("XSHADOW=id").req("XSHADOW").on(MAIL),
    par("VERP", "VERP draft", "", "Asks for variable envelope return paths: each recipient's bounce address encodes that recipient (Postfix XVERP).")
        .syn("VERP | XVERP[=+=]").req("VERP").on(MAIL),
    par("XVERP", "Postfix", "", "Postfix's VERP request: each recipient gets a bounce address encoding it (sender+rcpt=domain@...).")
        .syn("XVERP[=+=]").req("XVERP").url("https://www.postfix.org/VERP_README.html").on(MAIL),
];

/// EHLO keywords: the whole IANA "SMTP Service Extensions" registry, then
/// common unregistered ones.
pub(super) const EXTENSIONS: &[Entry] = &[
    ext("SEND", "RFC 821", "4.1.1", "Historic: the server supports SEND, delivery to a user's terminal.").old(),
    ext("SOML", "RFC 821", "4.1.1", "Historic: the server supports SOML, send to terminal or mailbox.").old(),
    ext("SAML", "RFC 821", "4.1.1", "Historic: the server supports SAML, send to terminal and mailbox.").old(),
    ext("VRFY", "RFC 5321", "4.1.1.6", "The server supports VRFY, asking whether a mailbox exists."),
    ext("EXPN", "RFC 5321", "4.1.1.7", "The server supports EXPN, expanding a mailing list."),
    ext("HELP", "RFC 5321", "4.1.1.8", "The server supports HELP."),
    ext("TURN", "RFC 821", "4.1.1", "The server supports TURN, swapping roles; obsolete and insecure.").old(),
    ext("8BITMIME", "RFC 6152", "2", "The server accepts 8-bit MIME message bodies (MAIL parameter BODY=8BITMIME)."),
    ext("SIZE", "RFC 1870", "4", "The server declares its maximum message size in bytes and accepts the SIZE= parameter on MAIL.")
        .syn("SIZE [max-bytes]").det("SIZE 0 or SIZE alone means no fixed limit is announced."),
    ext("VERB", "Sendmail", "", "Sendmail: the server supports VERB, verbose delivery reporting."),
    ext("ONEX", "Sendmail", "", "Sendmail: the server supports ONEX, one transaction per session."),
    ext("CHUNKING", "RFC 3030", "2", "The server accepts the message in BDAT chunks of declared size instead of DATA."),
    ext("BINARYMIME", "RFC 3030", "3", "The server accepts raw binary bodies (BODY=BINARYMIME), sent with BDAT."),
    ext("CHECKPOINT", "RFC 1845", "", "The server can resume an interrupted transfer identified by TRANSID."),
    ext("DELIVERBY", "RFC 2852", "", "The server accepts the BY= parameter (deliver within a time or notify); the value is the shortest BY time it allows.")
        .syn("DELIVERBY [min-seconds]"),
    ext("PIPELINING", "RFC 2920", "3", "The client may send several commands without waiting for each reply (for example MAIL, RCPT, RCPT, DATA)."),
    ext("DSN", "RFC 3461", "3", "The server supports delivery status notifications: RET and ENVID on MAIL, NOTIFY and ORCPT on RCPT."),
    ext("ETRN", "RFC 1985", "", "The server supports ETRN, starting delivery of a domain's queued mail."),
    ext("ENHANCEDSTATUSCODES", "RFC 2034", "", "Replies carry an enhanced status code such as 5.1.1 after the reply code."),
    ext("STARTTLS", "RFC 3207", "2", "The server can upgrade the connection to TLS with the STARTTLS command."),
    ext("NO-SOLICITING", "RFC 3865", "", "The server refuses solicitations of the listed classes; the client may label its message with SOLICIT=.")
        .syn("NO-SOLICITING [keyword,keyword...]"),
    ext("MTRK", "RFC 3885", "", "The server supports message tracking (MTRK= on MAIL)."),
    ext("ATRN", "RFC 2645", "", "The server supports ATRN, authenticated on-demand relay of queued mail."),
    ext("AUTH", "RFC 4954", "3", "The server supports SMTP authentication; the parameters are the SASL mechanisms it offers.")
        .syn("AUTH mechanism [mechanism ...]")
        .det("Offering PLAIN or LOGIN before STARTTLS exposes passwords; most servers list them only after TLS."),
    ext("BURL", "RFC 4468", "", "The server can fetch message content by URL (BURL command); parameters list the URL schemes, like imap.")
        .syn("BURL [imap ...]"),
    ext("FUTURERELEASE", "RFC 4865", "", "The server can hold messages for later release (HOLDFOR/HOLDUNTIL); values are the longest hold in seconds and the latest date-time.")
        .syn("FUTURERELEASE max-interval max-datetime"),
    ext("UTF8SMTP", "RFC 5336", "", "Experimental forerunner of SMTPUTF8 for UTF-8 addresses; obsoleted by RFC 6531.").old(),
    ext("MT-PRIORITY", "RFC 6710", "", "The server honours message transfer priorities (MT-PRIORITY=); the value names its priority policy.")
        .syn("MT-PRIORITY [MIXER | STANAG4406 | NSEP]"),
    ext("CONPERM", "RFC 4141", "", "The server honours content conversion permission (CONPERM= on MAIL)."),
    ext("CONNEG", "RFC 4141", "", "The server can negotiate content conversion per recipient (CONNEG on RCPT)."),
    ext("RRVS", "RFC 7293", "", "The server can check that a recipient mailbox has not changed owner since a date (RRVS= on RCPT)."),
    ext("SMTPUTF8", "RFC 6531", "3.2", "The server accepts UTF-8 in addresses and headers (SMTPUTF8 parameter on MAIL)."),
    ext("REQUIRETLS", "RFC 8689", "2", "The server honours REQUIRETLS: messages that demand TLS on every hop."),
    ext("LIMITS", "RFC 9422", "", "The server announces its session limits, such as RCPTMAX, MAILMAX and RCPTDOMAINMAX.")
        .syn("LIMITS name=value [name=value ...]"),
    ext("SUBMITTER", "RFC 4405", "", "The server accepts the SUBMITTER= parameter (responsible submitter, Sender ID)."),
    // Common unregistered keywords.
    ext("AUTH=LOGIN", "pre-RFC 2554 drafts", "", "The old AUTH=mechanisms form, still sent by some servers for clients written before RFC 2554; means the same as AUTH.")
        .syn("AUTH=mechanism [mechanism ...]").old(),
    ext("XCLIENT", "Postfix XCLIENT", "", "The server lets trusted clients override session attributes with XCLIENT; the parameters list which ones.")
        .url(POSTFIX_XCLIENT).syn("XCLIENT attribute [attribute ...]"),
    ext("XFORWARD", "Postfix XFORWARD", "", "The server lets trusted content filters forward the original client's attributes with XFORWARD.")
        .url(POSTFIX_XFORWARD).syn("XFORWARD attribute [attribute ...]"),
    ext("X-EXPS", "MS-OXSMTP", "", "Exchange: server-to-server authentication with the listed mechanisms (GSSAPI, NTLM).")
        .url(MS_OXSMTP).syn("X-EXPS mechanism [mechanism ...]"),
    ext("X-EXPS=LOGIN", "MS-OXSMTP", "", "Exchange: the old X-EXPS=mechanisms form of X-EXPS.").url(MS_OXSMTP).old(),
    ext("X-ANONYMOUSTLS", "MS-OXSMTP", "", "Exchange: the server supports anonymous TLS between Exchange servers.").url(MS_OXSMTP),
    ext("X-LINK2STATE", "Exchange 2000/2003", "", "Exchange 2000/2003: link-state routing updates between routing groups.").old(),
    ext("XEXCH50", "Exchange 2000/2003", "", "Exchange: transfer of Exchange-specific message properties (XEXCH50 command).").old(),
    ext("XOORG", "MS-OXSMTP", "", "Exchange: the server accepts the XOORG= originator-organization parameter on MAIL.").url(MS_OXSMTP),
    ext("XSHADOW", EXCHANGE, "", "Exchange 2010: shadow redundancy, keeping a copy of a message until the next hop delivers it."),
    ext("XSHADOWREQUEST", EXCHANGE, "", "Exchange 2013+: shadow redundancy requests between transport servers."),
    ext("XRDST", EXCHANGE, "", "Exchange: passes the routing destination between front-end and back-end transport."),
    ext("XPROXY", EXCHANGE, "", "Exchange: front-end proxying of client sessions to the back end."),
    ext("XPROXYFROM", EXCHANGE, "", "Exchange: the front end may pass the original client's details with XPROXYFROM."),
    ext("XPROXYTO", EXCHANGE, "", "Exchange: the server may proxy the session to other servers (XPROXYTO)."),
    ext("XRSETPROXYTO", EXCHANGE, "", "Exchange: the proxy target can be reset with XRSETPROXYTO."),
    ext("XSESSIONPARAMS", EXCHANGE, "", "Exchange 2013+: session parameters can be passed with XSESSIONPARAMS."),
    ext("XSYSPROBE", EXCHANGE, "", "Exchange: accepts system probe messages used for health monitoring."),
    ext("XMSGID", EXCHANGE, "", "Exchange: the message id can be passed in the envelope."),
    ext("PRDR", "PRDR draft", "", "Per-recipient data responses (Exim, draft-hall-prdr): after DATA the server can accept the message for some recipients and refuse it for others."),
    ext("XVERP", "Postfix", "", "Postfix: the client may ask for VERP bounce addresses (XVERP on MAIL).").url("https://www.postfix.org/VERP_README.html"),
    ext("VERP", "VERP draft", "", "The client may ask for variable envelope return paths (VERP on MAIL)."),
    ext("X-RCPTLIMIT", "unregistered", "", "An unregistered announcement of the maximum recipients per message; the standard way is LIMITS RCPTMAX=."),
    ext("XUSR", "Exchange 5.5", "", "Exchange 5.5/IIS: the client may say it is a user (submission) rather than a relay; obsolete.").old(),
    ext("X-TURNME", "Exchange", "", "Exchange: an older, unauthenticated form of reverse delivery, like TURN.").old(),
    ext("TLS", "pre-RFC 2487 drafts", "", "An old name for STARTTLS, from before RFC 2487; means the same.").old(),
];

/// SASL mechanisms seen after AUTH.
pub(super) const MECHANISMS: &[Entry] = &[
    mech("PLAIN", "RFC 4616", "2", "Sends the authorization id, user name and password in one base64 string: the password is readable by anyone who sees it.")
        .sasl(false, false).det("Safe only inside TLS; base64 is an encoding, not encryption."),
    mech("LOGIN", "draft-murchison-sasl-login", "", "Sends the user name and then the password, each base64-encoded in answer to a 334 prompt: the password is readable.")
        .sasl(false, true).url("https://datatracker.ietf.org/doc/html/draft-murchison-sasl-login").det("Never standardised and marked obsolete in the IANA SASL registry; use PLAIN over TLS."),
    mech("CRAM-MD5", "RFC 2195", "2", "The server sends a challenge; the client answers with the user name and an HMAC-MD5 of it keyed with the password.")
        .sasl(false, true).det("The password is not sent, but a captured exchange allows offline guessing and servers must store the plain password; limited use in the IANA registry."),
    mech("DIGEST-MD5", "RFC 2831", "", "A challenge-response based on HTTP digest authentication with MD5.")
        .sasl(true, true).det("Moved to Historic by RFC 6331 for interoperability and security flaws."),
    mech("SCRAM-SHA-1", "RFC 5802", "", "Salted challenge-response with SHA-1: the password is never sent and the server proves it knows it too.")
        .sasl(true, false),
    mech("SCRAM-SHA-1-PLUS", "RFC 5802", "", "SCRAM-SHA-1 bound to the TLS channel, which defeats man-in-the-middle attacks; needs TLS.")
        .sasl(true, false),
    mech("SCRAM-SHA-256", "RFC 7677", "", "Salted challenge-response with SHA-256: the password is never sent and the server proves it knows it too.")
        .sasl(true, false),
    mech("SCRAM-SHA-256-PLUS", "RFC 7677", "", "SCRAM-SHA-256 bound to the TLS channel, which defeats man-in-the-middle attacks; needs TLS.")
        .sasl(true, false),
    mech("SCRAM-SHA-512", "SCRAM-SHA-512 draft", "", "Salted challenge-response with SHA-512 (draft-melnikov-scram-sha-512).")
        .sasl(true, false),
    mech("XOAUTH2", "Google/Microsoft", "", "Sends the user name and an OAuth 2.0 bearer access token in one base64 string (Gmail, Outlook.com).")
        .url("https://developers.google.com/gmail/imap/xoauth2-protocol").sasl(false, false)
        .det("Anyone who sees the token can use it until it expires; safe only inside TLS."),
    mech("OAUTHBEARER", "RFC 7628", "", "The standard form of OAuth 2.0 login: sends a bearer access token, which is usable by anyone who sees it.")
        .sasl(false, false),
    mech("XOAUTH", "Google", "", "Google's older OAuth 1.0 mechanism, replaced by XOAUTH2.").sasl(false, true),
    mech("NTLM", "MS-SMTPNTLM", "", "Microsoft's NTLM challenge-response in three base64 messages (Windows domain logins).")
        .url("https://learn.microsoft.com/en-us/openspecs/exchange_server_protocols/ms-smtpntlm/").sasl(false, true)
        .det("Captured NTLM exchanges can be cracked or relayed; Microsoft is phasing NTLM out in favour of Kerberos."),
    mech("GSSAPI", "RFC 4752", "", "Kerberos 5 login through GSS-API: the client presents a ticket, no password crosses the network.")
        .sasl(true, false),
    mech("GSS-SPNEGO", "MS-SPNG", "", "Negotiates Kerberos or NTLM through SPNEGO (Microsoft).").sasl(true, false),
    mech("GS2-KRB5", "RFC 5801", "", "Kerberos 5 through the GS2 bridge, a simpler successor to GSSAPI.").sasl(true, false),
    mech("GS2-KRB5-PLUS", "RFC 5801", "", "GS2-KRB5 bound to the TLS channel.").sasl(true, false),
    mech("EXTERNAL", "RFC 4422", "Appendix A", "Uses credentials established outside SASL, typically the TLS client certificate; sends no secret.")
        .sasl(true, false),
    mech("ANONYMOUS", "RFC 4505", "2", "Logs in without credentials; the client may send a trace string such as an email address.")
        .sasl(true, false),
    mech("OTP", "RFC 2444", "", "One-time password (S/KEY successor): each password works once, so a captured one cannot be replayed.")
        .sasl(true, false),
    mech("SKEY", "RFC 2222", "7.3", "S/KEY one-time passwords; obsolete, replaced by OTP.").sasl(true, true),
    mech("KERBEROS_V4", "RFC 2222", "7.1", "Kerberos version 4; obsolete and insecure.").sasl(true, true),
    mech("SRP", "SRP draft", "", "Secure Remote Password: a password-authenticated key exchange that sends no password.")
        .sasl(true, false),
];
