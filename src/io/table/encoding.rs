//! Text encodings: UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252.

use std::borrow::Cow;

use super::builder::Encoding;

/// A file's bytes after decoding: text when the whole is UTF-8 (checked, or decoded from
/// another encoding), else the bytes as they are (UTF-8 stated or after a UTF-8 byte-order
/// mark, with a byte that is not). The reader checks a line as text only when the whole is
/// not text.
pub(super) enum Decoded<'a> {
    Text(Cow<'a, str>),
    Bytes(&'a [u8]),
}

impl Decoded<'_> {
    pub(super) fn bytes(&self) -> &[u8] {
        match self {
            Decoded::Text(t) => t.as_bytes(),
            Decoded::Bytes(b) => b,
        }
    }

    pub(super) fn text(&self) -> Option<&str> {
        match self {
            Decoded::Text(t) => Some(t),
            Decoded::Bytes(_) => None,
        }
    }
}

/// The bytes as UTF-8 (where the encoding allows) and the name of the encoding used.
pub(super) fn decode(bytes: &[u8], encoding: Encoding) -> (Decoded<'_>, &'static str) {
    let utf16 = |enc: &'static encoding_rs::Encoding, rest: &[u8], name| {
        let (text, _) = enc.decode_without_bom_handling(rest);
        (Decoded::Text(Cow::Owned(text.into_owned())), name)
    };
    let win = |b: &[u8]| {
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(b);
        (Decoded::Text(Cow::Owned(text.into_owned())), "windows-1252")
    };
    // UTF-8 by the caller's word or a byte-order mark: text if it is, bytes if not.
    let utf8 = |b| match std::str::from_utf8(b) {
        Ok(t) => Decoded::Text(Cow::Borrowed(t)),
        Err(_) => Decoded::Bytes(b),
    };
    match encoding {
        Encoding::Auto => {
            if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
                (utf8(rest), "UTF-8 (BOM)")
            } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
                utf16(encoding_rs::UTF_16LE, rest, "UTF-16LE")
            } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
                utf16(encoding_rs::UTF_16BE, rest, "UTF-16BE")
            } else if let Ok(t) = std::str::from_utf8(bytes) {
                (Decoded::Text(Cow::Borrowed(t)), "UTF-8")
            } else {
                win(bytes)
            }
        }
        Encoding::Utf8 => (
            utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)),
            "UTF-8",
        ),
        Encoding::Utf16Le => utf16(
            encoding_rs::UTF_16LE,
            bytes.strip_prefix(b"\xFF\xFE").unwrap_or(bytes),
            "UTF-16LE",
        ),
        Encoding::Utf16Be => utf16(
            encoding_rs::UTF_16BE,
            bytes.strip_prefix(b"\xFE\xFF").unwrap_or(bytes),
            "UTF-16BE",
        ),
        Encoding::Windows1252 => win(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_detects() {
        assert_eq!(decode(b"\xEF\xBB\xBFa", Encoding::Auto).1, "UTF-8 (BOM)");
        let (t, n) = decode(b"\xFF\xFEa\x00b\x00", Encoding::Auto);
        assert_eq!((t.bytes(), n), (&b"ab"[..], "UTF-16LE"));
        let (t, n) = decode(b"\xFE\xFF\x00a", Encoding::Auto);
        assert_eq!((t.bytes(), n), (&b"a"[..], "UTF-16BE"));
        let (t, n) = decode(b"Caf\xE9", Encoding::Auto);
        assert_eq!((t.text(), n), (Some("Café"), "windows-1252"));
        assert_eq!(decode("Café".as_bytes(), Encoding::Auto).1, "UTF-8");
    }

    /// Text when the whole is UTF-8, the bytes when UTF-8 is stated (or marked) and a byte
    /// is not.
    #[test]
    fn says_whether_the_whole_is_text() {
        let (t, _) = decode(b"\xEF\xBB\xBFa\xff", Encoding::Auto);
        assert_eq!((t.text(), t.bytes()), (None, &b"a\xff"[..]));
        let (t, _) = decode(b"a\xff", Encoding::Utf8);
        assert_eq!((t.text(), t.bytes()), (None, &b"a\xff"[..]));
        let (t, _) = decode("\u{feff}é".as_bytes(), Encoding::Utf8);
        assert_eq!(t.text(), Some("é"));
    }
}
