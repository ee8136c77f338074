// Reading a big log's summary a piece at a time (the page's worker sends it
// as JSON text with where to cut it: src/summary.rs summary_json_pieces).

/** Let the browser run what waits (input, timers, painting) before going on. */
function yieldToBrowser() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = resolve;
    channel.port2.postMessage(null);
  });
}

/**
 * The summary in `bytes` (UTF-8 JSON), whose sessions are cut into pieces
 * at `breaks`: where every piece starts, then where the sessions' closing
 * `]` is. One JSON.parse of a 20 MB log's 13 MB summary held the page's
 * thread for 0.2-0.3 s; a piece at a time, the page answers in between.
 * Without `breaks`, the text is read at once.
 */
export async function readSummary(bytes, breaks) {
  const decoder = new TextDecoder();
  if (!breaks?.length) return JSON.parse(decoder.decode(bytes));
  const end = breaks[breaks.length - 1];
  const transcript = JSON.parse(decoder.decode(bytes.subarray(0, breaks[0])) + decoder.decode(bytes.subarray(end)));
  const sessions = [];
  for (let k = 0; k + 1 < breaks.length; k++) {
    await yieldToBrowser();
    // A piece ends with the comma before the next one, but for the last.
    const to = k + 2 < breaks.length ? breaks[k + 1] - 1 : end;
    for (const s of JSON.parse(`[${decoder.decode(bytes.subarray(breaks[k], to))}]`)) sessions.push(s);
  }
  transcript.sessions = sessions;
  return transcript;
}
