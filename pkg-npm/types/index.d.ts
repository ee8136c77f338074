// smtpscope: the wasm parser (`import init, { parse } from "smtpscope"`).
// Call `init()` once (it fetches smtpscope_bg.wasm from next to the module)
// before any other function.

import type { Explanation, OutcomeStatus, ParseOptions, Session, Transcript } from "./model";
export * from "./model";

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** Load the wasm module. Resolves once the other functions can be called. */
export default function init(
  moduleOrPath?: { module_or_path: InitInput | Promise<InitInput> },
): Promise<unknown>;
export function initSync(module: { module: BufferSource | WebAssembly.Module }): unknown;

/** Parse a pasted SMTP dialogue, log or bounce. Never throws on input. */
export function parse(text: string, options?: ParseOptions | null): Transcript;
/** Explain a reply code, an enhanced status code and reply text. */
export function explain(code?: number | null, enhanced?: string | null, text?: string | null): Explanation;
/** Explain one token (verb, parameter, EHLO keyword, SASL mechanism, code), or null. */
export function explainToken(query: string): Record<string, unknown> | null;
/** Export: C:/S: text, a Mermaid sequenceDiagram, a swaks command line, or JSON. */
export function exportAs(text: string, options: ParseOptions | null | undefined, kind: "cs" | "mermaid" | "swaks" | "json"): string;
/** The smtpscope version. */
export function version(): string;

/** What the session list shows of a session whose events are not loaded. */
export interface SessionBrief {
  id: string | null;
  peer: string | null;
  startTime: string | null;
  endTime: string | null;
  outcome: {
    status: OutcomeStatus;
    headline: string | null;
    /** The summary sentence, only when there is no headline. */
    summary: string | null;
    reply: { code: number } | null;
  };
  brief: {
    /** Events that are not blank lines. */
    steps: number;
    recipients: number;
    accepted: number;
    /** Index of the first event that is part of what went wrong; -1: none. */
    firstError: number;
  };
}

/** A transcript with every session but one replaced by its brief. */
export type TranscriptSummary = Omit<Transcript, "sessions"> & { sessions: (Session | SessionBrief)[] };

/** A parse result kept in the wasm module, read a session at a time. */
export class Parsed {
  /** Parse `text` with the options of `parse`. */
  constructor(text: string, options?: ParseOptions | null);
  readonly sessionCount: number;
  /** The transcript with every session but `shown` as its brief. */
  summary(shown: number): TranscriptSummary;
  /** Session `index`, as `parse(text).sessions[index]`; throws when there is none. */
  session(index: number): Session;
  /** Line number -> index of the first session with that line, or -1. */
  lineSessions(): Int32Array;
  /** The transcript as JSON text (UTF-8), indented when `pretty`. */
  json(pretty: boolean): Uint8Array;
  /** Exactly what `parse(text, options)` returns. */
  full(): Transcript;
  /** Give the module's memory back; the object is unusable after. */
  free(): void;
}
