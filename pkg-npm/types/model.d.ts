// The output contract of smtpscope's `parse` (src/model.rs), as TypeScript.
// Field names are camelCase; enums are tagged with `kind`; absent values are
// `null`. Byte offsets start at 0 (UTF-8), line numbers at 1.

export interface Transcript {
  /** The format that framed the input (e.g. "swaks"). */
  format: string;
  detection: Detection;
  sessions: Session[];
  /** Events that belong to no session. */
  unassigned: Event[];
  diagnostics: Diagnostic[];
  lineCount: number;
  byteCount: number;
}

export interface Detection {
  format: string;
  /** 0 to 100. */
  confidence: number;
  /** True when the caller named the format. */
  forced: boolean;
  runnerUp: FormatScore | null;
}

export interface FormatScore {
  format: string;
  confidence: number;
}

export interface Session {
  /** The session key from the log; null for a single pasted transcript. */
  id: string | null;
  /** The remote peer as the log names it (`mail.example.com[192.0.2.1]`). */
  peer: string | null;
  startTime: string | null;
  endTime: string | null;
  events: Event[];
  transactions: Transaction[];
  capabilities: Capability[];
  capabilitiesBeforeTls: Capability[] | null;
  tls: boolean;
  auth: AuthInfo | null;
  outcome: Outcome;
}

export type OutcomeStatus = "delivered" | "rejected" | "deferred" | "incomplete";

export interface Outcome {
  status: OutcomeStatus;
  reply: ReplyRef | null;
  summary: string;
  stage: string | null;
  reason: string | null;
  actor: string | null;
  remedy: string | null;
  headline: string | null;
}

export interface ReplyRef {
  /** Index of the reply event in its session's events. */
  event: number | null;
  line: number;
  code: number;
  /** "5.1.1" */
  enhanced: string | null;
  text: string;
}

export interface SourceLine {
  line: number;
  /** Byte offsets [start, end) of the line in the input. */
  span: [number, number];
  text: string;
}

export interface TokenPart {
  line: number;
  /** UTF-16 offsets [from, to) in the source line's text. */
  from: number;
  to: number;
  text: string;
  kind: string;
  id: string | null;
  note: string | null;
}

/** Fields every event has. */
export interface EventBase {
  line: number;
  span: [number, number];
  source: SourceLine[];
  time: string | null;
  timeMs: number | null;
  encrypted: boolean;
  inferred: boolean;
  group: number | null;
  delayMs: number | null;
  parts: TokenPart[];
}

export interface CommandEvent extends EventBase {
  kind: "command";
  /** Upper-case verb, or "AUTH-RESPONSE". */
  verb: string;
  args: string;
  parsed: Command;
  reply: number | null;
}

export interface ReplyEvent extends EventBase {
  kind: "reply";
  code: number;
  enhanced: string | null;
  lines: string[];
  inReplyTo: number | null;
  decoded: string | null;
  capabilities: Capability[] | null;
  queueId: string | null;
  explanation: string | null;
  reason: string | null;
  actor: string | null;
  remedy: string | null;
  links: string[];
}

export interface DataEvent extends EventBase {
  kind: "data";
  size: number;
  headers: Header[];
  terminated: boolean;
  eightBit: boolean;
}

export interface TlsEvent extends EventBase {
  kind: "tls";
  text: string;
}

export type NoteLevel = "info" | "warning" | "error" | "blank";

export interface NoteEvent extends EventBase {
  kind: "note";
  text: string;
  level: NoteLevel;
}

export interface UnparsedEvent extends EventBase {
  kind: "unparsed";
  text: string;
  reason: string;
}

export type Event = CommandEvent | ReplyEvent | DataEvent | TlsEvent | NoteEvent | UnparsedEvent;

export interface Header {
  name: string;
  value: string;
}

export interface Attr {
  name: string;
  value: string;
}

export interface Path {
  raw: string;
  address: string;
  localPart: string;
  domain: string;
  null: boolean;
  quoted: boolean;
  addressLiteral: boolean;
  utf8: boolean;
  sourceRoute: string[];
  bare: boolean;
}

export type Command =
  | { kind: "helo"; domain: string }
  | { kind: "ehlo"; domain: string }
  | { kind: "lhlo"; domain: string }
  | { kind: "mail"; path: Path; params: Param[] }
  | { kind: "rcpt"; path: Path; params: Param[] }
  | { kind: "data" }
  | { kind: "rset" }
  | { kind: "quit" }
  | { kind: "starttls" }
  | { kind: "vrfy"; arg: string }
  | { kind: "expn"; arg: string }
  | { kind: "help"; topic: string | null }
  | { kind: "noop"; arg: string | null }
  | { kind: "auth"; mechanism: string; initialResponse: string | null }
  | { kind: "authResponse"; cancelled: boolean }
  | { kind: "bdat"; size: number; last: boolean }
  | { kind: "etrn"; node: string }
  | { kind: "atrn"; domains: string[] }
  | { kind: "burl"; url: string; last: boolean }
  | { kind: "xclient"; attrs: Attr[] }
  | { kind: "xforward"; attrs: Attr[] }
  | { kind: "invalid"; error: string }
  | { kind: "unknown"; text: string };

export type Param =
  | { kind: "size"; value: number }
  | { kind: "body"; value: string }
  | { kind: "smtputf8" }
  | { kind: "ret"; value: string }
  | { kind: "envid"; raw: string; decoded: string }
  | { kind: "notify"; values: string[] }
  | { kind: "orcpt"; addrType: string; raw: string; decoded: string }
  | { kind: "auth"; raw: string; decoded: string }
  | { kind: "requiretls" }
  | { kind: "mtPriority"; value: number }
  | { kind: "holdfor"; seconds: number }
  | { kind: "holduntil"; value: string }
  | { kind: "by"; time: number; mode: string; trace: boolean }
  | { kind: "rrvs"; time: string; action: string | null }
  | { kind: "other"; keyword: string; value: string | null }
  | { kind: "invalid"; keyword: string; value: string | null; error: string };

export interface Capability {
  keyword: string;
  params: string[];
  line: number;
}

export interface AuthInfo {
  mechanism: string;
  user: string | null;
  success: boolean | null;
  masked: boolean;
  secret: string | null;
  line: number;
}

export interface Transaction {
  sender: string | null;
  line: number;
  mailReply: ReplyRef | null;
  recipients: Recipient[];
  data: DataResult | null;
  status: OutcomeStatus;
}

export interface Recipient {
  address: string;
  line: number;
  accepted: boolean;
  reply: ReplyRef | null;
}

export interface DataResult {
  line: number;
  size: number | null;
  reply: ReplyRef | null;
  accepted: boolean;
  queueId: string | null;
}

export type Severity = "info" | "warning" | "error";

export interface Diagnostic {
  severity: Severity;
  line: number | null;
  code: string;
  message: string;
  session: number | null;
  rfc: string | null;
}

export interface Explanation {
  code: number | null;
  enhanced: string | null;
  codeMeaning: string | null;
  classMeaning: string | null;
  enhancedMeaning: string | null;
  summary: string;
  action: string | null;
  reason: string | null;
  reasonMeaning: string | null;
  actor: string | null;
  remedy: string | null;
  provider: string | null;
  links: string[];
}

export interface ParseOptions {
  /** Force a format by name ("swaks", "rfc", "postfix", …); "auto" detects. */
  format?: string | null;
  /** Show AUTH secrets instead of masking them. */
  showSecrets?: boolean;
}
