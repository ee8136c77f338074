// The <smtp-timeline> element (`import "smtpscope/element"`).

import type { Transcript } from "./model";

export declare class SmtpTimeline extends HTMLElement {
  static readonly observedAttributes: string[];
  /** A transcript text, or an object that `parse` returned. */
  transcript: string | Transcript | null;
  /** What the parser returned for the current transcript (null before). */
  readonly parsed: Transcript | null;
  /** Resolves once the current transcript is drawn. */
  readonly updateComplete: Promise<void>;
}

/** Load the wasm parser (shared by every element of the page). */
export declare function loadParser(): Promise<unknown>;
/** Remove the indentation common to the lines of a text. */
export declare function dedent(text: string): string;

declare global {
  interface HTMLElementTagNameMap {
    "smtp-timeline": SmtpTimeline;
  }
  interface HTMLElementEventMap {
    "smtp-timeline-render": CustomEvent<{ transcript: Transcript }>;
  }
}
