//! The string `format`s of the data model, judged as the data model's own Ajv instance judges
//! them (`registerFormats` in @jupiterone/data-model): ajv-formats 2.1.1 in its default "full"
//! mode for email, hostname, ipv4, ipv6 and uri (registered after the package's own, so its
//! ipv4 and ipv6 replace them), the package's expressions for ipCidr and asn, and Node's
//! `net.isIP` (Node 20) for ip.
//!
//! Those are regular expressions; each is matched here by hand, byte by byte (they are all
//! ASCII-only, and their `/i` is ASCII-only too, having no `u` flag). regex-lite was measured
//! against them: a larger module and a slower lint (README, Performance, "Measured choices").
//! The tests below compare every matcher with its expression under regex-lite, and
//! tests/ajv_parity.test.mjs with Ajv itself.

use super::schema::Format;

/// Whether the string `text` has `format`.
pub fn valid(format: Format, text: &str) -> bool {
    // Every grammar here is ASCII, so bytes will do; slice splitting is also far cheaper than
    // `str::split`'s searcher on strings this short.
    let text = text.as_bytes();
    match format {
        Format::Asn => text
            .strip_prefix(b"AS")
            .is_some_and(|digits| (2..=6).contains(&digits.len()) && all_digits(digits)),
        // Carried by numbers only (the generator refuses it on a string shape), and Ajv checks a
        // string format on strings only.
        Format::DateTime => true,
        Format::Email => email(text),
        Format::Hostname => hostname(text),
        Format::Ip => ipv4(text, Octets::Plain) || node_ipv6(text),
        Format::IpCidr => ipv4_cidr(text) || ipv6_cidr(text),
        Format::Ipv4 => ipv4(text, Octets::LeadingZeros),
        Format::Ipv6 => ipv6(text, Octets::Plain),
        Format::Uri => uri(text),
    }
}

pub(super) fn all_digits(text: &[u8]) -> bool {
    text.iter().all(u8::is_ascii_digit)
}

/// `text` before and after the first `separator`.
pub(super) fn split_once(text: &[u8], separator: u8) -> Option<(&[u8], &[u8])> {
    let at = text.iter().position(|&b| b == separator)?;
    Some((&text[..at], &text[at + 1..]))
}

/// The parts of `text` between `separator`s, each passing `part`, and how many there are.
pub(super) fn count_parts(
    text: &[u8],
    separator: u8,
    part: impl Fn(&[u8]) -> bool,
) -> Option<usize> {
    let mut count = 0;
    text.split(|&b| b == separator)
        .all(|p| {
            count += 1;
            part(p)
        })
        .then_some(count)
}

/// How an expression reads an IPv4 number: `[01]?\d\d?` takes leading zeros (`010`), the
/// stricter `25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d` does not.
#[derive(Clone, Copy)]
enum Octets {
    LeadingZeros,
    Plain,
}

/// 1 to 3 digits worth at most `max`, with no leading zero (`0` itself is one digit) unless
/// `leading_zeros`.
fn number(text: &[u8], max: u16, leading_zeros: bool) -> bool {
    (1..=3).contains(&text.len())
        && all_digits(text)
        && (leading_zeros || text.len() == 1 || text[0] != b'0')
        && text.iter().fold(0, |n, &b| n * 10 + u16::from(b - b'0')) <= max
}

/// `number` without leading zeros.
pub(super) fn plain_number(text: &[u8], max: u16) -> bool {
    number(text, max, false)
}

fn ipv4(text: &[u8], octets: Octets) -> bool {
    let leading_zeros = matches!(octets, Octets::LeadingZeros);
    count_parts(text, b'.', |part| number(part, 255, leading_zeros)) == Some(4)
}

fn hex_group(text: &[u8]) -> bool {
    (1..=4).contains(&text.len()) && text.iter().all(u8::is_ascii_hexdigit)
}

