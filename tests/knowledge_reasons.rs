//! Real-world reply texts and the reason each one must be classified as.
//!
//! Sources: bounces and logs people posted in public issue trackers and
//! help pages (Gmail, Yahoo, Microsoft 365, iCloud, Mimecast, Proofpoint,
//! Barracuda, Comcast, blocklists), the stock replies of Postfix, Exim,
//! Sendmail, Exchange and qmail, and bounce-rule comments of an MTA
//! (zone-mta's config/bounces.txt) that quote real replies. IP addresses
//! and addresses are as posted (already anonymised by their posters).

#![allow(clippy::unwrap_used, clippy::panic)]

use smtpscope::explain;
use smtpscope::knowledge::reasons::REASONS;

/// (source, reply code, reply text after the code, expected reason id)
const ROWS: &[(&str, u16, &str, &str)] = &[
    // --- Gmail / Google Workspace
    ("gmail 5.7.26 blocked", 550, "5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.", "auth-failure"),
    ("gmail 5.7.26 your email", 550, "5.7.26 Your email has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. Authentication results: DKIM = did not pass SPF [mxproxy.ogion.cz] with ip: [2a03:3b40:fe:81::1] = did not pass For instructions on setting up authentication, go to https://support.google.com/mail/answer/81126#authentication a640c23a62f3a-aac0eff19desi1759812166b.313 - gsmtp", "auth-failure"),
    ("gmail 5.7.26 security risk", 550, "5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users, and has been blocked. The sender must authenticate with at least one of SPF or DKIM. For this message, DKIM checks did not pass and SPF check for [ids-n2t2-prd.n2t.net] did not pass with ip: [54.244.52.1].", "auth-failure"),
    ("gmail 4.7.28 ip rate", 421, "4.7.28 [xxx.59.88.xxx       4] Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. Please visit https://support.google.com/mail/?p=UnsolicitedRateLimitError to review our Bulk Email Senders Guidelines. z1si9679476pln.401 - gsmtp", "rate-limited"),
    ("gmail 4.7.28 spf domain", 421, "4.7.28 Gmail has detected an unusual rate of mail originating from your SPF domain [example.com]. To protect our users from spam, mail sent from your domain has been temporarily rate limited. For more information, go to https://support.google.com/mail/?p=UnsolicitedRateLimitError to review our Bulk Email Senders Guidelines. - gsmtp", "rate-limited"),
    ("gmail 5.7.1 unusual rate", 550, "5.7.1 [104.248.27.183       1] Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been blocked. Please visit https://support.google.com/mail/?p=UnsolicitedIPError to review our Bulk Email Senders Guidelines. q16si3475662wrs.311 - gsmtp", "rate-limited"),
    ("gmail 4.7.0 low reputation", 421, "4.7.0 [128.199.95.148      15] Our system has detected that this message is suspicious due to the very low reputation of the sending IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. Please visit https://support.google.com/mail/answer/188131 for more information. a78si25816854pfj.35 - gsmtp", "rate-limited"),
    ("gmail 5.7.1 likely unsolicited", 550, "5.7.1 [62.210.82.129      12] Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked. Please visit https://support.google.com/mail/?p=UnsolicitedMessageError for more information. 125si7057894wmk.237 - gsmtp", "spam-detected"),
    ("gmail 5.7.1 gmail has detected", 550, "5.7.1 [ip       7] Gmail has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked. For more information, go to https://support.google.com/mail/?p=UnsolicitedMessageError 41be03b00d2f7-7fc9c37aa3dsi13433956a12.671 - gsmtp", "spam-detected"),
    ("gmail 5.7.1 domain reputation", 550, "5.7.1 Our system has detected that this message is likely suspicious due to the very low reputation of the sending domain", "bad-reputation"),
    ("gmail 5.7.1 not authorized ip", 550, "5.7.1 [X.X.X.X] The IP you're using to send mail is not authorized to send email directly to our servers. Please use the SMTP relay at your service provider instead. Learn more at https://support.google.com/mail/?p=NotAuthorizedError n30si8315544wra.287 - gsmtp", "policy"),
    ("gmail 5.2.1 disabled", 550, "5.2.1 The email account that you tried to reach is disabled", "mailbox-disabled"),
    ("gmail 5.1.1 does not exist", 550, "5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces.", "user-unknown"),
    ("gmail 4.2.1 receiving rate", 450, "4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered. Please resend your message at a later time.", "rate-limited"),
    ("gmail 4.2.2 over quota", 452, "4.2.2 The email account that you tried to reach is over quota.", "mailbox-full"),
    ("gmail 5.7.0 security issue", 552, "5.7.0 This message was blocked because its content presents a potential security issue.", "virus-detected"),
    ("gmail 5.7.25 ptr", 550, "5.7.25 The IP address sending this message does not have a PTR record setup, or the corresponding forward DNS entry does not point to the sending IP.", "require-ptr"),
    ("gmail 5.7.1 ipv6 guidelines", 550, "5.7.1 This message does not meet IPv6 sending guidelines regarding PTR records and authentication.", "require-ptr"),
    ("gmail 5.7.1 dmarc", 550, "5.7.1 Unauthenticated email from example.com is not accepted due to domain's DMARC policy.", "auth-failure"),
    ("gmail 530 starttls", 530, "5.7.0 Must issue a STARTTLS command first. - gsmtp", "tls-required"),
    ("gmail 535 bad credentials", 535, "5.7.8 Username and Password not accepted. Learn more at https://support.google.com/mail/?p=BadCredentials", "auth-credentials"),
    ("gmail 5.4.5 sending quota", 550, "5.4.5 Daily user sending quota exceeded.", "rate-limited"),
    ("gmail 4.7.0 tls required", 421, "4.7.0 TLS required for RCPT domain, closing connection.", "tls-required"),
    // --- Yahoo / AOL
    ("yahoo 5.7.9 unauthenticated", 550, "5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM. Authentication results: DKIM = FAILURE - SPF example.com with ip 209.85.215.170 = FAILURE. See https://senders.yahooinc.com/smtp-error-codes/#authentication-failures for more information.", "auth-failure"),
    ("yahoo TSS04", 421, "4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes", "rate-limited"),
    ("yahoo TSS05", 421, "4.7.0 [TSS05] Messages from x.x.x.x temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes", "rate-limited"),
    ("yahoo dd no account", 554, "delivery error: dd This user doesn't have a yahoo.com account (alexwillis2011@yahoo.com) [-5] - mta1325.mail.gq1.yahoo.com", "user-unknown"),
    ("ymail dd no account", 554, "delivery error: dd This user doesn't have a ymail.com account (anto.antony@ymail.com) [0] - mta1285.mail.ne1.yahoo.com", "user-unknown"),
    ("yahoo.fr dd no account", 554, "delivery error: dd This user doesn't have a yahoo.fr account (email@yahoo.fr) [0] - mta1064.mail.ird.yahoo.com", "user-unknown"),
    ("yahoo BL21", 553, "5.7.1 [BL21] Connections will not be accepted from 11.22.33.44, because the ip is in Spamhaus's list; see https://help.yahoo.com/kb/postmaster/SLN5070.html", "blocklisted"),
    ("yahoo TSS07", 553, "5.7.1 [TSS07] Connections will not be accepted from 11.22.33.44, because the ip is in Spamhaus's list; see https://help.yahoo.com/kb/postmaster/SLN5070.html", "blocklisted"),
    ("yahoo BL23", 553, "Mail from 11.22.33.44 not allowed - 5.7.1 [BL23] Connections not accepted from IP addresses on Spamhaus XBL; see http://postmaster.yahoo.com/errors/550-bl23.html [550]", "blocklisted"),
    ("yahoo mailbox disabled", 554, "30 Sorry, your message to user@yahoo.com cannot be delivered. This mailbox is disabled (554.30).", "mailbox-disabled"),
    ("yahoo message not allowed", 554, "Message not allowed - [299]", "policy"),
    // --- Microsoft 365 / Outlook.com / Exchange
    ("m365 AS(201806281) fra", 550, "5.4.1 Recipient address rejected: Access denied. AS(201806281) [PR2FRA01FT009.eop-fra01.prod.protection.outlook.com]", "user-unknown"),
    ("m365 AS(201806281) nam06", 550, "5.4.1 Recipient address rejected: Access denied. AS(201806281) [BL2NAM06FT009.Eop-nam06.prod.protection.outlook.com 2023-10-16T14:11:51.157Z 08DBCDB2DB5076DF]", "user-unknown"),
    ("m365 AS(201806281) eur02", 550, "5.4.1 Recipient address rejected: Access denied. AS(201806281) [HE1EUR02FT003.eop-EUR02.prod.protection.outlook.com]", "user-unknown"),
    ("m365 5.4.1 older form", 550, "5.4.1 [user@example.com.br]: Recipient address rejected: Access denied [BL2NAM02FT061.eop-nam02.prod.protection.outlook.com]", "user-unknown"),
    ("m365 5.7.501 spam abuse", 550, "5.7.501 Access denied, spam abuse detected. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653", "spam-detected"),
    ("m365 5.7.606 banned ip", 550, "5.7.606 Access denied, banned sending IP [1.2.3.4]. To request removal from this list please visit https://sender.office.com/ and follow the directions. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526655 (AS16012609) [DB5EUR01FT031.eop-EUR01.prod.protection.outlook.com]", "blocklisted"),
    ("m365 5.7.511 banned sender", 550, "5.7.511 Access denied, banned sender[1.2.3.4]. To request removal from this list please forward this message to delist@messaging.microsoft.com. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653. AS(508) [AM5EUR02FT019.eop-EUR02.prod.protection.outlook.com]", "blocklisted"),
    ("outlook S3150", 550, "5.7.1 Unfortunately, messages from [1.2.3.4] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.", "blocklisted"),
    ("outlook S3140", 550, "5.7.1 Unfortunately, messages from [1.2.3.4] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3140). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.", "blocklisted"),
    ("m365 5.7.1 blocked using spamhaus", 550, "5.7.1 Service unavailable, Client host [11.22.33.44] blocked using Spamhaus. To request removal from this list see http://www.spamhaus.org/lookup.lasso (AS16012611)", "blocklisted"),
    ("m365 5.7.708", 550, "5.7.708 Service unavailable. Access denied, traffic not accepted from this IP. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653", "bad-reputation"),
    ("outlook 4.7.650", 451, "4.7.650 The mail server [1.2.3.4] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://postmaster.live.com (S775)", "rate-limited"),
    ("m365 4.7.500 server busy", 451, "4.7.500 Server busy. Please try again later from [1.2.3.4]. (S77714)", "rate-limited"),
    ("m365 RecipientNotFound", 550, "5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", "user-unknown"),
    ("m365 RecipLimit", 550, "5.5.3 RESOLVER.RST.RecipLimit; too many recipients", "rate-limited"),
    ("m365 5.7.509 dmarc", 550, "5.7.509 Access denied, sending domain example.com does not pass DMARC verification and has a DMARC policy of reject.", "auth-failure"),
    ("m365 5.7.139 smtp auth disabled", 535, "5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.", "auth-credentials"),
    ("m365 5.7.57", 530, "5.7.57 Client not authenticated to send mail. [DM6PR01CA0001.prod.exchangelabs.com]", "auth-required"),
    ("m365 NotAuthorized", 550, "5.7.1 RESOLVER.RST.NotAuthorized; not authorized", "policy"),
    ("m365 5.7.512 rfc 5322", 550, "5.7.512 Access denied, message must be RFC 5322 section 3.6.2 compliant and include a valid From address.", "content-rejected"),
    ("exchange client not authenticated", 530, "5.7.1 Client was not authenticated", "auth-required"),
    ("exchange 5.7.54", 550, "5.7.54 SMTP; Unable to relay recipient in non-accepted domain", "no-relaying"),
    ("exchange unable to relay", 550, "5.7.1 Unable to relay", "no-relaying"),
    ("exchange 571", 571, "Delivery not authorized, message refused", "policy"),
    // --- Apple iCloud
    ("icloud CS01", 554, "5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137", "content-rejected"),
    ("icloud local policy", 550, "5.7.1 Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137", "policy"),
    ("icloud helo host not found", 450, "4.7.1 <neko.nyaan.jp>: Helo command rejected: Host not found", "require-ptr"),
    // --- Proofpoint
    ("proofpoint dnsbl-lookup", 554, "5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=1.1.1.1", "blocklisted"),
    ("proofpoint ipcheck", 550, "5.7.0 Blocked - see https://ipcheck.proofpoint.com/?ip=138.197.213.185", "blocklisted"),
    // --- Mimecast
    ("mimecast user entry", 550, "Envelope blocked - User Entry - https://community.mimecast.com/docs/DOC-1369#550 [gz1Vvz1VN9ikuIVSF81-Wg.au11]", "sender-rejected"),
    ("mimecast admin prohibition", 550, "Administrative prohibition - envelope blocked - https://community.mimecast.com/docs/DOC-1369#550", "sender-rejected"),
    ("mimecast anti-spoofing", 550, "Rejected by header based Anti-Spoofing policy", "auth-failure"),
    ("mimecast poor reputation", 550, "csi.mimecast.org Poor Reputation Sender. - https://community.mimecast.com/docs/DOC-1369#550 [vH7Ns8biNg-p6EfZ0QaVMQ.us149]", "bad-reputation"),
    // --- Barracuda
    ("barracuda reputation", 554, "Service unavailable; Client host [bl11-253-215.dsl.telepac.pt] blocked using Barracuda Reputation; http://www.barracudanetworks.com/reputation/?r=1&ip=85.244.1.2", "blocklisted"),
    ("barracuda cuda_nsu", 550, "cuda_nsu 5.1.1 <email@example.com> Recipient address rejected: User unknown", "user-unknown"),
    ("barracuda blocked", 550, "permanent failure for one or more recipients (user@example.com:blocked)", "policy"),
    ("barracuda spoofed", 550, "rejecting spoofed message", "auth-failure"),
    ("barracuda content", 550, "Message content rejected", "content-rejected"),
    // --- Cisco IronPort
    ("cisco 5.1.0 address rejected", 550, "#5.1.0 Address rejected.", "user-unknown"),
    ("cisco unknown address error", 550, "#5.0.0 smtp; 5.1.0 - Unknown address error 550-'user@example.com... No such user'", "user-unknown"),
    // --- Comcast
    ("comcast dnsbls", 554, "resimta-po-11v.sys.comcast.net resimta-po-11v.sys.comcast.net 1.2.3.4 found on one or more DNSBLs, see http://postmaster.comcast.net/smtp-error-codes.php#BL000010", "blocklisted"),
    ("comcast-style cmsmtp spamhaus", 554, "mx.recipient.com cmsmtp 1sSZcfhLEUv3Q IP blacklisted by Spamhaus. For remediation please use https://www.spamhaus.org/lookup/ [103]", "blocklisted"),
    // Shape only: Comcast's documented code with its error-code page.
    ("comcast RL000001", 421, "resimta-h1p-028598.sys.comcast.net 192.0.2.1 see http://postmaster.comcast.net/smtp-error-codes.php#RL000001", "rate-limited"),
    // --- GMX / Web.de / IONOS / Strato
    ("gmx black listed", 554, "mx.gmx.net Service not available No SMTP service IP address is black listed", "blocklisted"),
    ("gmx local error", 451, "Requested action aborted: local error in processing", "system-error"),
    ("gmx storage allocation", 552, "Requested mail action aborted: exceeded storage allocation", "mailbox-full"),
    ("gmx quota", 552, "Mailbox quota exceeded", "mailbox-full"),
    ("ionos policy restrictions", 554, "Transaction failed Reject due to policy restrictions. For explanation visit https://www.ionos.com/help/index.php?id=2425&ip=141.64.50.178&c=hd", "policy"),
    ("strato no such mailbox", 550, "5.1.2 No such mailbox [MSG0031]", "user-unknown"),
    // --- Spamhaus and other blocklists
    ("spamhaus blacklisted see", 550, "11.22.33.44 blacklisted see http://www.spamhaus.org/query/bl?ip=11.22.33.44", "blocklisted"),
    ("spamhaus 5.2.1 wins over code", 550, "5.2.1 Mailbox unavailable. Your IP address 11.22.33.44 is blacklisted using SPAMHAUS-XBL. Details: https://www.spamhaus.org/query/ip/11.22.33.44.", "blocklisted"),
    ("spamhaus sbl-xbl database", 550, "5.7.0 Your server IP address is in the SpamHaus SBL-XBL database, bye", "blocklisted"),
    ("spamhaus blocked by zen", 550, "5.7.1 11.22.33.44 has been blocked by zen.spamhaus.org", "blocklisted"),
    ("sorbs 454", 454, "4.7.1 Service unavailable; Client host [1.2.3.4] blocked using dnsbl.sorbs.net; Currently Sending Spam See: http://www.sorbs.net/lookup.shtml?1.2.3.4", "blocklisted"),
    ("spamhaus rejected using", 550, "5.7.1 Mail from 11.22.33.44 rejected using zen.spamhaus.org. Please see http://www.spamhaus.org/query/bl?ip=11.22.33.44", "blocklisted"),
    ("spamhaus listed in", 550, "Listed in zen.spamhaus.org. https://www.spamhaus.org/query/ip/11.22.33.44", "blocklisted"),
    ("exim black list at", 550, "Rejected message because 11.22.33.44 is in a black list at sbl-xbl.spamhaus.org", "blocklisted"),
    ("spamhaus SHXBL", 554, "Denied [SHXBL] - Denied by Spamhaus XBL - See http://www.spamhaus.org/query/bl?ip=11.22.33.44 (Mode: normal)", "blocklisted"),
    ("spamhaus refused rbl", 554, "Refused. Your IP address is listed in the RBL at xbl.spamhaus.org", "blocklisted"),
    ("cobion dnsbl", 550, "Rejected due to DNSBL server response (dnsbl.cobion.com - 1.2.3.4)", "blocklisted"),
    ("trend micro rbl", 550, "Service unavailable; Client Host [1.2.3.4] blocked using Trend Micro RBL+. Please see http://www.mail-abuse.com/cgi-bin/lookup?ip_address=1.2.3.4", "blocklisted"),
    ("sorbs dns blacklist", 554, "Connection from 1.2.3.4 rejected for policy reasons. Host found in DNS blacklist at dnsbl.sorbs.net", "blocklisted"),
    ("sorbs entry", 554, "5.7.1 SORBS DNSBL Entry - see <http://www.us.sorbs.net/lookup.shtml?1.2.3.4>", "blocklisted"),
    ("sorbs sending spam", 451, "Currently Sending Spam See: http://www.sorbs.net/lookup.shtml?1.2.3.4", "blocklisted"),
    ("cloudmark rbl", 550, "\"JunkMail rejected - [hostname] [1.2.3.4]:39153 is in an RBL on csi.cloudmark.com/reset-request/?ip=1.2.3.4 , see Poor Reputation Sender\"", "blocklisted"),
    ("cloud-security bad reputation", 554, "5.5.4 Your IP 1.2.3.4 address has a bad reputation. To unblock visit http://cloud-security.net/unblock", "bad-reputation"),
    ("att dnsbl", 553, "5.3.0 flph825 DNSBL:ATTRBL 521< 1.2.3.4 >_is_blocked.For assistance forward this email to abuse@example.com", "blocklisted"),
    ("poor reputation mta", 554, "mx.example.com Your access to this mail system has been rejected due to the sending MTA's poor reputation. If you believe that this failure is in error, please contact the intended recipient", "bad-reputation"),
    ("hostkarma", 550, "Black listed at hostkarma http://ipadmin.junkemailfilter.com/remove.php?ip=1.2.3.4", "blocklisted"),
    ("spamrl", 550, "The sending IP (1.2.3.4) is listed on https://spamrl.com/. Please resolve this and retry.", "blocklisted"),
    ("spamhaus open resolver", 554, "5.7.1 Service unavailable; Client host [37.1.2.3] blocked using zen.spamhaus.org; Error: open resolver; https://www.spamhaus.org/returnc/pub/44.192.176.0", "system-error"),
    ("uribl query refused", 554, "5.7.1 Service unavailable; Client host [mail.example.com] blocked using multi.uribl.com; 127.0.0.1 -> Query Refused. See http://uribl.com/refused.shtml for more information [Your DNS IP: 1.2.3.4]", "system-error"),
    ("postfix zen client", 550, "5.7.1 Service unavailable; client [54.224.254.1] blocked using zen.spamhaus.org", "blocklisted"),
    ("spamhaus dbl sender", 554, "5.7.1 Service unavailable; Sender address [user@example.com] blocked using dbl.spamhaus.org; https://www.spamhaus.org/query/domain/example.com", "blocklisted"),
    ("uceprotect", 554, "5.7.1 Service unavailable; Client host [1.2.3.4] blocked using dnsbl-1.uceprotect.net", "blocklisted"),
    ("spamcop", 554, "5.7.1 Service unavailable; Client host [1.2.3.4] blocked using bl.spamcop.net; Blocked - see https://www.spamcop.net/bl.shtml?1.2.3.4", "blocklisted"),
    ("geo dnsbl", 554, "5.7.1 Service unavailable; Client host [1.2.3.4] blocked using ee.countries.nerd.dk; Your IP is in ee, rejected based on geographical location", "blocklisted"),
    ("grey.rbl greylisting", 421, "4.7.1 Service unavailable; Client host [1.2.3.4] blocked using grey.rbl - Rechazo temporal, intentelo mas tarde por favor...Greylisting in action, please try again later", "greylisted"),
    ("sorbs blacklisted by", 591, "user@example.com your host [1.2.3.4] is blacklisted by dnsbl.sorbs.net. Currently Sending Spam See: http://www.sorbs.net/lookup.shtml?1.2.3.4.", "blocklisted"),
    ("zap listed at", 550, "5.7.1 <sender@example.com>... 11.22.33.44 listed at zen.spamhaus.org", "blocklisted"),
    ("spammer list", 550, "5.7.1 Client address [11.22.33.44] blocked. You are in the SPAMMER List - Listed on The Spamhaus Project. See http://www.spamhaus.org/query/bl?ip=11.22.33.44", "blocklisted"),
    // --- Postfix stock replies
    ("postfix local recipient table", 550, "5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table", "user-unknown"),
    ("postfix virtual mailbox table", 550, "5.1.1 <x@example.com>: Recipient address rejected: User unknown in virtual mailbox table", "user-unknown"),
    ("postfix relay access denied", 554, "5.7.1 <test@example.com>: Relay access denied", "no-relaying"),
    ("postfix relay access denied 454", 454, "4.7.1 <x@example.org>: Relay access denied", "no-relaying"),
    ("postgrey", 450, "4.2.0 <x@example.com>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html", "greylisted"),
    ("postfix size limit", 552, "5.3.4 Message size exceeds fixed limit", "message-too-big"),
    ("postfix no hostname", 450, "4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]", "require-ptr"),
    ("postfix no hostname 4.7.25", 450, "4.7.25 Client host rejected: cannot find your hostname, [192.0.2.1]", "require-ptr"),
    ("postfix reverse hostname", 450, "4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.1]", "require-ptr"),
    ("postfix helo fqdn", 504, "5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname", "require-ptr"),
    ("postfix sender domain not found", 450, "4.1.8 <x@nonexistent.invalid>: Sender address rejected: Domain not found", "sender-rejected"),
    ("postfix sender domain not found 5.1.0", 550, "5.1.0 <user@example.com>: Sender address rejected: Domain not found", "sender-rejected"),
    ("postfix recipient domain not found", 450, "4.1.2 <x@nonexistent.invalid>: Recipient address rejected: Domain not found", "host-unknown"),
    ("postfix starttls first", 530, "5.7.0 Must issue a STARTTLS command first", "tls-required"),
    ("postfix auth failed", 535, "5.7.8 Error: authentication failed: authentication failure", "auth-credentials"),
    ("postfix auth failed base64", 535, "5.7.8 Error: authentication failed: UGFzc3dvcmQ6", "auth-credentials"),
    ("postfix too many connections", 421, "4.7.0 mail.example.com Error: too many connections from 192.0.2.1", "too-many-connections"),
    ("postfix recipient access denied", 554, "5.7.1 <x@example.com>: Recipient address rejected: Access denied", "policy"),
    ("postfix sender access denied", 554, "5.7.1 <x@example.com>: Sender address rejected: Access denied", "sender-rejected"),
    ("postfix client access denied", 554, "5.7.1 <unknown[192.0.2.1]>: Client host rejected: Access denied", "policy"),
    ("postfix need mail", 503, "5.5.1 Error: need MAIL command", "syntax-error"),
    ("postfix need rcpt", 503, "5.5.1 Error: need RCPT command", "syntax-error"),
    ("postfix not recognized", 502, "5.5.2 Error: command not recognized", "syntax-error"),
    ("postfix bad sender syntax", 501, "5.1.7 Bad sender address syntax", "syntax-error"),
    ("postfix mail syntax", 501, "5.5.4 Syntax: MAIL FROM:<address>", "syntax-error"),
    ("postfix too many recipients", 452, "4.5.3 Error: too many recipients", "rate-limited"),
    ("postfix service unavailable 4.3.2", 421, "4.3.2 Service currently unavailable", "not-accepting-mail"),
    ("postfix queue file write error", 451, "4.3.0 Error: queue file write error", "system-error"),
    ("postfix fqdn recipient", 504, "5.5.2 <x>: Recipient address rejected: need fully-qualified address", "syntax-error"),
    ("postfix unverified address", 450, "4.1.1 <x@example.com>: Recipient address rejected: unverified address: host mx.example.com[192.0.2.1] said: 550 5.1.1 <x@example.com>: Recipient address rejected: User unknown in local recipient table", "user-unknown"),
    ("postfix server configuration", 451, "4.3.5 Server configuration problem", "system-error"),
    ("postfix spf fail", 550, "5.7.1 <x@example.com>: Recipient address rejected: Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=x;ip=1.2.3.4;r=example.com", "auth-failure"),
    ("postfix unknown user", 550, "5.1.1 <x@example.com>: Recipient address rejected: example.com", "user-unknown"),
    ("postfix bare lf", 550, "5.5.2 Error: bare <LF> received", "syntax-error"),
    ("postfix null mx", 556, "5.1.10 <x@example.com>: Recipient address rejected: Domain example.com does not accept mail (nullMX)", "not-accepting-mail"),
    // --- Exim stock replies
    ("exim unrouteable", 550, "Unrouteable address", "user-unknown"),
    ("exim relay not permitted", 550, "relay not permitted", "no-relaying"),
    ("exim black list", 550, "Rejected because 192.0.2.1 is in a black list at zen.spamhaus.org", "blocklisted"),
    ("exim sender verify", 550, "Verification failed for <x@example.org> Sender verify failed", "sender-rejected"),
    ("exim could not complete sender verify", 451, "Could not complete sender verify", "sender-rejected"),
    ("exim incorrect auth", 535, "Incorrect authentication data", "auth-credentials"),
    ("exim administrative prohibition", 550, "Administrative prohibition", "policy"),
    ("exim temporary local problem", 451, "Temporary local problem - please try later", "system-error"),
    ("exim unknown user", 550, "Unknown user", "user-unknown"),
    ("exim no such user here", 550, "No Such User Here", "user-unknown"),
    ("exim synchronization", 554, "SMTP synchronization error", "syntax-error"),
    ("exim requiretls", 530, "5.7.4 REQUIRETLS support required", "tls-required"),
    // --- Sendmail stock replies
    ("sendmail user unknown", 550, "5.1.1 <x@example.com>... User unknown", "user-unknown"),
    ("sendmail relaying denied", 550, "5.7.1 <x@example.com>... Relaying denied", "no-relaying"),
    ("sendmail relaying denied lookup", 550, "5.7.1 <x@example.com>... Relaying denied. IP name lookup failed [192.0.2.1]", "no-relaying"),
    ("sendmail service unavailable", 554, "5.0.0 Service unavailable", "policy"),
    ("sendmail invalid route", 553, "5.1.3 <foo@@nil>... Invalid route address", "syntax-error"),
    ("sendmail sender domain", 553, "5.1.8 <x@nonexistent.invalid>... Domain of sender address x@nonexistent.invalid does not exist", "sender-rejected"),
    ("sendmail sender domain resolve", 451, "4.1.8 Domain of sender address x@example.org does not resolve", "sender-rejected"),
    ("sendmail access denied", 550, "5.7.1 <x@example.com>... Access denied", "policy"),
    ("sendmail host unknown", 550, "<x@example.invalid>... Host unknown (Name server: example.invalid: host not found)", "host-unknown"),
    ("sendmail too many hops", 554, "sendall: too many hops 19 (17 max)", "system-error"),
    ("sendmail relay prohibited", 553, "<x@example.com> ... unauthorized relay traffic prohibited", "no-relaying"),
    // --- qmail
    ("qmail chkuser", 511, "sorry, no mailbox here by that name (#5.1.1 - chkuser)", "user-unknown"),
    ("qmail no mailbox", 550, "sorry, no mailbox here by that name. (#5.1.1)", "user-unknown"),
    ("qmail rcpthosts", 553, "sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)", "no-relaying"),
    ("qmail no connection", 451, "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)", "network-error"),
    ("qmail looping", 554, "This message is looping: it already has my Delivered-To line. (#5.4.6)", "system-error"),
    ("qmail databytes", 552, "sorry, that message size exceeds my databytes limit (#5.3.4)", "message-too-big"),
    ("qmail sender domain must exist", 553, "sorry, your envelope sender domain must exist (#5.7.1)", "sender-rejected"),
    ("qmail qq temporary", 451, "qq temporary problem (#4.3.0)", "system-error"),
    // --- Assorted providers and hosts
    ("att addressee unknown", 550, "5.2.1 <EXAMPLE@PRODIGY.NET>... Addressee unknown, relay=[x.xx.xx.xx]", "user-unknown"),
    ("att reverse dns", 550, "5.7.1 Connections not accepted from servers without a valid sender domain. ## Fix reverse DNS for x.xx.xx.xx", "require-ptr"),
    ("message expired", 550, "4.4.7 Message expired: unable to deliver in 840 minutes", "timeout"),
    ("invalid domain", 550, "5.4.4 Invalid domain", "host-unknown"),
    ("5.5.0 mailbox unavailable", 550, "5.5.0 Requested action not taken: mailbox unavailable", "user-unknown"),
    ("service refused", 550, "5.7.1 Service refuse. Veuillez essayer plus tard. service refused, please try later.", "policy"),
    ("address unknown", 550, "Address unknown", "user-unknown"),
    ("invalid recipient", 550, "Invalid Recipient", "user-unknown"),
    ("rcpt user unknown", 550, "RCPT TO:<x@example.com> User unknown", "user-unknown"),
    ("spam detected", 550, "spam detected", "spam-detected"),
    ("mailbox not found", 552, "1 Requested mail action aborted, mailbox not found", "user-unknown"),
    ("over quota", 552, "5.2.2 Over quota", "mailbox-full"),
    ("unknown mail server", 553, "5.1.2 Unknown mail server. Could not find a mail server for example.com", "host-unknown"),
    ("no longer on server", 550, "5.1.6 recipient no longer on server", "user-unknown"),
    ("posteo content rejected", 550, "5.7.1 message content rejected", "content-rejected"),
    ("sendgrid unauthenticated senders", 550, "Unauthenticated senders not allowed", "auth-required"),
    ("mxroute unauthenticated range", 550, "Unauthenticated mail not allowed from this range", "auth-required"),
    ("intrusion prevention", 421, "4.7.1 Intrusion prevention active for [1.2.3.4][R]", "rate-limited"),
    ("header value not allowed", 550, "Header value not allowed", "content-rejected"),
    ("not allowed to connect", 554, "5.7.1 You are not allowed to connect", "policy"),
    ("access to submit rejected", 550, "#5.7.1 Your access to submit messages to this e-mail system has been rejected.", "policy"),
    ("mail.ru spam", 550, "spam message rejected", "spam-detected"),
    ("hot.ee expired", 550, "5.2.1 <x@hot.ee>: Recipient address rejected: is expired account", "mailbox-disabled"),
    ("mail.ee inactive", 554, "5.2.1 <x@mail.ee>: Inactive user", "mailbox-disabled"),
    ("virus", 554, "rejected due to virus", "virus-detected"),
    ("local policy violation", 550, "5.7.0 Local Policy Violation", "policy"),
    ("invalid mailbox 554", 554, "Invalid mailbox", "user-unknown"),
    ("unknown recipient 5.7.1", 554, "5.7.1 Unknown recipient", "user-unknown"),
    ("yandex service unavailable", 451, "4.7.1 Sorry, the service is currently unavailable. Please come back later.", "system-error"),
    ("hotmail style mailbox unavailable", 550, "Requested action not taken: mailbox unavailable (1270214484:20420:-2147467259)", "user-unknown"),
    ("rfc 7504 521", 521, "5.3.2 mail.example.com does not accept mail", "not-accepting-mail"),
    ("no smtp service greeting", 554, "mail.example.com No SMTP service here", "not-accepting-mail"),
];

#[test]
fn real_world_replies_are_classified() {
    assert!(ROWS.len() >= 150, "only {} rows", ROWS.len());
    let mut failures = Vec::new();
    for (name, code, text, want) in ROWS {
        let x = explain(Some(*code), None, text);
        let got = x.reason.as_deref().unwrap_or("(none)");
        if got != *want {
            failures.push(format!("{name}: want {want}, got {got}  <{code} {text}>"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} misclassified:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_expected_id_is_a_reason() {
    for (name, _, _, want) in ROWS {
        assert!(
            REASONS.iter().any(|r| r.id == *want),
            "{name}: unknown id {want}"
        );
    }
}
