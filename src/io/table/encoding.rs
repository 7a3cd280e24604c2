//! Text encodings: UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252.

use std::borrow::Cow;

use super::builder::Encoding;

/// The bytes as UTF-8 (where the encoding allows) and the name of the encoding used.
pub(super) fn decode(bytes: &[u8], encoding: Encoding) -> (Cow<'_, [u8]>, &'static str) {
    let utf16 = |enc: &'static encoding_rs::Encoding, rest: &[u8], name| {
        let (text, _) = enc.decode_without_bom_handling(rest);
        (Cow::Owned(text.into_owned().into_bytes()), name)
    };
    let win = |b: &[u8]| {
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(b);
        (Cow::Owned(text.into_owned().into_bytes()), "windows-1252")
    };
    match encoding {
        Encoding::Auto => {
            if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
                (Cow::Borrowed(rest), "UTF-8 (BOM)")
            } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
                utf16(encoding_rs::UTF_16LE, rest, "UTF-16LE")
            } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
                utf16(encoding_rs::UTF_16BE, rest, "UTF-16BE")
            } else if std::str::from_utf8(bytes).is_ok() {
                (Cow::Borrowed(bytes), "UTF-8")
            } else {
                win(bytes)
            }
        }
        Encoding::Utf8 => (
            Cow::Borrowed(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)),
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
        assert_eq!((&*t, n), (&b"ab"[..], "UTF-16LE"));
        let (t, n) = decode(b"\xFE\xFF\x00a", Encoding::Auto);
        assert_eq!((&*t, n), (&b"a"[..], "UTF-16BE"));
        let (t, n) = decode(b"Caf\xE9", Encoding::Auto);
        assert_eq!(
            (std::str::from_utf8(&t).unwrap(), n),
            ("Café", "windows-1252")
        );
        assert_eq!(decode("Café".as_bytes(), Encoding::Auto).1, "UTF-8");
    }
}