/// An IPv6 address as ajv-formats, Node and RFC 3986 write it alike: eight groups of 1 to 4
/// hex digits, the last two of which may be an IPv4 address, or at most seven around one `::`.
fn ipv6(text: &[u8], octets: Octets) -> bool {
    // The groups of one side of `::`, an IPv4 tail counting two; None when one is malformed.
    let groups = |side: &[u8], ipv4_tail: bool| -> Option<usize> {
        if side.is_empty() {
            return Some(0);
        }
        let mut parts = side.split(|&b| b == b':').peekable();
        let mut count = 0;
        while let Some(group) = parts.next() {
            if hex_group(group) {
                count += 1;
            } else if ipv4_tail && parts.peek().is_none() && ipv4(group, octets) {
                count += 2;
            } else {
                return None;
            }
        }
        Some(count)
    };
    match text.windows(2).position(|pair| pair == b"::") {
        Some(at) => {
            let (left, right) = (&text[..at], &text[at + 2..]);
            !right.windows(2).any(|pair| pair == b"::")
                && matches!((groups(left, false), groups(right, true)), (Some(l), Some(r)) if l + r <= 7)
        }
        None => groups(text, true) == Some(8),
    }
}

/// Node's `net.isIPv6`: an address, then perhaps a zone (`fe80::1%eth0`).
fn node_ipv6(text: &[u8]) -> bool {
    match split_once(text, b'%') {
        Some((address, zone)) => {
            ipv6(address, Octets::Plain)
                && !zone.is_empty()
                && zone
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b':'))
        }
        None => ipv6(text, Octets::Plain),
    }
}

/// The data model's IPv4 `ipCidr`: an address (leading zeros allowed) and a length up to 32.
fn ipv4_cidr(text: &[u8]) -> bool {
    split_once(text, b'/').is_some_and(|(address, length)| {
        ipv4(address, Octets::LeadingZeros) && plain_number(length, 32)
    })
}

/// The data model's IPv6 `ipCidr`, quirks kept: eight groups or `::` with a length up to 128,
/// groups ending in `::` with a length, or two to eight groups without `::` or length.
fn ipv6_cidr(text: &[u8]) -> bool {
    let groups = |text: &[u8]| count_parts(text, b':', hex_group);
    match split_once(text, b'/') {
        Some((address, length)) => {
            plain_number(length, 128)
                && (address == b"::"
                    || groups(address) == Some(8)
                    || address
                        .strip_suffix(b"::")
                        .is_some_and(|left| matches!(groups(left), Some(1..=7))))
        }
        None => matches!(groups(text), Some(2..=8)),
    }
}

/// Letters, digits and hyphens, a letter or digit at each end, at least one character.
fn hyphenated(text: &[u8]) -> bool {
    match (text.first(), text.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && text.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        }
        _ => false,
    }
}

/// A DNS label: `hyphenated`, at most 63 characters.
pub(super) fn label(text: &[u8]) -> bool {
    text.len() <= 63 && hyphenated(text)
}

/// ajv-formats `email`: dot-separated atoms, `@`, and two or more labels of any length.
fn email(text: &[u8]) -> bool {
    let Some((local, domain)) = split_once(text, b'@') else {
        return false;
    };
    let atom = |atom: &[u8]| {
        !atom.is_empty()
            && atom
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~-".contains(b))
    };
    count_parts(local, b'.', atom).is_some()
        && count_parts(domain, b'.', hyphenated).is_some_and(|labels| labels >= 2)
}

/// ajv-formats `hostname`: labels, perhaps a final dot, at most 253 characters before it.
fn hostname(text: &[u8]) -> bool {
    let name = text.strip_suffix(b".").unwrap_or(text);
    name.len() <= 253 && count_parts(name, b'.', label).is_some()
}

/// ajv-formats `uri` ("full"): RFC 3986 with a scheme. Its `/\/|:/` test is implied by the
/// scheme's colon.
fn uri(text: &[u8]) -> bool {
    let Some((scheme, rest)) = split_once(text, b':') else {
        return false;
    };
    let (rest, fragment) = split_once(rest, b'#').unwrap_or((rest, b""));
    let (hier, query) = split_once(rest, b'?').unwrap_or((rest, b""));
    scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        && uri_chars(query, b":@/?")
        && uri_chars(fragment, b":@/?")
        && hier_part(hier)
}

/// Unreserved and sub-delimiter characters, percent-escapes, and `extra`.
fn uri_chars(text: &[u8], extra: &[u8]) -> bool {
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        if b == b'%' {
            if !text
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
            {
                return false;
            }
            i += 3;
            continue;
        }
        if !(b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=".contains(&b) || extra.contains(&b)) {
            return false;
        }
        i += 1;
    }
    true
}

/// Path segments after the first: any characters of a path, `/` between them.
fn segments(text: &[u8]) -> bool {
    uri_chars(text, b":@/")
}

