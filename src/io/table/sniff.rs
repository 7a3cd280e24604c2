//! Delimiter sniffing among `,` `;` tab `|`.

/// The candidates, in order of preference on a tie.
pub(super) const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The delimiter of the table starting at `data` (its first line is the header): the
/// candidate that appears on the header line and the same number of times on most of the
/// following lines (counted outside double quotes); `,` when none appears.
pub(super) fn sniff(data: &[u8]) -> u8 {
    let lines: Vec<&[u8]> = data
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .take(30)
        .collect();
    let Some((header, rest)) = lines.split_first() else {
        return b',';
    };
    let mut best = (b',', 0usize, 0usize);
    for c in CANDIDATES {
        let in_header = count_outside_quotes(header, c);
        if in_header == 0 {
            continue;
        }
        let agree = rest
            .iter()
            .filter(|l| count_outside_quotes(l, c) == in_header)
            .count();
        if (agree, in_header) > (best.1, best.2) {
            best = (c, agree, in_header);
        }
    }
    best.0
}

fn count_outside_quotes(line: &[u8], c: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if b == c && !quoted {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs() {
        assert_eq!(sniff(b"a;b;c\n1;2,5;3\n4;5;6\n"), b';');
        assert_eq!(sniff(b"a,b,c\n\"1;2\",2,3\n"), b',');
        assert_eq!(sniff(b"a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff(b"a|b\n1|2\n"), b'|');
        assert_eq!(sniff(b"single\n1\n"), b',');
        assert_eq!(sniff(b""), b',');
    }
}
