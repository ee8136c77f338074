//! The thin wasm-bindgen layer: `parse`, `explain`, `explainToken`,
//! `formats`, `maskSecrets`, `exportAs`, `version`, and `Parsed` (a parse
//! result kept in the module, read a session at a time).
//!
//! `parse` (and `Parsed`'s `full` and `session`) return exactly what the
//! CLI prints with `--json`, as plain JS objects (`null` rather than
//! `undefined`, objects rather than Maps); `Parsed`'s summary is described
//! in `crate::summary`.

use crate::model::{EnhancedStatus, Options};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The allocator of the wasm module: talc instead of std's dlmalloc.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The value as a plain JS object, made by `JSON.parse` of the JSON text the
/// CLI prints. Building the object field by field from Rust (as
/// serde-wasm-bindgen does) crosses into JS for every field and string, and
/// was most of the wasm parse time; one JSON text and one `JSON.parse` is a
/// few times faster, and the object is the CLI's by construction.
///
/// serde_json's error is not formatted: writing our derived types to a
/// `Vec` cannot fail (no map has non-string keys), and its `Display` would
/// bring every serde_json error message into the module.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let json =
        serde_json::to_string(value).map_err(|_| JsError::new("could not convert the result"))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("could not convert the result"))
}

/// A small value (an explanation, the format list) as a plain JS object,
/// built directly by serde-wasm-bindgen: no JSON text in between. (Its
/// own copy of those few types' `Serialize` code is about 2 KB of the
/// module.)
fn to_js_small<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&ser)
        .map_err(|_| JsError::new("could not convert the result"))
}

/// Read the options object of `parse`, `maskSecrets` and `exportAs`:
/// `{ format?: string, showSecrets?, redact?, parts?: boolean }`;
/// `undefined` and `null` (for the object or a field) mean the defaults,
/// and unknown fields are ignored, as `Options`' serde derive does natively.
///
/// Read field by field rather than through serde: a serde `Deserializer`
/// brings its number parsing and its error messages (which print floats with
/// core's float formatting) into the module, about 20 KB for four fields.
/// `tests/wasm.rs` checks that every field of `Options` is read here.
pub fn read_options(options: &JsValue) -> Result<Options, JsError> {
    let mut out = Options::default();
    if options.is_undefined() || options.is_null() {
        return Ok(out);
    }
    if !options.is_object() {
        return Err(JsError::new("invalid options: expected an object"));
    }
    let field = |name: &str| -> Result<Option<JsValue>, JsError> {
        let v = js_sys::Reflect::get(options, &JsValue::from_str(name))
            .map_err(|_| JsError::new(&format!("invalid options: cannot read {name}")))?;
        Ok(Some(v).filter(|v| !v.is_undefined() && !v.is_null()))
    };
    let flag = |name: &str, default: bool| -> Result<bool, JsError> {
        match field(name)? {
            None => Ok(default),
            Some(v) => v.as_bool().ok_or_else(|| {
                JsError::new(&format!("invalid options: {name} must be true or false"))
            }),
        }
    };
    if let Some(v) = field("format")? {
        out.format = Some(
            v.as_string()
                .ok_or_else(|| JsError::new("invalid options: format must be a string"))?,
        );
    }
    out.show_secrets = flag("showSecrets", out.show_secrets)?;
    out.redact = flag("redact", out.redact)?;
    out.parts = flag("parts", out.parts)?;
    Ok(out)
}

/// The largest input the wasm build parses. The parse result takes many
/// times the input's size in memory, and a browser tab has a few GB at
/// most: past this, the page would crash instead of answering.
pub const MAX_INPUT_BYTES: usize = 48 * 1024 * 1024;

/// Refuse an input of `len` bytes over [`MAX_INPUT_BYTES`].
fn check_size(len: usize) -> Result<(), JsError> {
    if len > MAX_INPUT_BYTES {
        return Err(JsError::new(&format!(
            "This input is {} MB; the page reads up to {} MB. Use the command line for big logs: smtpscope parse FILE --json",
            len / (1024 * 1024),
            MAX_INPUT_BYTES / (1024 * 1024)
        )));
    }
    Ok(())
}