/// What follows the scheme: `/` or `//` and an authority (the expression's `\/?\/`), an
/// absolute path, or a path without a leading `/`.
fn hier_part(hier: &[u8]) -> bool {
    match hier.strip_prefix(b"/") {
        Some(after) => {
            authority_and_path(after)
                || after.strip_prefix(b"/").is_some_and(authority_and_path)
                || after.is_empty()
                || (!after.starts_with(b"/") && segments(after))
        }
        None => !hier.is_empty() && segments(hier),
    }
}

/// `[userinfo@]host[:port]` and a path that is empty or starts with `/`.
fn authority_and_path(text: &[u8]) -> bool {
    let (authority, path) =
        text.split_at(text.iter().position(|&b| b == b'/').unwrap_or(text.len()));
    let (userinfo, host_port) = split_once(authority, b'@').unwrap_or((b"", authority));
    let (host_ok, port) = match host_port.strip_prefix(b"[") {
        Some(literal) => match split_once(literal, b']') {
            Some((inside, after)) => (ip_literal(inside), after),
            None => return false,
        },
        None => {
            let end = host_port
                .iter()
                .position(|&b| b == b':')
                .unwrap_or(host_port.len());
            let (host, port) = host_port.split_at(end);
            (uri_chars(host, b""), port)
        }
    };
    host_ok
        && uri_chars(userinfo, b":")
        && (port.is_empty() || port.strip_prefix(b":").is_some_and(all_digits))
        && segments(path)
}

/// Inside `[` `]`: an IPv6 address (its IPv4 tail taking leading zeros) or an `IPvFuture`.
fn ip_literal(text: &[u8]) -> bool {
    if let Some(future) = text.strip_prefix(b"v").or_else(|| text.strip_prefix(b"V")) {
        return split_once(future, b'.').is_some_and(|(version, rest)| {
            !version.is_empty()
                && version.iter().all(u8::is_ascii_hexdigit)
                && !rest.is_empty()
                && !rest.contains(&b'%')
                && uri_chars(rest, b":")
        });
    }
    ipv6(text, Octets::LeadingZeros)
}

#[cfg(test)]
pub(super) mod tests {
    use regex_lite::Regex;

    use super::*;

