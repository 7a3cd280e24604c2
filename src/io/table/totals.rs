//! Totals rows as publishers label them, in the languages of the files people bring: a row
//! whose label cell *is* one of these words is a total of the rows above it, never a facility.
//!
//! A label is matched as a whole cell (trimmed, case and inner spacing ignored, a trailing
//! `:` dropped), never as a part of one: `Totalville`, `Summerhill` or `Allerton` are
//! facilities.

/// The labels, lower case, single-spaced. Why each is here: the words a statistics office
/// prints at the foot of a table (English, Italian, French, Spanish, Portuguese, German,
/// Dutch, the Nordic languages, Polish, Russian), and the qualified English forms seen on
/// state and national tables.
const LABELS: &[&str] = &[
    // English
    "total",
    "totals",
    "grand total",
    "grand totals",
    "sum",
    "subtotal",
    "sub-total",
    "sub total",
    "overall total",
    "state total",
    "national total",
    "system total",
    "federal total",
    "regional total",
    "all",
    "all prisons",
    "all facilities",
    "all institutions",
    "all establishments",
    // Italian
    "totale",
    "totali",
    "totale generale",
    "totale complessivo",
    "complessivo",
    // French
    "total général",
    "total general",
    "ensemble",
    // Spanish and Portuguese
    "total geral",
    "suma",
    "suma total",
    "totales",
    // German
    "gesamt",
    "insgesamt",
    "summe",
    "gesamtsumme",
    // Dutch
    "totaal",
    "generaal totaal",
    // Nordic
    "totalt",
    "summa",
    "i alt",
    "yhteensä",
    // Polish
    "razem",
    "ogółem",
    // Russian
    "итого",
    "всего",
    "общий итог",
];

/// Whether a cell's text is a totals label (`Total`, `Grand Total`, `Totale generale`,
/// `Total général`, `Insgesamt`, `Totaal`, `Итого` …), as a whole cell. Called on every row's
/// id: it compares word by word and allocates nothing.
pub(crate) fn is_totals_label(cell: &str) -> bool {
    let t = crate::model::trim::trim(cell);
    let t = t.strip_suffix(':').unwrap_or(t).trim_end();
    // Cheap refusal first: every label is under 40 bytes.
    if t.is_empty() || t.len() > 40 {
        return false;
    }
    if !may_start_a_label(t) {
        return false;
    }
    LABELS.iter().any(|label| same_words(t, label))
}

/// `false` when no label can match `t` by its first two bytes alone — two ASCII letters or
/// digits that, lowered, begin no label (`F0…`, `HM…`): an id, first seen, is refused in a
/// few compares instead of word by word against every label. When `t` does not begin with
/// two ASCII letters or digits (white space or a non-ASCII character second, a one-letter
/// word) the answer is `true` and the full comparison decides.
fn may_start_a_label(t: &str) -> bool {
    let (Some(&a), Some(&b)) = (t.as_bytes().first(), t.as_bytes().get(1)) else {
        return true;
    };
    if !(a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric()) {
        return true;
    }
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    // A matching label's first word is the cell's in any case: its first two characters are
    // these two ASCII bytes lowered (an ASCII character lowers only to its ASCII lower case).
    LABELS
        .iter()
        .any(|label| label.as_bytes().get(..2) == Some(&[a, b][..]))
}

/// The cell's words (any white space between them) are the label's, ignoring case.
fn same_words(cell: &str, label: &str) -> bool {
    let mut a = cell.split_whitespace();
    let mut b = label.split(' ');
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if same_word(x, y) => {}
            _ => return false,
        }
    }
}

/// `word` is the lower-case `label` in any case (ASCII without a lowered copy).
fn same_word(word: &str, label: &str) -> bool {
    if word.is_ascii() {
        word.eq_ignore_ascii_case(label)
    } else {
        word.chars().flat_map(char::to_lowercase).eq(label.chars())
    }
}

#[cfg(test)]
mod tests {
    use super::is_totals_label;

    #[test]
    fn published_words_are_totals_in_any_case_and_spacing() {
        for label in [
            "Total",
            "TOTAL",
            " Totals ",
            "Grand Total",
            "Grand  total",
            "Sum",
            "State total",
            "All prisons",
            "Totale",
            "Totale generale",
            "Total général",
            "TOTAL GÉNÉRAL",
            "Gesamt",
            "Insgesamt",
            "Summe",
            "Totaal",
            "Total geral",
            "Итого",
            "ИТОГО",
            "Всего:",
            "Total:",
        ] {
            assert!(is_totals_label(label), "{label:?}");
        }
    }

    /// The first-two-bytes refusal never refuses a cell the word-by-word comparison takes:
    /// every label in three casings, with a colon, spaced, and ids of every shape.
    #[test]
    fn the_quick_refusal_refuses_no_label() {
        for label in super::LABELS {
            let upper = label.to_uppercase();
            let title: String = label
                .split(' ')
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect::<String>())
                        .unwrap_or_default()
                })
                .collect::<Vec<_>>()
                .join("  ");
            for cell in [label.to_string(), upper, title, format!(" {label}: ")] {
                assert!(
                    super::may_start_a_label(
                        crate::model::trim::trim(&cell)
                            .strip_suffix(':')
                            .unwrap_or(crate::model::trim::trim(&cell))
                            .trim_end()
                    ),
                    "{cell:?}"
                );
                assert!(is_totals_label(&cell), "{cell:?}");
            }
        }
        for id in [
            "F00001",
            "HMP Leeds",
            "A",
            "7",
            "Ta",
            "i\u{a0}alt",
            "I\talt",
            "ВСЕГО",
        ] {
            let t = crate::model::trim::trim(id);
            let full = super::LABELS.iter().any(|l| super::same_words(t, l));
            assert!(!full || super::may_start_a_label(t), "{id:?}");
        }
        assert!(!super::may_start_a_label("F00001"));
        assert!(
            is_totals_label("I\talt") && is_totals_label("i\u{a0}alt") && is_totals_label("ВСЕГО")
        );
    }

    #[test]
    fn a_word_inside_an_id_is_not_a_total() {
        for id in [
            "Totton",
            "Totalville",
            "Total Wellbeing Centre",
            "Summerhill",
            "Allerton",
            "Hall",
            "Sumter",
            "Gesamtschule Nord",
            "HMP Total",
            "\u{feff}Total",
            "",
        ] {
            assert!(!is_totals_label(id), "{id:?}");
        }
    }
}
