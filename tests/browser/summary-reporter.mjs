// A node:test reporter: one line per test, failure details, and a closing
// line "browser: N passed, N failed[, N skipped]" that CI reads.
//
//   node --test --test-reporter=./summary-reporter.mjs --test-reporter-destination=stdout

import { inspect } from "node:util";

export default async function* summaryReporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures = [];
  for await (const event of source) {
    const { type, data } = event;
    if (type === "test:stdout" || type === "test:stderr") {
      yield data.message;
      continue;
    }
    if (type !== "test:pass" && type !== "test:fail") continue;
    // Suites and the per-file wrapper are containers, not tests; but a
    // failing container (e.g. a before() hook) is counted as a failure.
    const isSuite = data.details?.type === "suite";
    const isFile = data.nesting === 0 && typeof data.file === "string" && data.name === data.file;
    const indent = "  ".repeat(Math.max(0, data.nesting));
    const ms = data.details?.duration_ms;
    const time = typeof ms === "number" ? ` (${Math.round(ms)} ms)` : "";
    if (type === "test:pass") {
      if (isSuite || isFile) continue;
      if (data.skip !== undefined || data.todo !== undefined) {
        skipped++;
        const why = typeof data.skip === "string" ? data.skip : typeof data.todo === "string" ? data.todo : "";
        yield `${indent}- skip ${data.name}${why ? ` # ${why}` : ""}\n`;
      } else {
        passed++;
        yield `${indent}✔ ${data.name}${time}\n`;
      }
    } else {
      const error = data.details?.error;
      // A container fails when one of its tests failed: that test already
      // counted. Count it only when it failed by itself (a hook, a crash).
      const ownFailure = !(isSuite || isFile) || (error && error.failureType !== "subtestsFailed");
      if (!ownFailure) continue;
      failed++;
      yield `${indent}✖ ${data.name}${time}\n`;
      failures.push({ name: data.name, error });
    }
  }
  for (const { name, error } of failures) {
    const cause = error?.cause ?? error;
    const text = cause instanceof Error ? cause.stack ?? String(cause) : inspect(cause, { depth: 4 });
    yield `\n✖ ${name}\n${text.replace(/^/gm, "    ")}\n`;
  }
  yield `\nbrowser: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`;
}