    // The expressions the formats come from, as regex-lite reads them: `/i` as `(?i)`, and the
    // hostname look-ahead (anchored at the start) as a second expression.
    /// ajv-formats `ipv4`.
    const IPV4: &str = r"^(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)$";
    /// ajv-formats `ipv6`.
    const IPV6: &str = r"(?i)^((([0-9a-f]{1,4}:){7}([0-9a-f]{1,4}|:))|(([0-9a-f]{1,4}:){6}(:[0-9a-f]{1,4}|((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9a-f]{1,4}:){5}(((:[0-9a-f]{1,4}){1,2})|:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9a-f]{1,4}:){4}(((:[0-9a-f]{1,4}){1,3})|((:[0-9a-f]{1,4})?:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9a-f]{1,4}:){3}(((:[0-9a-f]{1,4}){1,4})|((:[0-9a-f]{1,4}){0,2}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9a-f]{1,4}:){2}(((:[0-9a-f]{1,4}){1,5})|((:[0-9a-f]{1,4}){0,3}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9a-f]{1,4}:){1}(((:[0-9a-f]{1,4}){1,6})|((:[0-9a-f]{1,4}){0,4}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(:(((:[0-9a-f]{1,4}){1,7})|((:[0-9a-f]{1,4}){0,5}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:)))$";
    /// ajv-formats `email` ("full").
    const EMAIL: &str = r"(?i)^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$";
    /// ajv-formats `hostname`: its look-ahead `(?=.{1,253}\.?$)` (`.` without the `u` flag: any
    /// code unit but the line terminators), then the name itself.
    const HOSTNAME_LENGTH: &str = r"^[^\n\r\x{2028}\x{2029}]{1,253}\.?$";
    const HOSTNAME: &str =
        r"(?i)^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$";
    /// ajv-formats `uri` is `/\/|:/` (a slash or a colon somewhere) and this.
    const URI: &str = r"(?i)^(?:[a-z][a-z0-9+\-.]*:)(?:/?/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$";
    /// The data model's `ipCidr`: an IPv4 or an IPv6 expression.
    const IPV4_CIDR: &str = r"^(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)/(3[0-2]|[12]?[0-9])$";
    const IPV6_CIDR: &str = r"^([0-9a-fA-F]{1,4}:){7,7}[0-9a-fA-F]{1,4}/(12[0-8]|1[01][0-9]|[1-9]?[0-9])$|^([0-9a-fA-F]{1,4}:){1,7}:/(12[0-8]|1[01][0-9]|[1-9]?[0-9])$|^::/(12[0-8]|1[01][0-9]|[1-9]?[0-9])$|^([0-9a-fA-F]{1,4}:){1,7}[0-9a-fA-F]{1,4}$";
    /// The data model's `asn`.
    const ASN: &str = r"^AS\d{2,6}$";
    /// Node's `net.isIPv4` and `net.isIPv6` (lib/internal/net.js), which the data model's `ip` uses;
    /// Node's IPv6 takes a zone (`fe80::1%eth0`).
    const NODE_IPV4: &str = r"^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])$";
    const NODE_IPV6: &str = concat!(
        r"^(?:",
        r"(?:(?:[0-9a-fA-F]{1,4}):){7}(?:(?:[0-9a-fA-F]{1,4})|:)|",
        r"(?:(?:[0-9a-fA-F]{1,4}):){6}(?:(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])|:(?:[0-9a-fA-F]{1,4})|:)|",
        r"(?:(?:[0-9a-fA-F]{1,4}):){5}(?::(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])|(?::(?:[0-9a-fA-F]{1,4})){1,2}|:)|",
        r"(?:(?:[0-9a-fA-F]{1,4}):){4}(?:(?::(?:[0-9a-fA-F]{1,4})){0,1}:(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])|(?::(?:[0-9a-fA-F]{1,4})){1,3}|:)|",
        r"(?:(?:[0-9a-fA-F]{1,4}):){3}(?:(?::(?:[0-9a-fA-F]{1,4})){0,2}:(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])|(?::(?:[0-9a-fA-F]{1,4})){1,4}|:)|",
        r"(?:(?:[0-9a-fA-F]{1,4}):){2}(?:(?::(?:[0-9a-fA-F]{1,4})){0,3}:(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])|(?::(?:[0-9a-fA-F]{1,4})){1,5}|:)|",
        r"(?:(?:[0-9a-fA-F]{1,4}):){1}(?:(?::(?:[0-9a-fA-F]{1,4})){0,4}:(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])|(?::(?:[0-9a-fA-F]{1,4})){1,6}|:)|",
        r"(?::(?:(?::(?:[0-9a-fA-F]{1,4})){0,5}:(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])|(?::(?:[0-9a-fA-F]{1,4})){1,7}|:))",
        r")(?:%[0-9a-zA-Z.:\-]{1,})?$",
    );

    /// The texts the matchers are compared on: the seeds, and each with one character deleted,
    /// replaced or inserted (from characters that matter to these grammars, and some that fool
    /// engines: other scripts' digits, the Kelvin sign, a line break), upper-cased, with a
    /// trailing dot; and the empty string.
    pub fn variants(seeds: &[&str]) -> Vec<String> {
        let alphabet = [
            '0', '1', '2', '5', '9', 'a', 'f', 'g', 'z', 'A', 'F', 'Z', 'v', ':', '.', '/', '-',
            '_', '%', '@', '[', ']', '#', '?', ' ', '\n', 'é', '\u{663}', '\u{212A}', '\u{17F}',
        ];
        let mut texts = vec![String::new()];
        for seed in seeds {
            let chars: Vec<char> = seed.chars().collect();
            texts.push(seed.to_string());
            texts.push(seed.to_uppercase());
            texts.push(format!("{seed}."));
            for i in 0..=chars.len() {
                if i < chars.len() {
                    let mut deleted = chars.clone();
                    deleted.remove(i);
                    texts.push(deleted.into_iter().collect());
                }
                for c in alphabet {
                    let mut inserted = chars.clone();
                    inserted.insert(i, c);
                    texts.push(inserted.into_iter().collect());
                    if i < chars.len() {
                        let mut replaced = chars.clone();
                        replaced[i] = c;
                        texts.push(replaced.into_iter().collect());
                    }
                }
            }
        }
        texts
    }

    /// `matcher` says what the `expressions`, all of them, say of each text, and both verdicts
    /// occur.
    pub fn agree<S: AsRef<str>>(
        expressions: &[S],
        texts: &[String],
        matcher: impl Fn(&str) -> bool,
    ) {
        let compiled: Vec<Regex> = expressions
            .iter()
            .map(|e| {
                Regex::new(e.as_ref()).unwrap_or_else(|error| panic!("{}: {error}", e.as_ref()))
            })
            .collect();
        let mut verdicts = [0, 0];
        for text in texts {
            let expected = compiled.iter().all(|regex| regex.is_match(text));
            assert_eq!(
                matcher(text),
                expected,
                "{text:?} against {}",
                expressions[0].as_ref()
            );
            verdicts[usize::from(expected)] += 1;
        }
        assert!(verdicts[0] > 0 && verdicts[1] > 0, "{verdicts:?}");
    }

