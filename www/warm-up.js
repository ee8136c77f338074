// Made-up dialogues of the common shapes (an RFC-style paste and a Postfix
// log), for warming up: the worker parses them in the background and the
// page draws one while idle (see worker.js and app.js). Made up here so
// that the page fetches nothing for them.

export const WARM_UP = [
  [
    "S: 220 mx.example.org ESMTP",
    "C: EHLO client.example.com",
    "S: 250-mx.example.org Hello client.example.com [192.0.2.1]",
    "S: 250-PIPELINING",
    "S: 250-SIZE 52428800",
    "S: 250-STARTTLS",
    "S: 250-AUTH PLAIN LOGIN",
    "S: 250-ENHANCEDSTATUSCODES",
    "S: 250 8BITMIME",
    "C: STARTTLS",
    "S: 220 2.0.0 Ready to start TLS",
    "C: EHLO client.example.com",
    "S: 250-mx.example.org",
    "S: 250 AUTH PLAIN LOGIN",
    "C: AUTH PLAIN AGFsaWNlAHNlY3JldA==",
    "S: 235 2.7.0 Authentication successful",
    "C: MAIL FROM:<alice@example.com> SIZE=1200 BODY=8BITMIME",
    "S: 250 2.1.0 Ok",
    "C: RCPT TO:<bob@example.org>",
    "S: 250 2.1.5 Ok",
    "C: RCPT TO:<nobody@example.org>",
    "S: 550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown",
    "C: DATA",
    "S: 354 End data with <CR><LF>.<CR><LF>",
    "C: Subject: hello",
    "C: From: alice@example.com",
    "C: ",
    "C: Hi Bob.",
    "C: .",
    "S: 250 2.0.0 Ok: queued as 4AB1C2D3E4",
    "C: QUIT",
    "S: 221 2.0.0 Bye",
  ].join("\n"),
  [
    "Nov 28 14:06:25 mail postfix/smtpd[1773]: connect from client.example.com[192.0.2.1]",
    "Nov 28 14:06:25 mail postfix/smtpd[1773]: 9C127B405E: client=client.example.com[192.0.2.1]",
    "Nov 28 14:06:25 mail postfix/qmgr[9117]: 9C127B405E: from=<alice@example.com>, size=398, nrcpt=1 (queue active)",
    "Nov 28 14:06:26 mail postfix/smtp[1790]: 9C127B405E: to=<bob@example.org>, relay=mx.example.org[198.51.100.7]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=4.7.1, status=deferred (host mx.example.org[198.51.100.7] said: 450 4.7.1 <bob@example.org>: Recipient address rejected: Greylisted (in reply to RCPT TO command))",
    "Nov 28 14:06:26 mail postfix/smtpd[1773]: disconnect from client.example.com[192.0.2.1] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5",
  ].join("\n"),
];
