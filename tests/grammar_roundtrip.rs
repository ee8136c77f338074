//! Properties of the SMTP grammar: print → parse gives back the command, and
//! no input makes any public grammar function panic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use smtpscope::grammar::{
    decode_base64, decode_xtext, parse_command, parse_ehlo_line, parse_reply_line, print_command,
};
use smtpscope::model::{Attr, Command, Param, Path};

const DOMAIN: &str = "[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?){0,3}";
const XTEXT: &str = "([A-Za-z0-9@.!_-]|\\+[0-9A-F]{2}){1,12}";
const DATE_TIME: &str =
    "20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,3})?(Z|[+-]0[0-9]:[0-5][0-9])";

fn domain_part() -> impl Strategy<Value = (String, bool)> {
    prop_oneof![
        DOMAIN.prop_map(|d| (d, false)),
        "ex[äöü]mple\\.de".prop_map(|d| (d, false)),
        (0u8..=255, 0u8..=255).prop_map(|(a, b)| (format!("[192.0.{a}.{b}]"), true)),
        (1u16..0xffff).prop_map(|n| (format!("[IPv6:2001:db8::{n:x}]"), true)),
    ]
}

fn local_part() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]{1,8}(\\.[a-zA-Z0-9_-]{1,5}){0,2}",
        "\"[a-z @.,]{0,8}\"",
        "[a-zäöüé]{1,6}",
    ]
}

prop_compose! {
    fn mailbox_path()(
        local in local_part(),
        (domain, literal) in domain_part(),
        route in vec(DOMAIN, 0..3),
        bare in any::<bool>(),
    ) -> Path {
        let address = format!("{local}@{domain}");
        // A source route only exists inside angle brackets.
        let bare = bare && route.is_empty();
        let raw = if bare {
            address.clone()
        } else if route.is_empty() {
            format!("<{address}>")
        } else {
            let hosts: Vec<String> = route.iter().map(|h| format!("@{h}")).collect();
            format!("<{}:{address}>", hosts.join(","))
        };
        let mut path = Path::new(&raw, &local, &domain);
        path.utf8 = !address.is_ascii();
        path.quoted = local.starts_with('"');
        path.address_literal = literal;
        path.source_route = route;
        path.bare = bare;
        path
    }
}

fn reverse_path() -> impl Strategy<Value = Path> {
    prop_oneof![
        1 => Just({
            let mut null = Path::new("<>", "", "");
            null.null = true;
            null
        }),
        4 => mailbox_path(),
    ]
}

fn xtext_pair() -> impl Strategy<Value = (String, String)> {
    XTEXT.prop_map(|raw| {
        let decoded = decode_xtext(&raw);
        (raw, decoded)
    })
}

fn param() -> impl Strategy<Value = Param> {
    prop_oneof![
        any::<u64>().prop_map(|value| Param::Size { value }),
        prop_oneof![Just("7BIT"), Just("8BITMIME"), Just("BINARYMIME")].prop_map(|v| Param::Body {
            value: v.to_string()
        }),
        Just(Param::Smtputf8),
        prop_oneof![Just("FULL"), Just("HDRS")].prop_map(|v| Param::Ret {
            value: v.to_string()
        }),
        xtext_pair().prop_map(|(raw, decoded)| Param::Envid { raw, decoded }),
        prop_oneof![
            Just(vec!["NEVER"]),
            (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(s, f, d)| {
                let mut v = Vec::new();
                if s {
                    v.push("SUCCESS")
                }
                if f {
                    v.push("FAILURE")
                }
                if d || v.is_empty() {
                    v.push("DELAY")
                }
                v
            }),
        ]
        .prop_map(|v| Param::Notify {
            values: v.into_iter().map(String::from).collect()
        }),
        ("[a-zA-Z0-9]{1,8}", xtext_pair()).prop_map(|(addr_type, (raw, decoded))| Param::Orcpt {
            addr_type,
            raw,
            decoded
        }),
        prop_oneof![Just(("<>".to_string(), "<>".to_string())), xtext_pair(),]
            .prop_map(|(raw, decoded)| Param::Auth { raw, decoded }),
        Just(Param::Requiretls),
        (-9i32..=9).prop_map(|value| Param::MtPriority { value }),
        any::<u64>().prop_map(|seconds| Param::Holdfor { seconds }),
        DATE_TIME.prop_map(|value| Param::Holduntil { value }),
        (
            -999_999_999i64..=999_999_999,
            prop_oneof![Just("R"), Just("N")],
            any::<bool>()
        )
            .prop_map(|(time, mode, trace)| Param::By {
                time,
                mode: mode.to_string(),
                trace
            }),
        (DATE_TIME, option::of(prop_oneof![Just("C"), Just("R")])).prop_map(|(time, a)| {
            Param::Rrvs {
                time,
                action: a.map(String::from),
            }
        }),
        ("X-[A-Z0-9]{1,6}", option::of("[a-zA-Z0-9.:]{1,8}"))
            .prop_map(|(keyword, value)| Param::Other { keyword, value }),
    ]
}