    #[test]
    fn each_format_agrees_with_its_expressions() {
        let either = |a: &str, b: &str| vec![format!("{a}|{b}")];
        let cases: Vec<(Format, Vec<String>, &[&str])> = vec![
            (
                Format::Asn,
                vec![ASN.into()],
                &["AS13335", "AS12", "AS123456"],
            ),
            (
                Format::Email,
                vec![EMAIL.into()],
                &["ada.l+x@mail.example.com", "a@b.c", "o'neil@x-y.io"],
            ),
            (
                Format::Hostname,
                vec![HOSTNAME_LENGTH.into(), HOSTNAME.into()],
                &["host-1.example.com", "a", "a.b."],
            ),
            (
                Format::Ip,
                either(NODE_IPV4, NODE_IPV6),
                &[
                    "10.0.0.1",
                    "fe80::1%eth0",
                    "::ffff:1.2.3.4",
                    "1:2:3:4:5:6:7:8",
                    "1::",
                    "::",
                ],
            ),
            (
                Format::IpCidr,
                either(IPV4_CIDR, IPV6_CIDR),
                &[
                    "10.0.0.0/8",
                    "2001:db8::/32",
                    "1:2:3:4:5:6:7:8/128",
                    "::/0",
                    "1:2",
                ],
            ),
            (
                Format::Ipv4,
                vec![IPV4.into()],
                &["10.0.0.1", "255.255.255.255", "01.02.03.004"],
            ),
            (
                Format::Ipv6,
                vec![IPV6.into()],
                &[
                    "2001:db8::1",
                    "1:2:3:4:5:6:1.2.3.4",
                    "1:2:3:4:5::1.2.3.4",
                    "1:2:3:4:5:6:7::",
                    "::1:2:3:4:5:6:7",
                ],
            ),
            (
                Format::Uri,
                vec![URI.into()],
                &[
                    "https://user:pw@example.com:8080/a/b?q=1#f",
                    "mailto:ada@example.com",
                    "urn:isbn:0451450523",
                    "http://[2001:db8::1]/",
                    "http://[v1.x:y]/",
                    "file:///etc/hosts",
                    "a:/b%2F",
                    "s://h/%zz",
                ],
            ),
        ];
        for (format, expressions, seeds) in cases {
            let mut texts = variants(seeds);
            if format == Format::Hostname {
                // 251 to 256 characters, with and without a final dot.
                for tail in ["a", "ab", "abc", "abcd", "a.", "ab.", "abc.", "abcd."] {
                    texts.push(format!("{}{tail}", "a.".repeat(125)));
                }
            }
            agree(&expressions, &texts, |text| valid(format, text));
        }
    }

    #[test]
    fn formats_judge_as_ajv_and_node_do() {
        for (format, text, expected) in [
            (Format::Ipv4, "10.0.0.1", true),
            (Format::Ipv4, "10.0.0.256", false),
            (Format::Ipv4, "010.0.0.1", true),
            (Format::Ip, "010.0.0.1", false),
            (Format::Ip, "fe80::1%eth0", true),
            (Format::Ipv6, "fe80::1%eth0", false),
            (Format::Ipv6, "FE80::1", true),
            (Format::Hostname, "example.com.", true),
            (Format::Hostname, "-example.com", false),
            (Format::Hostname, &"a.".repeat(127), true),
            (Format::Hostname, &format!("{}a", "a.".repeat(127)), false),
            (Format::Email, "Ada@Example.com", true),
            (Format::Email, "ada@example", false),
            (Format::Email, "ada@", false),
            (Format::Uri, "https://example.com/a?b#c", true),
            (Format::Uri, "example.com", false),
            (Format::Uri, "mailto:ada@example.com", true),
            (Format::IpCidr, "10.0.0.0/8", true),
            (Format::IpCidr, "1:2:3:4", true),
            (Format::IpCidr, "10.0.0.0", false),
            (Format::Asn, "AS13335", true),
            (Format::Asn, "as13335", false),
        ] {
            assert_eq!(valid(format, text), expected, "{} {text:?}", format.name());
        }
    }
}
