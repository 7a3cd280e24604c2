//! `str::trim` for cells and ids read per row: most cells start and end with a visible ASCII
//! byte, and for those trimming is two byte tests instead of a scan of Unicode white space.

/// `s.trim()`, with the common case (both ends visible ASCII, `!`..=`~`) answered from two
/// bytes.
#[inline]
pub(crate) fn trim(s: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|&b| (b'!'..=b'~').contains(&b));
    let bytes = s.as_bytes();
    if visible(bytes.first()) && visible(bytes.last()) {
        s
    } else {
        s.trim()
    }
}

#[cfg(test)]
mod tests {
    use super::trim;

    #[test]
    fn agrees_with_str_trim() {
        for s in [
            "",
            " ",
            "a",
            " a ",
            "a b",
            "\u{a0}x\u{a0}",
            "x\u{2003}",
            "\u{85}",
            "\tF01\r",
            "ä",
            "é ",
            "~!",
            "\u{7f}x",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }
}
