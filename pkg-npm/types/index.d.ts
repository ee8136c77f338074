// smtpscope: the wasm parser (`import init, { parse } from "smtpscope"`).
// Call `init()` once (it fetches smtpscope_bg.wasm from next to the module)
// before any other function.

import type { Explanation, ParseOptions, Transcript } from "./model";
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
