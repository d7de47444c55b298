//! The string `format`s of the data model, judged as the data model's own Ajv instance judges
//! them (`registerFormats` in @jupiterone/data-model): ajv-formats 2.1.1 in its default "full"
//! mode for email, hostname, ipv4, ipv6 and uri (registered after the package's own, so its
//! ipv4 and ipv6 replace them), the package's expressions for ipCidr and asn, and Node's
//! `net.isIP` (Node 20) for ip. The expressions are theirs, rewritten where regex-lite reads
//! them differently (a look-ahead becomes a second expression; `/i` becomes `(?i)`, ASCII-only
//! in both as these RegExps have no `u` flag); tests/ajv_parity.test.mjs compares the verdicts.
//! Each expression is compiled once per process, on first use.

use std::sync::OnceLock;

use regex_lite::Regex;

use super::schema::Format;

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

/// Whether `text` matches `expression`, compiled once into `cell`. One that does not compile
/// (a test proves each does) judges nothing rather than panicking.
fn test(cell: &'static OnceLock<Option<Regex>>, expression: &str, text: &str) -> bool {
    cell.get_or_init(|| Regex::new(expression).ok())
        .as_ref()
        .is_none_or(|regex| regex.is_match(text))
}

/// `test` with a cell of its own for each call site.
macro_rules! matches {
    ($expression:expr, $text:expr) => {{
        static CELL: OnceLock<Option<Regex>> = OnceLock::new();
        test(&CELL, $expression, $text)
    }};
}

/// Whether the string `text` has `format`.
pub fn valid(format: Format, text: &str) -> bool {
    match format {
        Format::Asn => matches!(ASN, text),
        // Carried by numbers only (the generator refuses it on a string shape), and Ajv checks a
        // string format on strings only.
        Format::DateTime => true,
        Format::Email => matches!(EMAIL, text),
        Format::Hostname => matches!(HOSTNAME_LENGTH, text) && matches!(HOSTNAME, text),
        Format::Ip => matches!(NODE_IPV4, text) || matches!(NODE_IPV6, text),
        Format::IpCidr => matches!(IPV4_CIDR, text) || matches!(IPV6_CIDR, text),
        Format::Ipv4 => matches!(IPV4, text),
        Format::Ipv6 => matches!(IPV6, text),
        Format::Uri => text.contains(['/', ':']) && matches!(URI, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_expression_compiles() {
        for expression in [
            IPV4,
            IPV6,
            EMAIL,
            HOSTNAME_LENGTH,
            HOSTNAME,
            URI,
            IPV4_CIDR,
            IPV6_CIDR,
            ASN,
            NODE_IPV4,
            NODE_IPV6,
        ] {
            assert!(Regex::new(expression).is_ok(), "{expression}");
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