/// Parse a pasted transcript. `options` is `{ format?: string,
/// showSecrets?: boolean }` or undefined.
#[wasm_bindgen]
pub fn parse(text: String, options: JsValue) -> Result<JsValue, JsError> {
    check_size(text.len())?;
    let options = read_options(&options)?;
    to_js(&crate::parse_owned(text, &options))
}

/// A parse result kept in the module's memory, for a page that shows a big
/// input one session at a time (see `crate::summary`). Building the JS
/// objects of a whole log was most of the time the page took to show one:
/// for 4 MB of RFC-style sessions, `parse` spends a quarter of its time
/// parsing and the rest writing JSON, decoding it and building the objects.
///
/// ```js
/// const p = new Parsed(text, options);   // as for parse()
/// Parsed.fromBytes(bytes, options);       // the same from UTF-8 bytes
/// p.summary(0);        // the transcript, sessions but the first as briefs
/// p.summaryJson(0);    // the same as JSON text (Uint8Array)
/// p.summaryPieces(0, 1000); // [that text, Uint32Array of where to cut it]
/// p.session(i);        // session i, exactly as parse(text).sessions[i]
/// p.lineSessions();    // Int32Array: line number -> session index, or -1
/// p.json(true);        // Uint8Array: the JSON text the CLI prints
/// p.full();            // exactly what parse(text, options) returns
/// p.free();            // give the memory back
/// ```
#[wasm_bindgen]
pub struct Parsed {
    transcript: crate::Transcript,
}

#[wasm_bindgen]
impl Parsed {
    #[wasm_bindgen(constructor)]
    pub fn new(text: String, options: JsValue) -> Result<Parsed, JsError> {
        check_size(text.len())?;
        let options = read_options(&options)?;
        Ok(Parsed {
            transcript: crate::parse_owned(text, &options),
        })
    }

    /// The same from the input's UTF-8 bytes (`TextEncoder`'s), as
    /// `parse_bytes` reads them (invalid UTF-8 replaced, and said). A
    /// string passed to the module is copied in by a loop of JavaScript
    /// over its characters, a tenth of a 1 MB parse in Node's profiler;
    /// bytes are copied in one go. (Taken as a `Vec`, the copy is the
    /// parse's own: its source lines share it.)
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: Vec<u8>, options: JsValue) -> Result<Parsed, JsError> {
        check_size(bytes.len())?;
        let options = read_options(&options)?;
        Ok(Parsed {
            transcript: crate::parse_bytes_owned(bytes, &options),
        })
    }

    /// Number of sessions.
    #[wasm_bindgen(getter, js_name = sessionCount)]
    pub fn session_count(&self) -> usize {
        self.transcript.sessions.len()
    }

    /// The transcript with every session but `shown` as its brief.
    pub fn summary(&self, shown: usize) -> Result<JsValue, JsError> {
        to_js(&crate::summary::summary(&self.transcript, shown))
    }

    /// [`Parsed::summary`] as JSON text (UTF-8), for a worker to post as
    /// bytes (a transfer, not a copy) and the page to `JSON.parse`: posting
    /// the objects made the receiving thread rebuild them, which took
    /// longer than reading the text.
    #[wasm_bindgen(js_name = summaryJson)]
    pub fn summary_json(&self, shown: usize) -> Result<Vec<u8>, JsError> {
        serde_json::to_vec(&crate::summary::summary(&self.transcript, shown))
            .map_err(|_| JsError::new("could not convert the result"))
    }

    /// [`Parsed::summary_json`] with where to cut it (see
    /// `crate::summary::summary_json_pieces`): `[json, breaks]`, a
    /// `Uint8Array` and a `Uint32Array`, pieces of `per` sessions.
    #[wasm_bindgen(js_name = summaryPieces)]
    pub fn summary_pieces(&self, shown: usize, per: usize) -> js_sys::Array {
        let (json, breaks) = crate::summary::summary_json_pieces(&self.transcript, shown, per);
        js_sys::Array::of2(
            &js_sys::Uint8Array::from(&json[..]),
            &js_sys::Uint32Array::from(&breaks[..]),
        )
    }

    /// Session `index`, as `parse` gives it.
    pub fn session(&self, index: usize) -> Result<JsValue, JsError> {
        let s = self
            .transcript
            .sessions
            .get(index)
            .ok_or_else(|| JsError::new(&format!("no session {index}")))?;
        to_js(s)
    }

    /// Line number -> index of the session with that line, or -1.
    #[wasm_bindgen(js_name = lineSessions)]
    pub fn line_sessions(&self) -> Vec<i32> {
        crate::summary::line_sessions(&self.transcript)
    }

    /// The transcript as JSON text (UTF-8), indented when `pretty`.
    pub fn json(&self, pretty: bool) -> Result<Vec<u8>, JsError> {
        let compact = serde_json::to_vec(&self.transcript)
            .map_err(|_| JsError::new("could not convert the result"))?;
        Ok(if pretty {
            crate::summary::indent_json(&compact)
        } else {
            compact
        })
    }

    /// The whole transcript, as `parse` returns it.
    pub fn full(&self) -> Result<JsValue, JsError> {
        to_js(&self.transcript)
    }
}