fn attrs() -> impl Strategy<Value = Vec<Attr>> {
    vec(
        ("[A-Z][A-Z0-9_-]{0,7}", any::<String>()).prop_map(|(name, value)| Attr { name, value }),
        1..4,
    )
}

fn command() -> impl Strategy<Value = Command> {
    let words = "[A-Za-z0-9]{1,8}( [A-Za-z0-9@.]{1,6}){0,2}";
    prop_oneof![
        DOMAIN.prop_map(|domain| Command::Helo { domain }),
        domain_part().prop_map(|(domain, _)| Command::Ehlo { domain }),
        DOMAIN.prop_map(|domain| Command::Lhlo { domain }),
        (reverse_path(), vec(param(), 0..5)).prop_map(|(path, params)| Command::Mail {
            path: Box::new(path),
            params
        }),
        (mailbox_path(), vec(param(), 0..5)).prop_map(|(path, params)| Command::Rcpt {
            path: Box::new(path),
            params
        }),
        Just(Command::Data),
        Just(Command::Rset),
        Just(Command::Quit),
        Just(Command::Starttls),
        words.prop_map(|arg| Command::Vrfy { arg }),
        words.prop_map(|arg| Command::Expn { arg }),
        option::of(words).prop_map(|topic| Command::Help { topic }),
        option::of(words).prop_map(|arg| Command::Noop { arg }),
        (
            "[A-Z0-9_-]{1,20}",
            option::of(prop_oneof![
                Just("=".to_string()),
                "[A-Za-z0-9+/]{4,40}={0,2}"
            ]),
        )
            .prop_map(|(mechanism, initial_response)| Command::Auth {
                mechanism,
                initial_response
            }),
        (any::<u64>(), any::<bool>()).prop_map(|(size, last)| Command::Bdat { size, last }),
        "[@#]?[a-z0-9]{1,8}(\\.[a-z]{2,4})?".prop_map(|node| Command::Etrn { node }),
        vec(DOMAIN, 0..4).prop_map(|domains| Command::Atrn { domains }),
        (
            "imap://[a-z]{1,6}(@[a-z.]{1,8})?/[A-Za-z0-9;=/]{1,12}",
            any::<bool>()
        )
            .prop_map(|(url, last)| Command::Burl { url, last }),
        attrs().prop_map(|attrs| Command::Xclient { attrs }),
        attrs().prop_map(|attrs| Command::Xforward { attrs }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn print_then_parse_gives_the_command(c in command()) {
        let wire = print_command(&c);
        let parsed = parse_command(&wire);
        prop_assert_eq!(&parsed.command, &c, "wire form {:?}", wire);
        // The canonical form is RFC syntax: the only leniency it may need is
        // a path without angle brackets, when the command had one.
        for q in &parsed.quirks {
            prop_assert!(
                matches!(q.id, "path-bare" | "source-route"),
                "unexpected quirk {} for {:?}", q.id, wire
            );
        }
    }

    #[test]
    fn nothing_panics_on_any_string(s in any::<String>()) {
        let _ = parse_command(&s);
        let _ = parse_reply_line(&s);
        let _ = parse_ehlo_line(&s, 1);
        let _ = decode_base64(&s);
        let _ = decode_xtext(&s);
    }

    #[test]
    fn nothing_panics_on_smtp_like_lines(
        head in prop_oneof![
            Just(""), Just("MAIL FROM:"), Just("RCPT TO:"), Just("MAIL FROM: <"),
            Just("RCPT TO:<@"), Just("EHLO "), Just("AUTH "), Just("BDAT "),
            Just("XCLIENT "), Just("ATRN "), Just("BURL "), Just("250"), Just("550-5."),
            Just("250 2.1."), Just("AUTH="),
        ],
        tail in "[<>@\\[\\]:.,;=+\"\\\\ a-zA-Z0-9\t\u{e9}\u{1f600}-]{0,40}",
    ) {
        let line = format!("{head}{tail}");
        let parsed = parse_command(&line);
        // Every command that parses prints to something that parses the same.
        if !matches!(parsed.command, Command::Invalid { .. } | Command::Unknown { .. }) {
            let wire = print_command(&parsed.command);
            let again = parse_command(&wire).command;
            prop_assert_eq!(&again, &parsed.command, "line {:?}", line);
        }
        let _ = parse_reply_line(&line);
        let _ = parse_ehlo_line(&line, 1);
        let _ = decode_base64(&line);
        let _ = decode_xtext(&line);
    }
}
