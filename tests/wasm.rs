//! The wasm `parse` export returns, as a JS value, exactly what the native
//! parser returns and what the native CLI prints with `--json`.
//!
//! Runs under Node: `make test-wasm` (cargo's wasm32 runner is
//! `wasm-bindgen-test-runner`). Each input in `tests/fixtures/wasm/` has a
//! `.json` beside it, written by the native CLI (`make wasm-fixtures`); when
//! the parser's output changes on purpose, regenerate them and review the diff.

#![cfg(target_arch = "wasm32")]
// Test code: clippy.toml allows these in #[test] functions only, and clippy
// does not see #[wasm_bindgen_test] functions and their helpers as tests.
#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

use serde_json::Value;
use smtpscope::{Options, Transcript};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// (name, input, what `smtpscope parse NAME.txt --json` printed)
const FIXTURES: &[(&str, &str, &str)] = &[
    (
        "swaks-delivered",
        include_str!("fixtures/wasm/swaks-delivered.txt"),
        include_str!("fixtures/wasm/swaks-delivered.json"),
    ),
    (
        "swaks-550",
        include_str!("fixtures/wasm/swaks-550.txt"),
        include_str!("fixtures/wasm/swaks-550.json"),
    ),
    (
        "rfc5321-d1",
        include_str!("fixtures/wasm/rfc5321-d1.txt"),
        include_str!("fixtures/wasm/rfc5321-d1.json"),
    ),
];

/// JSON text of what the wasm `parse` export returns to JavaScript.
fn wasm_parse_json(text: &str, options: JsValue) -> String {
    let value = match smtpscope::wasm::parse(text.to_string(), options) {
        Ok(v) => v,
        Err(e) => panic!("wasm parse failed: {:?}", JsValue::from(e)),
    };
    let json = js_sys::JSON::stringify(&value).expect("JSON.stringify");
    json.as_string().expect("a string")
}

/// Numbers compared as f64: JavaScript writes `1`, serde_json `1.0`, for the
/// same f64 (`timeMs`).
fn normalise(v: Value) -> Value {
    match v {
        Value::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        Value::Array(a) => Value::Array(a.into_iter().map(normalise).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, normalise(v))).collect()),
        other => other,
    }
}

fn parsed(json: &str) -> Value {
    normalise(serde_json::from_str(json).expect("valid JSON"))
}

#[wasm_bindgen_test]
fn wasm_parse_equals_native_parse_and_cli_json() {
    // With the token parts, as the page asks for them on a paste (the
    // fixtures are `--json --parts`).
    let with_parts = Options {
        parts: true,
        ..Options::default()
    };
    for (name, input, cli_json) in FIXTURES {
        let options = js_sys::JSON::parse(r#"{"parts":true}"#).expect("options");
        let from_wasm = parsed(&wasm_parse_json(input, options));
        let native = normalise(
            serde_json::to_value(smtpscope::parse(input, &with_parts)).expect("to_value"),
        );
        let from_cli = parsed(cli_json);
        assert_eq!(from_wasm, native, "{name}: wasm parse != native parse");
        assert_eq!(
            from_wasm, from_cli,
            "{name}: wasm parse != tests/fixtures/wasm/{name}.json (stale? run `make wasm-fixtures` and review the diff)"
        );
        // The JSON the CLI wrote is a Transcript, with every line accounted for.
        let t: Transcript = serde_json::from_str(cli_json).expect("a Transcript");
        assert_eq!(
            t.line_count as usize,
            input.lines().count(),
            "{name}: line count"
        );
        assert!(!t.sessions.is_empty(), "{name}: no session");
    }
}

#[wasm_bindgen_test]
fn wasm_parse_reads_options() {
    // `null` and `undefined` both mean the default options.
    let (_, input, _) = FIXTURES[2];
    assert_eq!(
        parsed(&wasm_parse_json(input, JsValue::NULL)),
        parsed(&wasm_parse_json(input, JsValue::UNDEFINED))
    );
    // A forced format is reported as forced, with the name as given.
    let options = js_sys::JSON::parse(r#"{"format":"raw"}"#).expect("options");
    let forced = parsed(&wasm_parse_json(input, options));
    assert_eq!(forced["format"], "raw");
    assert_eq!(forced["detection"]["forced"], true);
    let native = smtpscope::parse(
        input,
        &Options {
            format: Some("raw".into()),
            ..Options::default()
        },
    );
    assert_eq!(
        forced,
        normalise(serde_json::to_value(native).expect("to_value"))
    );
}

#[wasm_bindgen_test]
fn wasm_parse_rejects_bad_options() {
    for bad in [
        r#"{"showSecrets":"yes"}"#,
        r#"{"parts":1}"#,
        r#"{"format":7}"#,
        r#""raw""#,
    ] {
        let options = js_sys::JSON::parse(bad).expect("options");
        assert!(
            smtpscope::wasm::parse("C: QUIT\n".to_string(), options).is_err(),
            "{bad}"
        );
    }
}

/// The wasm reads options field by field (not through serde): every field
/// of `Options`, as the native serde derive writes it, must come back.
#[wasm_bindgen_test]
fn wasm_reads_every_option() {
    let all = Options {
        format: Some("raw".into()),
        show_secrets: true,
        redact: true,
        parts: true,
    };
    let json = serde_json::to_string(&all).expect("to_string");
    let value = js_sys::JSON::parse(&json).expect("JSON.parse");
    match smtpscope::wasm::read_options(&value) {
        Ok(read) => assert_eq!(read, all, "{json}"),
        Err(e) => panic!("read_options failed: {:?}", JsValue::from(e)),
    }
    // Unknown fields are ignored, as serde does natively.
    let value = js_sys::JSON::parse(r#"{"parts":true,"future":1}"#).expect("JSON.parse");
    assert!(smtpscope::wasm::read_options(&value).is_ok());
}

#[wasm_bindgen_test]
fn wasm_version_is_the_crate_version() {
    assert_eq!(smtpscope::wasm::version(), smtpscope::VERSION);
}

#[wasm_bindgen_test]
fn wasm_explain_returns_the_native_explanation() {
    let value = match smtpscope::wasm::explain(
        Some(550),
        Some("5.1.1".into()),
        Some("User unknown".into()),
    ) {
        Ok(v) => v,
        Err(e) => panic!("wasm explain failed: {:?}", JsValue::from(e)),
    };
    let json = js_sys::JSON::stringify(&value)
        .expect("stringify")
        .as_string()
        .expect("string");
    let native = smtpscope::explain(Some(550), "5.1.1".parse().ok(), "User unknown");
    assert_eq!(
        parsed(&json),
        normalise(serde_json::to_value(native).expect("to_value"))
    );
    // A malformed enhanced code is an error, not a panic.
    assert!(smtpscope::wasm::explain(Some(550), Some("9.9".into()), None).is_err());
}

#[wasm_bindgen_test]
fn wasm_parse_refuses_input_too_big_for_a_tab() {
    let big = "x".repeat(smtpscope::wasm::MAX_INPUT_BYTES + 1);
    let err = smtpscope::wasm::parse(big, JsValue::UNDEFINED).expect_err("refused");
    let msg = js_sys::Reflect::get(&JsValue::from(err), &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default();
    assert!(msg.contains("smtpscope parse FILE"), "{msg}");
}