/// Explain a reply code, an optional enhanced status code and text.
#[wasm_bindgen]
pub fn explain(
    code: Option<u16>,
    enhanced: Option<String>,
    text: Option<String>,
) -> Result<JsValue, JsError> {
    let enhanced = match enhanced.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(s.parse::<EnhancedStatus>().map_err(|e| JsError::new(&e))?),
        None => None,
    };
    to_js_small(&crate::explain(
        code,
        enhanced,
        text.as_deref().unwrap_or(""),
    ))
}

/// Explain one token: a verb, parameter, EHLO keyword, SASL mechanism,
/// reply code or enhanced status code, or an id from an event's `parts`
/// (`"param:SIZE"`). Returns `null` when nothing is known.
#[wasm_bindgen(js_name = explainToken)]
pub fn explain_token(query: &str) -> Result<JsValue, JsError> {
    to_js_small(&crate::knowledge::explain_any(query))
}

/// One input format, for the page's format selector.
#[derive(Serialize)]
struct FormatInfo {
    name: &'static str,
    description: &'static str,
}

/// Every input format `parse` accepts as `options.format`, as
/// `[{ name, description }]`, in the order `smtpscope formats` lists them.
#[wasm_bindgen]
pub fn formats() -> Result<JsValue, JsError> {
    let list: Vec<FormatInfo> = crate::formats::all()
        .iter()
        .map(|f| FormatInfo {
            name: f.name(),
            description: f.description(),
        })
        .collect();
    to_js_small(&list)
}

/// The input with AUTH secrets replaced by the mask, for sharing (the
/// page's permalink carries this, never the secret).
#[wasm_bindgen(js_name = maskSecrets)]
pub fn mask_secrets(text: &str, options: JsValue) -> Result<String, JsError> {
    check_size(text.len())?;
    let options = read_options(&options)?;
    Ok(crate::mask_secrets(text, &options))
}

/// The smtpscope version.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// Export a transcript: `kind` is `"cs"`, `"mermaid"`, `"swaks"` or
/// `"json"`; `options` as for `parse`. Returns the text.
#[wasm_bindgen(js_name = exportAs)]
pub fn export_as(text: &str, options: JsValue, kind: &str) -> Result<String, JsError> {
    check_size(text.len())?;
    let options = read_options(&options)?;
    let t = crate::parse(text, &options);
    if kind.eq_ignore_ascii_case("json") {
        let value = to_js(&t)?;
        let s = js_sys::JSON::stringify_with_replacer_and_space(
            &value,
            &JsValue::NULL,
            &JsValue::from(2),
        )
        .map_err(|_| JsError::new("could not convert the result to JSON"))?;
        return Ok(String::from(s));
    }
    let kind = crate::export::ExportKind::from_name(kind).ok_or_else(|| {
        JsError::new(&format!(
            "unknown export kind {}: cs, mermaid, swaks or json",
            crate::quoted(kind)
        ))
    })?;
    Ok(crate::export::export(&t, kind))
}
