//! `parse` finishes, explains and lints a big input's sessions on a second
//! thread: what it gives must be exactly what one thread gives, for every
//! kind of input and option.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../benches/support/gen.rs"]
mod gen;
mod support;

use smtpscope::{parse, parse_on_one_thread, Options, Transcript};

/// Sessions, unassigned events, diagnostics: all of it, compared one field
/// at a time so that a failure says where.
fn assert_same(name: &str, two: &Transcript, one: &Transcript) {
    assert_eq!(two.format, one.format, "{name}: format");
    assert_eq!(two.sessions.len(), one.sessions.len(), "{name}: sessions");
    for (i, (a, b)) in two.sessions.iter().zip(&one.sessions).enumerate() {
        assert_eq!(a, b, "{name}: session {i}");
    }
    assert_eq!(two.unassigned, one.unassigned, "{name}: unassigned");
    assert_eq!(two.diagnostics, one.diagnostics, "{name}: diagnostics");
    assert_eq!(two, one, "{name}");
}

/// Inputs big enough for the second thread (20 000 frames: a line is at
/// least one frame), of each generated shape.
fn inputs() -> Vec<(&'static str, String)> {
    let inputs = vec![
        ("rfc", gen::rfc(5, 1_000_000)),
        ("swaks", gen::swaks(6, 1_000_000)),
        ("postfix", gen::postfix(7, 3_000_000)),
    ];
    for (name, text) in &inputs {
        assert!(text.lines().count() > 21_000, "{name}: too small");
    }
    inputs
}

#[test]
fn two_threads_give_what_one_gives() {
    for (name, text) in inputs() {
        let t = parse(&text, &Options::default());
        assert!(
            t.sessions.len() > 100,
            "{name}: {} sessions",
            t.sessions.len()
        );
        assert!(
            !t.diagnostics.is_empty(),
            "{name}: no diagnostics to compare"
        );
        assert_same(name, &t, &parse_on_one_thread(&text, &Options::default()));
    }
}

#[test]
fn with_parts_shown_secrets_and_redaction_too() {
    let options = [
        Options {
            parts: true,
            show_secrets: true,
            ..Options::default()
        },
        Options {
            redact: true,
            ..Options::default()
        },
    ];
    for (name, text) in inputs() {
        for o in &options {
            assert_same(name, &parse(&text, o), &parse_on_one_thread(&text, o));
        }
    }
}

#[test]
fn a_log_of_many_short_sessions_and_a_cut_one() {
    // The last session is cut off mid-reply: it is finished with the rest
    // at the end of the input, after the others went to the second thread.
    let mut text = gen::postfix(9, 3_000_000);
    text.push_str(
        "Nov 28 23:59:59 mail postfix/smtpd[99999]: connect from x.example[192.0.2.99]\n",
    );
    let t = parse(&text, &Options::default());
    assert_same(
        "cut log",
        &t,
        &parse_on_one_thread(&text, &Options::default()),
    );
}

/// A paste is cut in two near the middle, where a greeting follows a 221
/// reply; here every such greeting lies inside one long session (its 221
/// answered a NOOP, so the session goes on), and the cut must be undone:
/// the same sessions as on one thread, the long one whole.
#[test]
fn a_paste_cut_inside_a_session_gives_what_one_thread_gives() {
    let mut text = String::from(
        "S: 220 mx.example.test ESMTP\nC: EHLO client.example\nS: 250 mx.example.test\n",
    );
    for i in 0..8_000 {
        text.push_str(&format!(
            "C: NOOP\nS: 221 2.0.0 odd but not closing\nS: 220 mx.example.test again\nC: MAIL FROM:<a{i}@example.test>\nS: 250 2.1.0 Ok\n"
        ));
    }
    text.push_str("C: QUIT\nS: 221 2.0.0 Bye\n");
    for i in 0..200 {
        text.push_str(&format!(
            "S: 220 mx.example.test ESMTP\nC: EHLO c{i}.example\nS: 250 mx.example.test\nC: QUIT\nS: 221 2.0.0 Bye\n"
        ));
    }
    assert!(text.lines().count() > 40_000);
    let t = parse(&text, &Options::default());
    assert_eq!(t.format, "rfc");
    assert_eq!(t.sessions.len(), 201, "the long session and 200 short ones");
    assert!(t.sessions[0].events.len() > 40_000);
    assert_same(
        "cut inside",
        &t,
        &parse_on_one_thread(&text, &Options::default()),
    );
}

/// Every fixture, of every format, repeated into an input big enough for
/// the second thread: a paste is cut in two wherever the format's frames
/// suggest a new session, and must still give what one thread gives.
#[test]
fn every_fixture_repeated_gives_what_one_thread_gives() {
    let files = support::fixture_files(support::is_text);
    assert!(files.len() > 40, "{} fixtures", files.len());
    for path in files {
        let Ok(one) = std::fs::read_to_string(&path) else {
            continue;
        };
        let mut one = one;
        if !one.ends_with('\n') {
            one.push('\n');
        }
        let lines = one.lines().count().max(1);
        let text = one.repeat(21_000 / lines + 1);
        let name = path.display().to_string();
        assert_same(
            &name,
            &parse(&text, &Options::default()),
            &parse_on_one_thread(&text, &Options::default()),
        );
    }
}

/// A big input's format is scored by two threads sharing the formats
/// (`SharedDetection`): every fixture's scores are what one thread's
/// `detect` gives, however the formats fall to the threads, and when no
/// thread helped at all.
#[test]
fn formats_scored_by_two_threads_rank_as_one_thread_ranks_them() {
    use smtpscope::formats::{detect, SharedDetection};
    let names = |ranked: Vec<(&'static dyn smtpscope::formats::Format, u8)>| {
        ranked
            .into_iter()
            .map(|(f, score)| (f.name(), score))
            .collect::<Vec<_>>()
    };
    let files = support::fixture_files(support::is_text);
    assert!(files.len() > 40, "{} fixtures", files.len());
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let lines = smtpscope::input::split_lines(&text);
        let want = names(detect(&lines));
        let shared = SharedDetection::new();
        std::thread::scope(|scope| {
            let other = scope.spawn(|| shared.help(&lines));
            shared.help(&lines);
            other.join().unwrap();
        });
        assert_eq!(names(shared.ranked(&lines)), want, "{}", path.display());
        let alone = SharedDetection::new();
        assert_eq!(
            names(alone.ranked(&lines)),
            want,
            "{}: no help",
            path.display()
        );
    }
}
