//! Following an AUTH exchange (RFC 4954): who logged in, and which client
//! lines are secrets that must be masked.

use crate::grammar::decode_base64;
use crate::model::AuthInfo;

/// What we know of an AUTH exchange in progress.
#[derive(Debug, Clone)]
pub struct AuthState {
    mechanism: String,
    line: u32,
    user: Option<String>,
    secret: Option<String>,
    /// Decoded text of the last 334 challenge.
    last_challenge: Option<String>,
    responses: u32,
    saw_secret: bool,
}

impl AuthState {
    pub fn new(mechanism: &str, line: u32) -> Self {
        AuthState {
            mechanism: mechanism.to_ascii_uppercase(),
            line,
            user: None,
            secret: None,
            last_challenge: None,
            responses: 0,
            saw_secret: false,
        }
    }

    /// The initial response of `AUTH mech ir`. Returns true when it is a
    /// secret to mask.
    pub fn initial_response(&mut self, ir: &str) -> bool {
        if ir == "=" {
            return false;
        }
        self.read(ir)
    }

    /// A client response line. Returns true when it is a secret to mask.
    pub fn response(&mut self, text: &str) -> bool {
        if text == "*" || text.is_empty() {
            self.responses += 1;
            return false;
        }
        self.read(text)
    }

    /// The decoded text of a 334 challenge.
    pub fn challenge(&mut self, decoded: Option<&str>) {
        self.last_challenge = decoded.map(str::to_string);
    }

    fn read(&mut self, b64: &str) -> bool {
        let decoded = decode_base64(b64).map(|b| String::from_utf8_lossy(&b).into_owned());
        let n = self.responses;
        self.responses += 1;
        let secret = match self.mechanism.as_str() {
            "LOGIN" => {
                let asks_user = match self.last_challenge.as_deref() {
                    Some(c) => c.to_ascii_lowercase().contains("user"),
                    None => n == 0,
                };
                if asks_user {
                    self.user = decoded;
                    false
                } else {
                    self.secret = decoded;
                    true
                }
            }
            "PLAIN" => {
                if let Some(d) = decoded {
                    // authzid NUL authcid NUL passwd
                    let mut parts = d.split('\0');
                    let authzid = parts.next().unwrap_or("");
                    let authcid = parts.next().unwrap_or("");
                    let pass = parts.next();
                    self.user =
                        Some(if authcid.is_empty() { authzid } else { authcid }.to_string());
                    self.secret = pass.map(str::to_string);
                }
                true
            }
            "CRAM-MD5" => {
                if let Some(d) = decoded {
                    match d.rsplit_once(' ') {
                        Some((user, digest)) => {
                            self.user = Some(user.to_string());
                            self.secret = Some(digest.to_string());
                        }
                        None => self.secret = Some(d),
                    }
                }
                true
            }
            "XOAUTH2" => {
                if let Some(d) = decoded {
                    for field in d.split('\u{1}') {
                        if let Some(u) = field.strip_prefix("user=") {
                            self.user = Some(u.to_string());
                        } else if let Some(t) = field.strip_prefix("auth=") {
                            self.secret = Some(t.to_string());
                        }
                    }
                }
                true
            }
            "OAUTHBEARER" => {
                if let Some(d) = decoded {
                    // gs2-header "n,a=user," then ^A-separated key=value
                    for field in d.split([',', '\u{1}']) {
                        if let Some(u) = field.strip_prefix("a=") {
                            self.user = Some(u.to_string());
                        } else if let Some(t) = field.strip_prefix("auth=") {
                            self.secret = Some(t.to_string());
                        }
                    }
                }
                true
            }
            m if m.starts_with("SCRAM-") => {
                if let Some(d) = decoded {
                    if let Some(u) = d.split(',').find_map(|f| f.strip_prefix("n=")) {
                        if self.user.is_none() {
                            self.user = Some(u.to_string());
                        }
                    }
                }
                true
            }
            _ => true,
        };
        if secret && looks_base64(b64) {
            self.saw_secret = true;
        }
        secret
    }

    /// The exchange ended with `code` (0 when the input ended first).
    pub fn finish(self, code: u16, show_secrets: bool) -> AuthInfo {
        AuthInfo {
            mechanism: self.mechanism,
            user: self.user,
            success: match code {
                0 => None,
                235 => Some(true),
                _ => Some(false),
            },
            masked: self.saw_secret && !show_secrets,
            secret: if show_secrets { self.secret } else { None },
            line: self.line,
        }
    }
}

/// Decode a 334 challenge: base64 to text when it decodes to printable text.
pub fn decode_challenge(text: &str) -> Option<String> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let bytes = decode_base64(t)?;
    let s = String::from_utf8(bytes).ok()?;
    if s.chars().all(|c| !c.is_control() || c == '\t') {
        Some(s)
    } else {
        None
    }
}

/// True when `text` is made only of base64 characters (what a SASL
/// response is on the wire).
pub fn looks_base64(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}
