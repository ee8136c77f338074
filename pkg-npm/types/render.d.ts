// The renderer shared by the page and the element (`import "smtpscope/render"`).
// Needs timeline.css.

import type { Transcript } from "./model";

export declare const EVENT_LIMIT: number;
/** Render a parsed transcript into `container`, replacing its content. */
export declare function renderTranscript<T extends Element>(container: T, transcript: Transcript): T;
/** Render an error message into `container`. */
export declare function renderError<T extends Element>(container: T, message: string): T;
export declare function h(tag: string, attrs?: Record<string, unknown> | null, ...children: unknown[]): HTMLElement;
